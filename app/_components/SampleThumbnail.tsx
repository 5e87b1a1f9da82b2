"use client";
import { useEffect, useRef } from "react";
import { ringCentres } from "@/lib/ml/datasets/ring";

/** Fixed view window: the ring (radius 2) plus margin, so thumbnails are comparable side by side. */
const EXTENT = 3;
const CENTRES = ringCentres();
const COLORS = {
  background: "#ffffff",
  axis: "#e2e8f0", // slate-200
  centre: "rgba(100, 116, 139, 0.45)", // slate-500, faint
  point: "rgba(79, 70, 229, 0.55)", // brand indigo
};

export type SamplePoints = ReadonlyArray<readonly [number, number]> | Float32Array;

/** Reads a leaderboard `preview` (JSON: [[x, y], …]) defensively; anything malformed becomes []. */
export function parsePreview(preview: unknown): [number, number][] {
  if (!Array.isArray(preview)) return [];
  const out: [number, number][] = [];
  for (const p of preview) {
    if (Array.isArray(p) && typeof p[0] === "number" && typeof p[1] === "number" && Number.isFinite(p[0]) && Number.isFinite(p[1])) {
      out.push([p[0], p[1]]);
    }
  }
  return out;
}

function pointCount(points: SamplePoints) {
  return points instanceof Float32Array ? points.length / 2 : points.length;
}

/**
 * A scatter plot of 2-D samples on [-3, 3]², with the 8 ring centres drawn faintly for reference.
 * `points` is pairs or an interleaved Float32Array [x0, y0, x1, y1, …].
 */
export function SampleThumbnail({
  points,
  size = 72,
  label,
  className = "",
}: {
  points: SamplePoints;
  size?: number;
  label?: string;
  className?: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(size * dpr);
    canvas.height = Math.round(size * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);

    const scale = size / (2 * EXTENT);
    const px = (x: number) => (x + EXTENT) * scale;
    const py = (y: number) => (EXTENT - y) * scale; // y grows upwards

    ctx.fillStyle = COLORS.background;
    ctx.fillRect(0, 0, size, size);

    ctx.strokeStyle = COLORS.axis;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(px(0), 0);
    ctx.lineTo(px(0), size);
    ctx.moveTo(0, py(0));
    ctx.lineTo(size, py(0));
    ctx.stroke();

    const ringRadius = Math.max(2, size / 30);
    ctx.strokeStyle = COLORS.centre;
    for (const [cx, cy] of CENTRES) {
      ctx.beginPath();
      ctx.arc(px(cx), py(cy), ringRadius, 0, 2 * Math.PI);
      ctx.stroke();
    }

    const dot = Math.max(1, size / 80);
    ctx.fillStyle = COLORS.point;
    const n = pointCount(points);
    for (let i = 0; i < n; i++) {
      const x = points instanceof Float32Array ? points[2 * i] : points[i][0];
      const y = points instanceof Float32Array ? points[2 * i + 1] : points[i][1];
      if (Math.abs(x) > EXTENT || Math.abs(y) > EXTENT) continue;
      ctx.fillRect(px(x) - dot / 2, py(y) - dot / 2, dot, dot);
    }
  }, [points, size]);

  const n = pointCount(points);
  return (
    <canvas
      ref={ref}
      role="img"
      aria-label={label ?? (n > 0 ? `Scatter plot of ${n} samples` : "No samples to show")}
      style={{ width: size, height: size }}
      className={`block rounded border border-line ${className}`}
    />
  );
}
