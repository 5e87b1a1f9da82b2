"use client";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { Button } from "@/app/_components/Button";
import { useChartColours } from "@/app/_components/chart-colours";
import { gaussian, mulberry32 } from "@/lib/ml/random";

/*
 * Gibbs sampling a 2-D Gaussian with zero means, unit variances and correlation ρ:
 * x | y ~ N(ρy, 1 − ρ²), y | x ~ N(ρx, 1 − ρ²). The canvas shows the 1σ and 2σ contours and the
 * staircase of axis-aligned moves; a text summary (sample correlation, lag-one autocorrelation
 * against the theoretical ρ²) is the text alternative.
 */

const MAX_SWEEPS = 500;
const START = { x: -2.5, y: 2.5 };
const RANGE = 3.5; // the canvas shows [−RANGE, RANGE]²
const SIZE = 320; // CSS pixels

interface Trace {
  /** Every intermediate point: start, after the x-update, after the y-update, … (2·sweeps + 1 points). */
  path: { x: number; y: number }[];
}

function runGibbs(rho: number, sweeps: number, seed: number): Trace {
  const rng = mulberry32(seed);
  const sd = Math.sqrt(1 - rho * rho);
  let { x, y } = START;
  const path = [{ x, y }];
  for (let s = 0; s < sweeps; s++) {
    x = rho * y + sd * gaussian(rng);
    path.push({ x, y });
    y = rho * x + sd * gaussian(rng);
    path.push({ x, y });
  }
  return { path };
}

function corr(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

export function GibbsTrace() {
  const [rho, setRho] = useState(0.8);
  const [sweeps, setSweeps] = useState(0);
  const [seed, setSeed] = useState(1);
  const canvas = useRef<HTMLCanvasElement>(null);
  const uid = useId();

  const { path } = useMemo(() => runGibbs(rho, sweeps, seed), [rho, sweeps, seed]);
  // One sample per completed sweep (the point after its y-update).
  const samples = useMemo(() => path.filter((_, i) => i > 0 && i % 2 === 0), [path]);
  const colours = useChartColours();

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext("2d");
    if (!el || !ctx || !colours) return;
    const dpr = window.devicePixelRatio || 1;
    el.width = SIZE * dpr;
    el.height = SIZE * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const sx = (x: number) => ((x + RANGE) / (2 * RANGE)) * SIZE;
    const sy = (y: number) => SIZE - ((y + RANGE) / (2 * RANGE)) * SIZE;

    ctx.fillStyle = colours.surface;
    ctx.fillRect(0, 0, SIZE, SIZE);
    // axes
    ctx.strokeStyle = colours.grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(sx(-RANGE), sy(0));
    ctx.lineTo(sx(RANGE), sy(0));
    ctx.moveTo(sx(0), sy(-RANGE));
    ctx.lineTo(sx(0), sy(RANGE));
    ctx.stroke();
    // 1σ and 2σ contours: along (1,1)/√2 the variance is 1 + ρ, along (1,−1)/√2 it is 1 − ρ.
    ctx.strokeStyle = "#a5b4fc";
    for (const c of [1, 2]) {
      ctx.beginPath();
      for (let k = 0; k <= 120; k++) {
        const th = (2 * Math.PI * k) / 120;
        const u = c * Math.sqrt(1 + rho) * Math.cos(th);
        const v = c * Math.sqrt(1 - rho) * Math.sin(th);
        const x = (u + v) / Math.SQRT2;
        const y = (u - v) / Math.SQRT2;
        if (k === 0) ctx.moveTo(sx(x), sy(y));
        else ctx.lineTo(sx(x), sy(y));
      }
      ctx.stroke();
    }
    // the staircase path
    ctx.strokeStyle = "rgba(220, 38, 38, 0.55)";
    ctx.lineWidth = 1.2;
    ctx.beginPath();
    path.forEach((p, i) => (i === 0 ? ctx.moveTo(sx(p.x), sy(p.y)) : ctx.lineTo(sx(p.x), sy(p.y))));
    ctx.stroke();
    // samples (end of each sweep)
    ctx.fillStyle = colours.ink;
    for (const p of samples) {
      ctx.beginPath();
      ctx.arc(sx(p.x), sy(p.y), 1.8, 0, 2 * Math.PI);
      ctx.fill();
    }
    // start and current point
    ctx.fillStyle = "#059669";
    ctx.beginPath();
    ctx.arc(sx(START.x), sy(START.y), 4, 0, 2 * Math.PI);
    ctx.fill();
    const last = path[path.length - 1];
    ctx.fillStyle = "#dc2626";
    ctx.beginPath();
    ctx.arc(sx(last.x), sy(last.y), 4, 0, 2 * Math.PI);
    ctx.fill();
  }, [path, samples, rho, colours]);

  const last = path[path.length - 1];
  const xsSamples = samples.map((p) => p.x);
  const ysSamples = samples.map((p) => p.y);
  const enough = samples.length >= 20;
  const sampleCorr = enough ? corr(xsSamples, ysSamples) : NaN;
  const lag1 = enough ? corr(xsSamples.slice(0, -1), xsSamples.slice(1)) : NaN;
  const add = (n: number) => setSweeps((s) => Math.min(MAX_SWEEPS, s + n));

  return (
    <figure className="my-6 rounded-lg border border-line bg-white p-4 text-sm" aria-labelledby={`${uid}-title`}>
      <figcaption id={`${uid}-title`} className="font-semibold text-ink">
        Try it: Gibbs sampling a correlated Gaussian
      </figcaption>

      <div className="mt-3">
        <label htmlFor={`${uid}-rho`} className="block text-slate-700">
          Correlation ρ = <span className="tabular-nums">{rho.toFixed(2)}</span>
        </label>
        <input
          id={`${uid}-rho`}
          type="range"
          min={-0.99}
          max={0.99}
          step={0.01}
          value={rho}
          onChange={(e) => setRho(Number(e.target.value))}
          aria-valuetext={`ρ = ${rho.toFixed(2)}`}
          className="w-full max-w-xs"
        />
      </div>

      <div className="mt-2 flex flex-wrap gap-2">
        <Button size="sm" variant="secondary" onClick={() => add(1)} disabled={sweeps >= MAX_SWEEPS}>
          1 sweep
        </Button>
        <Button size="sm" variant="secondary" onClick={() => add(10)} disabled={sweeps >= MAX_SWEEPS}>
          +10 sweeps
        </Button>
        <Button size="sm" onClick={() => add(100)} disabled={sweeps >= MAX_SWEEPS}>
          +100 sweeps
        </Button>
        <Button
          size="sm"
          variant="ghost"
          onClick={() => {
            setSweeps(0);
            setSeed((s) => s + 1);
          }}
        >
          Restart with new noise
        </Button>
      </div>

      <canvas
        ref={canvas}
        width={SIZE}
        height={SIZE}
        className="mt-3 aspect-square w-full max-w-[320px] rounded border border-line"
        role="img"
        aria-label={`Gibbs path of ${sweeps} sweeps from (−2.5, 2.5) over the 1σ and 2σ contours of a Gaussian with correlation ${rho.toFixed(2)}. Each sweep is a horizontal move (new x) followed by a vertical move (new y).`}
      />
      <p className="!my-1 text-xs text-slate-600">
        Green: start. Red: current point and path. Small dots (in the text colour): the sample after each sweep. Blue: 1σ and 2σ contours.
      </p>

      <div className="mt-2 text-slate-700" aria-live="polite">
        <p className="!my-1">
          {sweeps} sweep{sweeps === 1 ? "" : "s"}; current point ({last.x.toFixed(2)}, {last.y.toFixed(2)}). Each move has standard deviation √(1 − ρ²) ={" "}
          {Math.sqrt(1 - rho * rho).toFixed(2)}.
        </p>
        <p className="!my-1">
          {enough
            ? `Sample correlation of the ${samples.length} sweep samples: ${sampleCorr.toFixed(2)} (target ${rho.toFixed(2)}). Lag-one autocorrelation of x: ${lag1.toFixed(2)} (theory ρ² = ${(rho * rho).toFixed(2)}).`
            : "Run at least 20 sweeps to see the sample correlation and the autocorrelation of the chain."}
        </p>
      </div>
    </figure>
  );
}
