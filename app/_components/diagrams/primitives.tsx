import type { ReactNode } from "react";

/*
 * Hand-drawn SVG architecture diagrams for the module texts: a few server-renderable primitives (no hooks,
 * no browser APIs). Colours come from Tailwind classes, which app/globals.css mirrors in dark mode, never
 * from hex values; text on a tinted fill is slate-900. Roles keep one colour across the course:
 * generators and decoders blue (sky), discriminators and encoders orange, data green.
 *
 * Coordinates are user units of a viewBox about 640 wide; text is at least 14 units so that it stays
 * legible when a phone shrinks the figure to its width. Shapes are placed by their centre.
 */

export type Point = readonly [x: number, y: number];

/** A shape's outline, for clipping links at its border. */
export interface Shape {
  readonly x: number;
  readonly y: number;
  /** Half-width and half-height of a box; both the radius for a circle. */
  readonly hw: number;
  readonly hh: number;
  readonly round: boolean;
}

export interface Box extends Shape {
  readonly w: number;
  readonly h: number;
  readonly top: Point;
  readonly bottom: Point;
  readonly left: Point;
  readonly right: Point;
}

/** A box centred at (x, y). */
export function box(x: number, y: number, w: number, h: number): Box {
  return {
    x,
    y,
    w,
    h,
    hw: w / 2,
    hh: h / 2,
    round: false,
    top: [x, y - h / 2],
    bottom: [x, y + h / 2],
    left: [x - w / 2, y],
    right: [x + w / 2, y],
  };
}

export interface Circle extends Shape {
  readonly r: number;
}

/** A circle centred at (x, y): a random variable in a graphical model. */
export function circle(x: number, y: number, r = 24): Circle {
  return { x, y, r, hw: r, hh: r, round: true };
}

/** The point where the ray from the shape's centre towards `toward` leaves it, `gap` units further out. */
function exitPoint(s: Shape, toward: Point, gap: number): Point {
  const dx = toward[0] - s.x;
  const dy = toward[1] - s.y;
  const len = Math.hypot(dx, dy) || 1;
  const t = s.round ? s.hw / len : Math.min(dx === 0 ? Infinity : s.hw / Math.abs(dx), dy === 0 ? Infinity : s.hh / Math.abs(dy));
  const k = t + gap / len;
  return [s.x + dx * k, s.y + dy * k];
}

/** The straight segment between two shapes' borders, along the line joining their centres: spread it into an Arrow or Edge. */
export function link(a: Shape, b: Shape, gap = 2): { from: Point; to: Point } {
  return { from: exitPoint(a, [b.x, b.y], gap), to: exitPoint(b, [a.x, a.y], gap) };
}

const ROLE = {
  generator: "fill-sky-100 stroke-sky-700",
  critic: "fill-orange-100 stroke-orange-700",
  data: "fill-green-100 stroke-green-700",
  plain: "fill-white stroke-slate-500",
  loss: "fill-white stroke-slate-500",
} as const;

/** generator: generators, decoders, networks that produce data; critic: discriminators, encoders; data: data and targets. */
export type Role = keyof typeof ROLE;

/* ---------------------------------------------------------------------------------------------- text */

interface Segment {
  text: string;
  /** 0 on the baseline, 1 subscript, −1 superscript. */
  script: 0 | 1 | -1;
  italic: boolean;
}

/** Runs of Latin letters (ŷ included), each with its combining accents (x̂, x̃), and runs of anything else. */
const RUNS = /(?:[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f][\u0300-\u036f]*)+|[^A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+/g;
const ONE_LETTER = /^[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f][\u0300-\u036f]*$/;

/** Splits baseline text into runs, italicising single Latin letters in math (variables), not words (exp, log, KL). */
function italicRuns(text: string, script: 0 | 1 | -1, math: boolean): Segment[] {
  if (!math) return [{ text, script, italic: false }];
  const out: Segment[] = [];
  for (const m of text.matchAll(RUNS)) {
    const italic = ONE_LETTER.test(m[0]);
    const last = out.at(-1);
    if (last && last.italic === italic) last.text += m[0];
    else out.push({ text: m[0], script, italic });
  }
  return out;
}

/**
 * A TeX-free notation for labels: `_x` or `_{…}` is a subscript, `^x` or `^{…}` a superscript,
 * everything else is literal Unicode (φ, θ, ⊙, ∼). In math, lone Latin letters are set in italics.
 */
export function parseLabel(src: string, math: boolean): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  let base = "";
  const flush = () => {
    if (base) out.push(...italicRuns(base, 0, math));
    base = "";
  };
  while (i < src.length) {
    const c = src[i];
    if ((c === "_" || c === "^") && i + 1 < src.length) {
      flush();
      let group: string;
      if (src[i + 1] === "{") {
        const end = src.indexOf("}", i + 2);
        group = src.slice(i + 2, end < 0 ? src.length : end);
        i = end < 0 ? src.length : end + 1;
      } else {
        const cp = String.fromCodePoint(src.codePointAt(i + 1) ?? 32);
        group = cp;
        i += 1 + cp.length;
      }
      out.push(...italicRuns(group, c === "_" ? 1 : -1, math));
    } else {
      base += c;
      i++;
    }
  }
  flush();
  return out;
}

const SCRIPT_SCALE = 0.72;

/** Rough rendered width, for backdrops and layout checks: a little over half an em a character in sans-serif, scripts smaller. */
export function labelWidth(src: string, size: number, math = true): number {
  const em = math ? 0.5 : 0.56;
  return parseLabel(src, math).reduce((w, s) => w + [...s.text.replace(/[\u0300-\u036f]/g, "")].length * size * em * (s.script === 0 ? 1 : SCRIPT_SCALE), 0);
}

const SCRIPT_SHIFT = { 0: 0, 1: 0.3, [-1]: -0.42 } as const;

/** The tspans of a label: scripts are smaller and shifted with dy, restored on the next run. */
function Runs({ src, math, size }: { src: string; math: boolean; size: number }) {
  let shift = 0;
  return parseLabel(src, math).map((s, i) => {
    const target = SCRIPT_SHIFT[s.script] * size;
    const dy = target - shift;
    shift = target;
    return (
      <tspan
        key={i}
        dy={dy === 0 ? undefined : Number(dy.toFixed(2))}
        fontSize={s.script === 0 ? undefined : Number((size * SCRIPT_SCALE).toFixed(2))}
        fontStyle={s.italic ? "italic" : undefined}
      >
        {s.text}
      </tspan>
    );
  });
}

const TEXT_TONE = {
  strong: "fill-slate-900",
  normal: "fill-slate-800",
  muted: "fill-slate-700",
} as const;

export interface LabelProps {
  x: number;
  y: number;
  /** Words (sans-serif); with `math` too, the words come first. */
  text?: string;
  /** Math notation (serif, italic variables), e.g. "q_φ(z | x)". */
  math?: string;
  /** Font size: 18 for math alone, else 16. */
  size?: number;
  anchor?: "start" | "middle" | "end";
  tone?: keyof typeof TEXT_TONE;
  bold?: boolean;
  /** A backdrop in the figure's background colour, for labels that sit on lines. */
  backdrop?: boolean;
}

/** Serif math looks smaller than sans-serif words of the same size: in a mixed label it is set larger. */
const MIXED_MATH = 1.12;

/** Free text, centred vertically on y. */
export function Label({ x, y, text, math, size, anchor = "middle", tone = "normal", bold = false, backdrop = false }: LabelProps) {
  const fontSize = size ?? (text === undefined ? 18 : 16);
  const width =
    (text ? labelWidth(text, fontSize, false) : 0) +
    (text && math ? fontSize * 0.3 : 0) +
    (math ? labelWidth(math, text === undefined ? fontSize : MIXED_MATH * fontSize) : 0);
  const left = anchor === "start" ? x : anchor === "end" ? x - width : x - width / 2;
  return (
    <>
      {backdrop && <rect x={left - 5} y={y - fontSize * 0.7} width={width + 10} height={fontSize * 1.4} className="fill-white" />}
      <text
        x={x}
        y={y}
        fontSize={fontSize}
        textAnchor={anchor}
        dominantBaseline="central"
        fontWeight={bold ? 600 : undefined}
        className={`${TEXT_TONE[tone]} ${text === undefined ? "font-math" : "font-sans"}`}
      >
        {text !== undefined && <Runs src={math === undefined ? text : `${text} `} math={false} size={fontSize} />}
        {text !== undefined && math !== undefined ? (
          <tspan className="font-math" fontSize={MIXED_MATH * fontSize}>
            <Runs src={math} math size={MIXED_MATH * fontSize} />
          </tspan>
        ) : (
          math !== undefined && <Runs src={math} math size={fontSize} />
        )}
      </text>
    </>
  );
}

/* ---------------------------------------------------------------------------------------------- shapes */

export interface BlockProps {
  at: Box;
  role?: Role;
  /** The component's name, in words (semibold). */
  title?: string;
  /** Its notation, e.g. "G" or "q_φ(z | x)". */
  math?: string;
  /** A small line of words under the rest, e.g. "U-Net". */
  note?: string;
  dashed?: boolean;
  /** Font size of the title (16) and math (18), for narrow boxes. */
  size?: number;
  /** A trapezoid instead of a box: "narrow" shrinks to half its height on the right (an encoder), "widen" grows (a decoder). */
  taper?: "narrow" | "widen";
}

function trapezoid(b: Box, taper: "narrow" | "widen"): string {
  const [l, r] = taper === "narrow" ? [b.hh, b.hh / 2] : [b.hh / 2, b.hh];
  const x0 = b.x - b.hw;
  const x1 = b.x + b.hw;
  return `M${x0},${b.y - l} L${x1},${b.y - r} L${x1},${b.y + r} L${x0},${b.y + l} Z`;
}

/** A rounded box: a network, a layer, an operation or a loss. Its lines of text are stacked and centred. */
export function Block({ at, role = "plain", title, math, note, dashed = false, size, taper }: BlockProps) {
  const lines: { key: string; el: (y: number) => ReactNode; h: number }[] = [];
  const titleSize = size ?? 16;
  const mathSize = size ? size + 2 : 18;
  if (title) lines.push({ key: "t", h: titleSize * 1.25, el: (y) => <Label x={at.x} y={y} text={title} size={titleSize} bold tone="strong" /> });
  if (math) lines.push({ key: "m", h: mathSize * 1.25, el: (y) => <Label x={at.x} y={y} math={math} size={mathSize} tone="strong" /> });
  if (note) lines.push({ key: "n", h: 14 * 1.3, el: (y) => <Label x={at.x} y={y} text={note} size={14} tone="strong" /> });
  const total = lines.reduce((s, l) => s + l.h, 0);
  let y = at.y - total / 2;
  return (
    <g>
      {taper ? (
        <path d={trapezoid(at, taper)} className={ROLE[role]} strokeWidth={2} strokeLinejoin="round" />
      ) : (
        <rect
          x={at.x - at.hw}
          y={at.y - at.hh}
          width={at.w}
          height={at.h}
          rx={8}
          className={ROLE[role]}
          strokeWidth={role === "loss" ? 1.5 : 2}
          strokeDasharray={dashed || role === "loss" ? "6 4" : undefined}
        />
      )}
      {lines.map((l) => {
        const cy = y + l.h / 2;
        y += l.h;
        return <g key={l.key}>{l.el(cy)}</g>;
      })}
    </g>
  );
}

export interface NodeProps {
  at: Circle;
  math: string;
  /** Observed variables are shaded, as in the graphical-model literature. */
  observed?: boolean;
  role?: Role;
}

/** A circle for a random variable (or a unit of a Boltzmann machine). */
export function Node({ at, math, observed = false, role }: NodeProps) {
  const cls = observed ? "fill-slate-200 stroke-slate-700" : role ? ROLE[role] : "fill-white stroke-slate-700";
  return (
    <g>
      <circle cx={at.x} cy={at.y} r={at.r} className={cls} strokeWidth={2} />
      <Label x={at.x} y={at.y} math={math} tone="strong" />
    </g>
  );
}

/** The marker's id for a diagram: one arrowhead per diagram, defined by <Diagram>. */
const markerId = (diagram: string) => `${diagram}-arrowhead`;

/** Moves `p` towards `from` by `d` units. */
function pullBack(p: Point, from: Point, d: number): Point {
  const len = Math.hypot(p[0] - from[0], p[1] - from[1]) || 1;
  return [p[0] + ((from[0] - p[0]) * d) / len, p[1] + ((from[1] - p[1]) * d) / len];
}

const fmt = (p: Point) => `${Number(p[0].toFixed(1))},${Number(p[1].toFixed(1))}`;

/**
 * The path through the points, or a quadratic curve between two points for a non-zero bend. An end that
 * carries an arrowhead is pulled back inside the head, so that the line does not blunt the tip.
 */
function pathData(points: readonly Point[], bend: number, trimStart: number, trimEnd: number): string {
  if (bend !== 0 && points.length === 2) {
    const [a, b] = points;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
    // Control point off the chord's midpoint, to the left of the direction of travel for a positive bend.
    const c: Point = [(a[0] + b[0]) / 2 + (bend * (b[1] - a[1])) / len, (a[1] + b[1]) / 2 - (bend * (b[0] - a[0])) / len];
    return `M${fmt(pullBack(a, c, trimStart))} Q${fmt(c)} ${fmt(pullBack(b, c, trimEnd))}`;
  }
  const pts = [...points];
  pts[0] = pullBack(pts[0], pts[1], trimStart);
  pts[pts.length - 1] = pullBack(pts[pts.length - 1], pts[pts.length - 2], trimEnd);
  return pts.map((p, i) => `${i === 0 ? "M" : "L"}${fmt(p)}`).join(" ");
}

/** How far an arrowed end is pulled back inside the head (11 units long; refX 5.5 puts its tip back at the end point). */
const HEAD_TRIM = 5;

export interface ArrowProps {
  /** The id of the enclosing <Diagram>, whose arrowhead marker it uses. */
  diagram: string;
  from: Point;
  to: Point;
  /** Corners to pass through, in order (an elbow arrow). */
  via?: readonly Point[];
  /** A quadratic curve instead of a straight line: the control point's offset from the chord (positive: to the left). */
  bend?: number;
  dashed?: boolean;
  /** Heads at both ends. */
  both?: boolean;
}

/** A directed connection: data flow, or a directed edge of a graphical model. */
export function Arrow({ diagram, from, to, via = [], bend = 0, dashed = false, both = false }: ArrowProps) {
  const url = `url(#${markerId(diagram)})`;
  return (
    <path
      d={pathData([from, ...via, to], bend, both ? HEAD_TRIM : 0, HEAD_TRIM)}
      className="fill-none stroke-slate-600"
      strokeWidth={2}
      strokeLinejoin="round"
      strokeDasharray={dashed ? "6 4" : undefined}
      markerEnd={url}
      markerStart={both ? url : undefined}
    />
  );
}

/** An undirected edge (Markov random fields, Boltzmann machines), or a dashed line to a loss. */
export function Edge({ from, to, via = [], dashed = false }: { from: Point; to: Point; via?: readonly Point[]; dashed?: boolean }) {
  return (
    <path
      d={pathData([from, ...via, to], 0, 0, 0)}
      className="fill-none stroke-slate-600"
      strokeWidth={2}
      strokeLinejoin="round"
      strokeDasharray={dashed ? "6 4" : undefined}
    />
  );
}

/**
 * A plate: the variables inside are repeated, once per index up to the count in its corner. Without a
 * label and dashed, an outline that groups shapes (a layer, a set of outputs).
 */
export function Plate({ at, label, dashed = false }: { at: Box; label?: string; dashed?: boolean }) {
  return (
    <g>
      <rect
        x={at.x - at.hw}
        y={at.y - at.hh}
        width={at.w}
        height={at.h}
        rx={8}
        className="fill-none stroke-slate-500"
        strokeWidth={1.5}
        strokeDasharray={dashed ? "6 4" : undefined}
      />
      {label && <Label x={at.x + at.hw - 10} y={at.y + at.hh - 14} math={label} anchor="end" size={16} tone="muted" />}
    </g>
  );
}

/** A small picture of an image as a grid of patches; `hidden` patches (row-major indices) are drawn as masked. */
export function PatchGrid({
  x,
  y,
  cols,
  rows,
  cell,
  role = "data",
  hidden = [],
}: {
  x: number;
  y: number;
  cols: number;
  rows: number;
  cell: number;
  role?: Role;
  hidden?: readonly number[];
}) {
  const left = x - (cols * cell) / 2;
  const top = y - (rows * cell) / 2;
  return (
    <g>
      {Array.from({ length: rows * cols }, (_, k) => {
        const masked = hidden.includes(k);
        return (
          <rect
            key={k}
            x={left + (k % cols) * cell}
            y={top + Math.floor(k / cols) * cell}
            width={cell}
            height={cell}
            className={masked ? "fill-slate-400 stroke-slate-500" : ROLE[role]}
            strokeWidth={1.5}
          />
        );
      })}
    </g>
  );
}

/* ---------------------------------------------------------------------------------------------- figure */

/** Inline math in HTML, in the same notation as labels: italic single letters, <sub> and <sup> for scripts. */
function HtmlMath({ src }: { src: string }) {
  return (
    <span className="font-math whitespace-nowrap">
      {parseLabel(src, true).map((s, i) => {
        const body = s.italic ? <var key={i}>{s.text}</var> : s.text;
        return s.script === 1 ? <sub key={i}>{body}</sub> : s.script === -1 ? <sup key={i}>{body}</sup> : body;
      })}
    </span>
  );
}

/** A caption string with inline math between dollars: "the code $z_t$". */
function richText(text: string): ReactNode {
  return text.split(/\$([^$]+)\$/).map((part, i) => (i % 2 === 1 ? <HtmlMath key={i} src={part} /> : part));
}

export interface DiagramProps {
  /** Unique on the page: the title, description and marker ids derive from it. */
  id: string;
  width: number;
  height: number;
  /** A short name for the picture, read first by screen readers. */
  title: string;
  /** A full sentence or two describing the structure, for readers who cannot see the picture. */
  desc: string;
  /** The visible caption; inline math between dollars, in the labels' notation ("the code $z_t$"). */
  caption: string;
  children: ReactNode;
}

/** A figure holding one SVG diagram: role="img", named by its <title> and <desc>, with a visible caption. */
export function Diagram({ id, width, height, title, desc, caption, children }: DiagramProps) {
  return (
    <figure className="my-6">
      <div className="rounded-lg border border-line bg-white p-2 sm:p-3">
        <svg
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          viewBox={`0 0 ${width} ${height}`}
          className="mx-auto block h-auto w-full max-w-full"
          style={{ maxWidth: width }}
        >
          <title id={`${id}-title`}>{title}</title>
          <desc id={`${id}-desc`}>{desc}</desc>
          <defs>
            <marker
              id={markerId(id)}
              className="text-slate-600"
              viewBox="0 0 10 10"
              refX={5.5}
              refY={5}
              markerWidth={11}
              markerHeight={11}
              markerUnits="userSpaceOnUse"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" fill="currentColor" />
            </marker>
          </defs>
          {children}
        </svg>
      </div>
      <figcaption className="mt-2 text-sm leading-6 text-muted">{richText(caption)}</figcaption>
    </figure>
  );
}
