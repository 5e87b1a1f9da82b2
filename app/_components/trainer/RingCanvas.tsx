"use client";
import { forwardRef, useImperativeHandle, useRef } from "react";
import { chartColours } from "@/app/_components/chart-colours";

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
          // D(x) near 1 ("real") in green, near 0 ("fake") in purple, 0.5 clear: the surface shows through.
          const d = heat[i];
          const [r, g, b] = d >= 0.5 ? [34, 197, 94] : [168, 85, 247];
          image.data[4 * i] = r;
          image.data[4 * i + 1] = g;
          image.data[4 * i + 2] = b;
          image.data[4 * i + 3] = 110 * Math.abs(d - 0.5) * 2;
        }
        hctx.putImageData(image, 0, 0);
        ctx.imageSmoothingEnabled = true;
        ctx.drawImage(hc, 0, 0, size, size);
      }
      const dots = (points: Float32Array, colour: string, alpha: number, radius: number) => {
        ctx.globalAlpha = alpha;
        ctx.fillStyle = colour;
        for (let i = 0; i < points.length; i += 2) {
          const [px, py] = toPx(points[i], points[i + 1]);
          if (px < -4 || py < -4 || px > size + 4 || py > size + 4) continue;
          ctx.fillRect(px - radius, py - radius, 2 * radius, 2 * radius);
        }
      };
      dots(real, chartColours().ink, 0.55, 1.5);
      dots(fake, "#ea580c", 0.85, 1.5);
      ctx.globalAlpha = 1;
    },
  }));

  return (
    <canvas
      ref={canvas}
      width={size}
      height={size}
      className="aspect-square w-full max-w-[480px] rounded-lg border border-line bg-white"
      role="img"
      aria-label="Scatter plot: real ring samples in grey, generated samples in orange, over the discriminator's output (green: judged real, purple: judged fake)"
    />
  );
});
