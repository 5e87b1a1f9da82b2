"use client";
import { type ReactNode, useId } from "react";

export interface PlotPadding {
  l: number;
  r: number;
  t: number;
  b: number;
}

/**
 * An SVG plot that scales to its container: `axes` (frame, ticks, axis names) drawn as they are, and
 * `children` (the data) clipped to the plot area inside the padding, so a curve or a point outside
 * the axis ranges never spills over the ticks.
 */
export function ClippedPlot({
  width,
  height,
  pad,
  label,
  className = "mt-2 h-auto w-full max-w-md",
  axes,
  children,
}: {
  width: number;
  height: number;
  pad: PlotPadding;
  /** The picture in words (the SVG is an image to assistive technology). */
  label: string;
  className?: string;
  axes: ReactNode;
  children: ReactNode;
}) {
  const clip = useId();
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className={className} role="img" aria-label={label}>
      <defs>
        <clipPath id={clip}>
          <rect x={pad.l} y={pad.t} width={width - pad.l - pad.r} height={height - pad.t - pad.b} />
        </clipPath>
      </defs>
      {axes}
      <g clipPath={`url(#${clip})`}>{children}</g>
    </svg>
  );
}

/**
 * The axes of a density plot: the value axis with `xTicks` and its name below, the density axis with
 * 0, half and the top, each `yDigits` decimals.
 */
export function DensityAxes(props: {
  width: number;
  height: number;
  pad: PlotPadding;
  px: (x: number) => number;
  py: (density: number) => number;
  yMax: number;
  yDigits: number;
  xTicks: number[];
  xName: string;
  /** How far below the axis the tick labels sit (room for rug marks, say). */
  xTickGap?: number;
}) {
  const { width, height, pad, px, py, yMax } = props;
  return (
    <>
      <line x1={pad.l} y1={py(0)} x2={width - pad.r} y2={py(0)} className="stroke-slate-400" />
      <line x1={pad.l} y1={py(0)} x2={pad.l} y2={pad.t} className="stroke-slate-400" />
      {[0, yMax / 2, yMax].map((p) => (
        <text key={p} x={pad.l - 4} y={py(p) + 3} fontSize="9" textAnchor="end" className="fill-slate-600">
          {p.toFixed(props.yDigits)}
        </text>
      ))}
      {props.xTicks.map((x) => (
        <text key={x} x={px(x)} y={height - pad.b + (props.xTickGap ?? 12)} fontSize="9" textAnchor="middle" className="fill-slate-600">
          {x}
        </text>
      ))}
      <text x={(pad.l + width - pad.r) / 2} y={height - 2} fontSize="9" textAnchor="middle" className="fill-slate-600">
        {props.xName}
      </text>
    </>
  );
}
