"use client";
/**
 * A 2-D latent map: one dot per digit at its code, coloured by its label, with a legend. The view
 * fits the codes; the aria-label summarises the range and where each label's codes are centred.
 */
import { useEffect, useMemo, useRef } from "react";
import { useChartColours } from "@/app/_components/chart-colours";

/** Ten colours that stay distinguishable side by side (Tableau 10). */
export const LABEL_COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#79706e"];

/** Room for the axis values at the bottom and on the left, in CSS pixels. */
const MARGIN = 28;

interface Bounds {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** The codes' extent, widened by 5% on each side (and to ±1 around a single point). */
function fitBounds(points: Float32Array, n: number): Bounds {
  let [xMin, xMax, yMin, yMax] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    const [x, y] = [points[2 * i], points[2 * i + 1]];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    [xMin, xMax, yMin, yMax] = [Math.min(xMin, x), Math.max(xMax, x), Math.min(yMin, y), Math.max(yMax, y)];
  }
  if (!(xMax >= xMin)) return { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
  const padX = xMax > xMin ? 0.05 * (xMax - xMin) : 1;
  const padY = yMax > yMin ? 0.05 * (yMax - yMin) : 1;
  return { xMin: xMin - padX, xMax: xMax + padX, yMin: yMin - padY, yMax: yMax + padY };
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1)).replace("-", "−");

/** "1,000 codes of validation digits; horizontal … ; label 0 centred at (…), …". */
function describe(points: Float32Array, labels: ArrayLike<number>, n: number, bounds: Bounds, title: string): string {
  const sums = Array.from({ length: LABEL_COLORS.length }, () => ({ x: 0, y: 0, count: 0 }));
  for (let i = 0; i < n; i++) {
    const s = sums[labels[i]];
    if (!s || !Number.isFinite(points[2 * i]) || !Number.isFinite(points[2 * i + 1])) continue;
    s.x += points[2 * i];
    s.y += points[2 * i + 1];
    s.count++;
  }
  const centres = sums.flatMap((s, label) => (s.count ? [`${label} centred at (${fmt(s.x / s.count)}, ${fmt(s.y / s.count)})`] : []));
  return `${title}: ${n.toLocaleString()} digits as dots coloured by label; horizontal axis ${fmt(bounds.xMin)} to ${fmt(bounds.xMax)}, vertical ${fmt(bounds.yMin)} to ${fmt(bounds.yMax)}. Labels: ${centres.join("; ")}.`;
}

export function LatentMap({
  points,
  labels,
  title,
  size = 360,
}: {
  /** n × 2 codes, row-major. */
  points: Float32Array;
  /** n labels 0–9. */
  labels: ArrayLike<number>;
  title: string;
  size?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const n = Math.min(Math.floor(points.length / 2), labels.length);
  const bounds = useMemo(() => fitBounds(points, n), [points, n]);
  const summary = useMemo(() => describe(points, labels, n, bounds, title), [points, labels, n, bounds, title]);
  const colours = useChartColours();

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext("2d");
    if (!c || !ctx || !colours) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(size * dpr);
    c.height = Math.round(size * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = colours.surface;
    ctx.fillRect(0, 0, size, size);
    const plot = size - MARGIN;
    const px = (x: number) => MARGIN + ((x - bounds.xMin) / (bounds.xMax - bounds.xMin)) * plot;
    const py = (y: number) => ((bounds.yMax - y) / (bounds.yMax - bounds.yMin)) * plot;

    // Frame, and the axes through 0 where they fall inside the view.
    ctx.strokeStyle = colours.axis;
    ctx.strokeRect(MARGIN + 0.5, 0.5, plot - 1, plot - 1);
    ctx.strokeStyle = colours.grid;
    ctx.beginPath();
    if (bounds.xMin < 0 && bounds.xMax > 0) {
      ctx.moveTo(px(0), 0);
      ctx.lineTo(px(0), plot);
    }
    if (bounds.yMin < 0 && bounds.yMax > 0) {
      ctx.moveTo(MARGIN, py(0));
      ctx.lineTo(size, py(0));
    }
    ctx.stroke();

    ctx.globalAlpha = 0.75;
    for (let i = 0; i < n; i++) {
      const [x, y] = [points[2 * i], points[2 * i + 1]];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      ctx.fillStyle = LABEL_COLORS[labels[i]] ?? colours.ink;
      ctx.beginPath();
      ctx.arc(px(x), py(y), 2.2, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.globalAlpha = 1;

    // The view's extent on each axis.
    ctx.fillStyle = colours.label;
    ctx.font = "11px system-ui, sans-serif";
    ctx.textBaseline = "top";
    ctx.textAlign = "left";
    ctx.fillText(fmt(bounds.xMin), MARGIN + 2, plot + 6);
    ctx.textAlign = "right";
    ctx.fillText(fmt(bounds.xMax), size - 2, plot + 6);
    ctx.fillText(fmt(bounds.yMax), MARGIN - 4, 2);
    ctx.textBaseline = "bottom";
    ctx.fillText(fmt(bounds.yMin), MARGIN - 4, plot - 2);
  }, [points, labels, n, bounds, size, colours]);

  return (
    <figure className="space-y-2">
      <figcaption className="text-sm font-medium">{title}</figcaption>
      <canvas ref={canvas} role="img" aria-label={summary} className="w-full rounded border border-line" style={{ maxWidth: size, aspectRatio: "1 / 1" }} />
      <ul className="flex flex-wrap gap-x-3 gap-y-1 text-xs" style={{ maxWidth: size }} aria-label="Colour of each label">
        {LABEL_COLORS.map((color, label) => (
          <li key={label} className="flex items-center gap-1">
            <span aria-hidden="true" className="inline-block h-2.5 w-2.5 rounded-full" style={{ backgroundColor: color }} />
            <span className="sr-only">digit</span> {label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
