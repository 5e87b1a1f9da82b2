"use client";
import { useEffect, useRef } from "react";
import type uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface LossSeries {
  iterations: number[];
  dLoss: number[];
  gLoss: number[];
}

/** D and G losses against iterations (uPlot: cheap to redraw several times a second). */
export function LossChart({ series, version }: { series: LossSeries; version: number }) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    let cancelled = false;
    let observer: ResizeObserver | undefined;
    void import("uplot").then(({ default: UPlot }) => {
      if (cancelled || !container.current) return;
      const width = container.current.clientWidth || 400;
      plot.current = new UPlot(
        {
          width,
          height: 200,
          scales: { x: { time: false } },
          axes: [{ label: "iteration" }, { label: "loss" }],
          series: [
            { label: "iteration" },
            { label: "D loss", stroke: "#4f46e5", width: 1.5 },
            { label: "G loss", stroke: "#ea580c", width: 1.5 },
          ],
          legend: { show: true },
        },
        [series.iterations, series.dLoss, series.gLoss],
        container.current,
      );
      observer = new ResizeObserver(() => {
        if (container.current && plot.current) plot.current.setSize({ width: container.current.clientWidth, height: 200 });
      });
      observer.observe(container.current);
    });
    return () => {
      cancelled = true;
      observer?.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // The chart is created once; data arrives through `version` below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    plot.current?.setData([series.iterations, series.dLoss, series.gLoss]);
  }, [series, version]);

  return <div ref={container} className="w-full" role="img" aria-label="Discriminator and generator loss curves" />;
}
