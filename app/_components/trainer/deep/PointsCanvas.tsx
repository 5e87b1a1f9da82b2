"use client";
/** Layers of 2-D points (and an optional caption) in a fixed window, redrawn imperatively. */
import { forwardRef, useImperativeHandle, useRef } from "react";
import { chartColours } from "@/app/_components/chart-colours";

export interface PointLayer {
  /** Interleaved x, y. */
  points: ArrayLike<number>;
  color: string;
  radius?: number;
}
export interface PointsView {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}
/** A resolution × resolution grid of non-negative values over the view, row 0 at the top (an image). */
export interface HeatLayer {
  values: ArrayLike<number>;
  resolution: number;
}
export interface PointsCanvasHandle {
  draw(layers: PointLayer[], caption?: string, heat?: HeatLayer): void;
}

export const PointsCanvas = forwardRef<PointsCanvasHandle, { view: PointsView; label: string; size?: number }>(function PointsCanvas(
  { view, label, size = 360 },
  ref,
) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useImperativeHandle(
    ref,
    () => ({
      draw(layers, caption, heat) {
        const c = canvas.current;
        const ctx = c?.getContext("2d");
        if (!c || !ctx) return;
        const dpr = window.devicePixelRatio || 1;
        if (c.width !== Math.round(size * dpr)) {
          c.width = Math.round(size * dpr);
          c.height = Math.round(size * dpr);
        }
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        const colours = chartColours();
        ctx.fillStyle = colours.surface;
        ctx.fillRect(0, 0, size, size);
        if (heat) {
          // Shade by value relative to the maximum: from the surface to indigo.
          let max = 0;
          for (let i = 0; i < heat.values.length; i++) max = Math.max(max, heat.values[i]);
          const cell = size / heat.resolution;
          for (let r = 0; r < heat.resolution; r++)
            for (let col = 0; col < heat.resolution; col++) {
              const v = max > 0 ? heat.values[r * heat.resolution + col] / max : 0;
              ctx.globalAlpha = 0.85 * Math.sqrt(v);
              ctx.fillStyle = colours.accent;
              ctx.fillRect(col * cell, r * cell, cell + 0.5, cell + 0.5);
            }
          ctx.globalAlpha = 1;
        }
        const px = (x: number) => ((x - view.xMin) / (view.xMax - view.xMin)) * size;
        const py = (y: number) => ((view.yMax - y) / (view.yMax - view.yMin)) * size;
        ctx.strokeStyle = colours.grid;
        ctx.beginPath();
        ctx.moveTo(px(0), 0);
        ctx.lineTo(px(0), size);
        ctx.moveTo(0, py(0));
        ctx.lineTo(size, py(0));
        ctx.stroke();
        for (const layer of layers) {
          ctx.fillStyle = layer.color;
          const r = layer.radius ?? 1.5;
          for (let i = 0; i + 1 < layer.points.length; i += 2) ctx.fillRect(px(layer.points[i]) - r / 2, py(layer.points[i + 1]) - r / 2, r, r);
        }
        if (caption) {
          ctx.fillStyle = colours.label;
          ctx.font = "12px system-ui, sans-serif";
          ctx.fillText(caption, 8, 16);
        }
        c.setAttribute("aria-label", caption ? `${label} (${caption})` : label);
      },
    }),
    [view, label, size],
  );
  return <canvas ref={canvas} role="img" aria-label={label} className="max-w-full rounded border border-line" style={{ width: size, height: size }} />;
});
