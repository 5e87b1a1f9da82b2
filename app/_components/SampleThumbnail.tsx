"use client";
import { useEffect, useRef } from "react";
import { useChartColours } from "@/app/_components/chart-colours";
import { base64ToBytes } from "@/lib/ml/datasets/digits";
import { ringCentres } from "@/lib/ml/datasets/ring";

/** A fixed view window, so thumbnails of one exercise are comparable side by side. */
export interface View {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** Faint reference circles (the ring's mode centres for gan-ring). */
  centres?: ReadonlyArray<readonly [number, number]>;
}
/** The ring (radius 2) plus margin, with its 8 centres. */
const RING_VIEW: View = { xMin: -3, xMax: 3, yMin: -3, yMax: 3, centres: ringCentres() };

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
 * A scatter plot of 2-D samples in a fixed window (default: [-3, 3]² with the 8 ring centres drawn
 * faintly for reference). `points` is pairs or an interleaved Float32Array [x0, y0, x1, y1, …].
 */
export function SampleThumbnail({
  points,
  size = 72,
  label,
  className = "",
  view = RING_VIEW,
}: {
  points: SamplePoints;
  size?: number;
  view?: View;
  label?: string;
  className?: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const colours = useChartColours();

  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx || !colours) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(size * dpr);
    canvas.height = Math.round(size * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);

    const { xMin, xMax, yMin, yMax } = view;
    const px = (x: number) => ((x - xMin) / (xMax - xMin)) * size;
    const py = (y: number) => ((yMax - y) / (yMax - yMin)) * size; // y grows upwards

    ctx.fillStyle = colours.surface;
    ctx.fillRect(0, 0, size, size);

    ctx.strokeStyle = colours.grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(px(0), 0);
    ctx.lineTo(px(0), size);
    ctx.moveTo(0, py(0));
    ctx.lineTo(size, py(0));
    ctx.stroke();

    const ringRadius = Math.max(2, size / 30);
    ctx.strokeStyle = colours.axis;
    for (const [cx, cy] of view.centres ?? []) {
      ctx.beginPath();
      ctx.arc(px(cx), py(cy), ringRadius, 0, 2 * Math.PI);
      ctx.stroke();
    }

    const dot = Math.max(1, size / 80);
    ctx.globalAlpha = 0.55;
    ctx.fillStyle = colours.accent;
    const n = pointCount(points);
    for (let i = 0; i < n; i++) {
      const x = points instanceof Float32Array ? points[2 * i] : points[i][0];
      const y = points instanceof Float32Array ? points[2 * i + 1] : points[i][1];
      if (x < xMin || x > xMax || y < yMin || y > yMax) continue;
      ctx.fillRect(px(x) - dot / 2, py(y) - dot / 2, dot, dot);
    }
    ctx.globalAlpha = 1;
  }, [points, size, view, colours]);

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

/** Fixed scatter windows for the exercises whose samples are 2-D points; others are drawn in [−3, 3]². */
const POINT_VIEWS: Record<string, View> = {
  "gan-ring": RING_VIEW,
  // The banana (σx = 2, curvature 0.5, σy = 1): x within ±3.5σx, y from below its bend (−2 − 2σy) up the arms.
  "metropolis-2d": { xMin: -7, xMax: 7, yMin: -4, yMax: 10 },
  // The swiss roll scaled by 1/5 (lib/ml/datasets/toy2d.ts) spans about [−2.2, 2.6]².
  "diffusion-2d": { xMin: -3, xMax: 3, yMin: -3, yMax: 3 },
  // Two moons: x in about [−1.3, 2.3], y in [−0.8, 1.3].
  "flow-moons": { xMin: -1.7, xMax: 2.7, yMin: -1.7, yMax: 2.7 },
};

const PLAIN_VIEW: View = { xMin: -3, xMax: 3, yMin: -3, yMax: 3 };

/** The window an exercise's 2-D samples are drawn in (live grid tiles and leaderboard thumbnails alike). */
export function pointView(exerciseSlug: string): View {
  return Object.hasOwn(POINT_VIEWS, exerciseSlug) ? POINT_VIEWS[exerciseSlug] : PLAIN_VIEW;
}

const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isVec = (v: unknown): v is number[] => Array.isArray(v) && v.every(isNum);
const isMat = (v: unknown): v is number[][] => Array.isArray(v) && v.every(isVec);
const rec = (v: unknown): Record<string, unknown> | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const fmt = (v: number, digits = 3) => (Math.abs(v) >= 1000 ? v.toFixed(0) : Number(v.toPrecision(digits)).toString());

/** Small bars (histogram or distribution), one per value; `title` lists them for screen readers. */
function MiniBars({ values, label, width = 72, height = 40 }: { values: number[]; label: string; width?: number; height?: number }) {
  const max = Math.max(...values, 0) || 1;
  const w = width / Math.max(values.length, 1);
  return (
    <svg role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="block rounded border border-line bg-white">
      <title>{label}</title>
      {values.map((v, i) => {
        const h = (v / max) * (height - 2);
        return <rect key={i} x={i * w + 0.5} y={height - h} width={Math.max(w - 1, 0.5)} height={h} className="fill-brand-600" fillOpacity={0.7} />;
      })}
    </svg>
  );
}

function TextPreview({ lines, label }: { lines: string[]; label: string }) {
  return (
    <div className="max-w-[14rem] font-mono text-[11px] leading-tight text-slate-700">
      <span className="sr-only">{label}</span>
      {lines.map((l, i) => (
        <div key={i} aria-hidden className="truncate" title={l}>
          {l}
        </div>
      ))}
    </div>
  );
}

/** A 4 × 4 block of submitted digits, from the preview's base64 pixels. */
function DigitsThumbnail({ data, count, labels, label, size }: { data: string; count: number; labels?: number[]; label: string; size: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext("2d");
    const pixels = base64ToBytes(data);
    if (!ctx || !pixels) return;
    const side = 28;
    const columns = Math.ceil(Math.sqrt(count));
    const picture = ctx.createImageData(columns * side, columns * side);
    picture.data.fill(255);
    for (let k = 0; k < count && (k + 1) * side * side <= pixels.length; k++) {
      const ox = (k % columns) * side;
      const oy = Math.floor(k / columns) * side;
      for (let p = 0; p < side * side; p++) {
        const at = 4 * ((oy + Math.floor(p / side)) * columns * side + ox + (p % side));
        picture.data[at] = picture.data[at + 1] = picture.data[at + 2] = 255 - pixels[k * side * side + p];
      }
    }
    ctx.putImageData(picture, 0, 0);
  }, [data, count]);
  const columns = Math.ceil(Math.sqrt(count));
  return (
    <canvas
      ref={ref}
      width={columns * 28}
      height={columns * 28}
      role="img"
      aria-label={labels ? `${label}; generated for labels ${labels.join(", ")}` : label}
      className="block rounded border border-line"
      style={{ width: size, height: size, imageRendering: "pixelated" }}
    />
  );
}

/**
 * The leaderboard's preview column: picks a picture from the preview's shape (as returned by each
 * exercise's `preview(...)`), never from the slug, except for the 2-D scatter's fixed window.
 */
export function PreviewThumbnail({ preview, exerciseSlug, who, size = 56 }: { preview: unknown; exerciseSlug: string; who: string; size?: number }) {
  const o = rec(preview);
  // [[x, y], …]: 2-D samples (gan-ring, metropolis-2d).
  if (Array.isArray(preview)) {
    const points = parsePreview(preview);
    return (
      <SampleThumbnail points={points} size={size} view={pointView(exerciseSlug)} label={`Scatter plot of ${points.length} samples submitted by ${who}`} />
    );
  }
  if (!o) return <span className="text-xs text-muted">—</span>;
  // {digits: {count, data}, labels?}: the first submitted images (the digit exercises).
  const digits = rec(o.digits);
  if (digits && typeof digits.data === "string" && isNum(digits.count)) {
    return (
      <DigitsThumbnail
        data={digits.data}
        count={digits.count}
        labels={isVec(o.labels) ? o.labels : undefined}
        size={size}
        label={`${digits.count} digits submitted by ${who}`}
      />
    );
  }
  // {samples: [strings]}: text sampled from a submitted language model (ar-names).
  if (Array.isArray(o.samples) && o.samples.every((v) => typeof v === "string")) {
    const samples = o.samples as string[];
    return (
      <TextPreview
        lines={[samples.slice(0, 4).join(", "), samples.slice(4, 8).join(", ")]}
        label={`Names sampled from the model of ${who}: ${samples.join(", ")}`}
      />
    );
  }
  // {min, max, bins, counts, below, above}: a histogram of 1-D samples (inverse-cdf).
  if (isVec(o.counts) && isNum(o.min) && isNum(o.max)) {
    const counts = o.counts;
    const outside = (isNum(o.below) ? o.below : 0) + (isNum(o.above) ? o.above : 0);
    return (
      <MiniBars
        values={counts}
        label={`Histogram of samples submitted by ${who} on [${fmt(o.min)}, ${fmt(o.max)}) in ${counts.length} bins${outside ? `, ${outside} outside` : ""}`}
      />
    );
  }
  // {states, counts}: how often each joint state was sampled (gibbs-bm).
  if (isMat(o.states) && isVec(o.counts)) {
    const states = o.states;
    const counts = o.counts;
    const total = counts.reduce((s, v) => s + v, 0) || 1;
    const desc = states.map((s, i) => `[${s.join(",")}] ${((100 * (counts[i] ?? 0)) / total).toFixed(1)}%`).join(", ");
    return <MiniBars values={counts} label={`State frequencies sampled by ${who}: ${desc}`} />;
  }
  // {pi}: a stationary distribution (markov-chain).
  if (isVec(o.pi)) {
    const pi = o.pi;
    return (
      <div className="flex items-center gap-2">
        <MiniBars values={pi} width={36} height={28} label={`π submitted by ${who}: ${pi.map((v) => fmt(v, 4)).join(", ")}`} />
        <span aria-hidden className="font-mono text-[11px] text-slate-700">
          {pi.map((v) => v.toFixed(3)).join(" ")}
        </span>
      </div>
    );
  }
  // {weights, means, covariances}: a Gaussian mixture (gmm-em).
  if (isVec(o.weights) && Array.isArray(o.means) && Array.isArray(o.covariances)) {
    const means = o.means.filter(isVec);
    const lines = [`K = ${o.weights.length}`, ...o.weights.map((w, k) => `${w.toFixed(2)} · (${means[k]?.map((v) => fmt(v)).join(", ") ?? "?"})`)];
    return <TextPreview lines={lines.slice(0, 5).concat(lines.length > 5 ? ["…"] : [])} label={`Gaussian mixture submitted by ${who}: ${lines.join("; ")}`} />;
  }
  // {mean, covariance}: one Gaussian (mle-gaussian).
  if (isVec(o.mean) && isMat(o.covariance)) {
    const c = o.covariance;
    const lines = [`μ (${o.mean.map((v) => fmt(v)).join(", ")})`, `Σ [${c.map((r) => r.map((v) => fmt(v)).join(" ")).join("; ")}]`];
    return <TextPreview lines={lines} label={`Gaussian submitted by ${who}: mean ${lines[0]}, covariance ${lines[1]}`} />;
  }
  // {bandwidth}: a KDE bandwidth (kde-bandwidth).
  if (isNum(o.bandwidth)) {
    return <TextPreview lines={[`h = ${fmt(o.bandwidth, 4)}`]} label={`Bandwidth submitted by ${who}: ${fmt(o.bandwidth, 4)}`} />;
  }
  // {initial, transition, emission}: a hidden Markov model (hmm-weather).
  if (isVec(o.initial) && isMat(o.transition) && isMat(o.emission)) {
    const stay = o.transition.map((row, i) => row[i] ?? 0);
    const lines = [`S = ${o.initial.length} states`, `stay ${stay.map((v) => v.toFixed(2)).join(" ")}`];
    return (
      <TextPreview
        lines={lines}
        label={`Hidden Markov model submitted by ${who}: ${o.initial.length} states, probability of staying in each state ${stay.map((v) => v.toFixed(2)).join(", ")}`}
      />
    );
  }
  return <span className="text-xs text-muted">—</span>;
}
