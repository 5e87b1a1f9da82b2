"use client";
/** A grid of 28×28 digits on one canvas (pixels 0…1 or 0…255), scaled up without smoothing. */
import { forwardRef, useImperativeHandle, useRef } from "react";

const SIDE = 28;

export interface DigitGridHandle {
  /** Draws n digits (n × 784 values; Uint8Array as 0–255, floats as 0–1). */
  draw(images: ArrayLike<number>, n: number, labels?: ArrayLike<number>): void;
}

export const DigitGrid = forwardRef<DigitGridHandle, { columns: number; rows: number; label: string; scale?: number }>(function DigitGrid(
  { columns, rows, label, scale = 2 },
  ref,
) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const gap = 2;
  const width = columns * (SIDE + gap) - gap;
  const height = rows * (SIDE + gap) - gap;
  useImperativeHandle(
    ref,
    () => ({
      draw(images, n, labels) {
        const ctx = canvas.current?.getContext("2d");
        if (!ctx) return;
        const bytes = images instanceof Uint8Array;
        const picture = ctx.createImageData(width, height);
        picture.data.fill(255); // white gaps
        for (let k = 0; k < Math.min(n, columns * rows); k++) {
          const ox = (k % columns) * (SIDE + gap);
          const oy = Math.floor(k / columns) * (SIDE + gap);
          for (let p = 0; p < SIDE * SIDE; p++) {
            const raw = images[k * SIDE * SIDE + p];
            const ink = Math.max(0, Math.min(255, Math.round(bytes ? raw : raw * 255)));
            const at = 4 * ((oy + Math.floor(p / SIDE)) * width + ox + (p % SIDE));
            // Ink is dark on a light background, like a page.
            picture.data[at] = picture.data[at + 1] = picture.data[at + 2] = 255 - ink;
          }
        }
        ctx.putImageData(picture, 0, 0);
        canvas.current!.setAttribute("aria-label", labels ? `${label}; labels ${Array.from(labels).slice(0, n).join(", ")}` : label);
      },
    }),
    [columns, rows, width, height, label],
  );
  return (
    <canvas
      ref={canvas}
      width={width}
      height={height}
      role="img"
      aria-label={label}
      className="max-w-full rounded border border-line"
      style={{ width: width * scale, imageRendering: "pixelated" }}
    />
  );
});
