"use client";
import { forwardRef, useImperativeHandle, useRef } from "react";

/** World coordinates shown: the ring has radius 2, so ±3 leaves a margin for stray samples. */
export const VIEW_EXTENT = 3;
export const HEATMAP_RESOLUTION = 48;

export interface RingCanvasHandle {
  draw(frame: { real: Float32Array; fake: Float32Array; heat: Float32Array | null }): void;
}

/**
 * Real vs generated points over the discriminator's output D(x) as a heat map. Drawn
 * imperatively from the training loop (no React re-render per frame).
 */
export const RingCanvas = forwardRef<RingCanvasHandle, { size?: number }>(function RingCanvas({ size = 480 }, ref) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const heatCanvas = useRef<HTMLCanvasElement | null>(null);

  useImperativeHandle(ref, () => ({
    draw({ real, fake, heat }) {
      const ctx = canvas.current?.getContext("2d");
      if (!ctx) return;
      const scale = size / (2 * VIEW_EXTENT);
      const toPx = (x: number, y: number): [number, number] => [(x + VIEW_EXTENT) * scale, (VIEW_EXTENT - y) * scale];
      ctx.clearRect(0, 0, size, size);
      if (heat) {
        heatCanvas.current ??= document.createElement("canvas");
        const hc = heatCanvas.current;
        hc.width = HEATMAP_RESOLUTION;
        hc.height = HEATMAP_RESOLUTION;
        const hctx = hc.getContext("2d")!;
        const image = hctx.createImageData(HEATMAP_RESOLUTION, HEATMAP_RESOLUTION);
        for (let i = 0; i < heat.length; i++) {
          // D(x) near 1 ("real") in green, near 0 ("fake") in purple, 0.5 white.
          const d = heat[i];
          const t = Math.abs(d - 0.5) * 2;
          const [r, g, b] = d >= 0.5 ? [34, 197, 94] : [168, 85, 247];
          image.data[4 * i] = 255 + (r - 255) * t;
          image.data[4 * i + 1] = 255 + (g - 255) * t;
          image.data[4 * i + 2] = 255 + (b - 255) * t;
          image.data[4 * i + 3] = 110;
        }
        hctx.putImageData(image, 0, 0);
        ctx.imageSmoothingEnabled = true;
        ctx.drawImage(hc, 0, 0, size, size);
      }
      const dots = (points: Float32Array, colour: string, radius: number) => {
        ctx.fillStyle = colour;
        for (let i = 0; i < points.length; i += 2) {
          const [px, py] = toPx(points[i], points[i + 1]);
          if (px < -4 || py < -4 || px > size + 4 || py > size + 4) continue;
          ctx.fillRect(px - radius, py - radius, 2 * radius, 2 * radius);
        }
      };
      dots(real, "rgba(15, 23, 42, 0.55)", 1.5);
      dots(fake, "rgba(234, 88, 12, 0.85)", 1.5);
    },
  }));

  return (
    <canvas
      ref={canvas}
      width={size}
      height={size}
      className="aspect-square w-full max-w-[480px] rounded-lg border border-line bg-white"
      role="img"
      aria-label="Scatter plot: real ring samples in dark grey, generated samples in orange, over the discriminator's output (green: judged real, purple: judged fake)"
    />
  );
});
