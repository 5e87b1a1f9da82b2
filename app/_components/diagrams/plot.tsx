import { Arrow, Label, type Point } from "./primitives";

/*
 * Helpers for the diagrams that plot a function (a CDF, a density, a log-likelihood): linear scales from data
 * values to user units, curves sampled from their formula, axes with arrowheads, and dots. The curves are
 * computed, never typed in by hand, so that a picture stays exact when its numbers change.
 */

/** The linear map from data values [d0, d1] to user units [r0, r1] (r1 < r0 for a vertical axis, which grows upwards). */
export function scale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

const fmt = (v: number) => Number(v.toFixed(1));

/** SVG path data through the points. */
export function polyline(points: readonly Point[]): string {
  return points.map(([x, y], i) => `${i === 0 ? "M" : "L"}${fmt(x)},${fmt(y)}`).join(" ");
}

/** SVG path data of y = f(t) for t in [a, b], sampled at n + 1 points and mapped by the scales. */
export function curve(f: (t: number) => number, a: number, b: number, sx: (v: number) => number, sy: (v: number) => number, n = 120): string {
  return polyline(
    Array.from({ length: n + 1 }, (_, i): Point => {
      const t = a + ((b - a) * i) / n;
      return [sx(t), sy(f(t))];
    }),
  );
}

const CURVE_TONE = {
  model: "stroke-sky-700",
  plain: "stroke-slate-700",
  faint: "stroke-slate-500",
} as const;

/** A plotted curve: `model` (blue) for the distribution the figure is about, `plain` or `faint` for others. */
export function Curve({ d, tone = "plain", dashed = false, width = 2.5 }: { d: string; tone?: keyof typeof CURVE_TONE; dashed?: boolean; width?: number }) {
  return (
    <path
      d={d}
      className={`fill-none ${CURVE_TONE[tone]}`}
      strokeWidth={width}
      strokeLinejoin="round"
      strokeLinecap="round"
      strokeDasharray={dashed ? "7 5" : undefined}
    />
  );
}

/** A thin dotted guide line (an asymptote, a level, a drop to an axis). */
export function Guide({ from, to }: { from: Point; to: Point }) {
  return <path d={polyline([from, to])} className="fill-none stroke-slate-400" strokeWidth={1.5} strokeDasharray="2 4" strokeLinecap="round" />;
}

/** A horizontal and a vertical axis from `origin` to `right` and `top`, with arrowheads and optional labels at their ends. */
export function Axes({
  diagram,
  origin,
  right,
  top,
  xLabel,
  yLabel,
}: {
  diagram: string;
  origin: Point;
  /** The x coordinate where the horizontal axis ends. */
  right: number;
  /** The y coordinate where the vertical axis ends. */
  top: number;
  /** Math notation, set just right of the horizontal axis's head. */
  xLabel?: string;
  /** Math notation, set just right of the vertical axis's head. */
  yLabel?: string;
}) {
  const [x0, y0] = origin;
  return (
    <g>
      <Arrow diagram={diagram} from={origin} to={[right, y0]} />
      <Arrow diagram={diagram} from={origin} to={[x0, top]} />
      {xLabel && <Label x={right + 8} y={y0} math={xLabel} anchor="start" />}
      {yLabel && <Label x={x0 + 12} y={top + 4} math={yLabel} anchor="start" />}
    </g>
  );
}

/** A short tick across a horizontal (`axis="x"`) or vertical axis at `at`. */
export function Tick({ at, axis }: { at: Point; axis: "x" | "y" }) {
  const [x, y] = at;
  const d =
    axis === "x"
      ? polyline([
          [x, y - 5],
          [x, y + 5],
        ])
      : polyline([
          [x - 5, y],
          [x + 5, y],
        ]);
  return <path d={d} className="fill-none stroke-slate-600" strokeWidth={2} />;
}

const DOT_TONE = {
  data: "fill-green-600 stroke-green-800",
  model: "fill-sky-700 stroke-white",
  a: "fill-sky-700 stroke-white",
  b: "fill-orange-700 stroke-white",
  plain: "fill-slate-700 stroke-white",
  open: "fill-white stroke-slate-700",
} as const;

/** A marked point: a data point (green), a point of the model's curve (blue), a point of class A or B, or an open circle (a value not taken). */
export function Dot({ at, tone = "plain", r = 5 }: { at: Point; tone?: keyof typeof DOT_TONE; r?: number }) {
  return <circle cx={fmt(at[0])} cy={fmt(at[1])} r={r} className={DOT_TONE[tone]} strokeWidth={tone === "open" ? 2 : 1.5} />;
}
