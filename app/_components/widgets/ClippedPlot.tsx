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
