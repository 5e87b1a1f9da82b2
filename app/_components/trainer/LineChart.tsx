"use client";
import { useEffect, useRef } from "react";
import type uPlot from "uplot";
import { useChartColours } from "@/app/_components/chart-colours";
import { useLatest } from "@/app/_lib/useLatest";
import "uplot/dist/uPlot.min.css";

export interface LineSeries {
  label: string;
  stroke: string;
}

const HEIGHT_PX = 200;

/**
 * Lines over a shared x axis (uPlot: cheap to redraw several times a second). `data` is
 * [x, ...one array per series]: pass new arrays, or bump `version` after mutating them in place.
 */
export function LineChart({
  data,
  series,
  xLabel,
  yLabel,
  description,
  version,
}: {
  data: number[][];
  series: LineSeries[];
  xLabel: string;
  yLabel: string;
  /** What the chart shows, for screen readers. */
  description: string;
  version?: number;
}) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latestRef = useLatest(data);
  const colours = useChartColours();

  useEffect(() => {
    if (!colours) return;
    let cancelled = false;
    let observer: ResizeObserver | undefined;
    // uPlot draws axis text and grid in black unless told: the theme's colours keep them readable in dark mode.
    const axis = (label: string) => ({ label, stroke: colours.label, grid: { stroke: colours.grid }, ticks: { stroke: colours.grid } });
    void import("uplot").then(({ default: UPlot }) => {
      if (cancelled || !container.current) return;
      plot.current = new UPlot(
        {
          width: container.current.clientWidth || 400,
          height: HEIGHT_PX,
          scales: { x: { time: false } },
          axes: [axis(xLabel), axis(yLabel)],
          // A legend of names and colours: live values would read "iteration: --" whenever the pointer is elsewhere.
          legend: { live: false },
          series: [{ label: xLabel }, ...series.map((s) => ({ label: s.label, stroke: s.stroke, width: 1.5 }))],
        },
        latestRef.current as uPlot.AlignedData,
        container.current,
      );
      observer = new ResizeObserver(() => {
        if (container.current && plot.current) plot.current.setSize({ width: container.current.clientWidth, height: HEIGHT_PX });
      });
      observer.observe(container.current);
    });
    return () => {
      cancelled = true;
      observer?.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // The chart is built once per series layout and colour scheme; data arrives through `version`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [xLabel, yLabel, series.map((s) => s.label).join("|"), colours]);

  useEffect(() => {
    plot.current?.setData(data as uPlot.AlignedData);
  }, [data, version]);

  return <div ref={container} className="w-full" role="img" aria-label={description} />;
}
