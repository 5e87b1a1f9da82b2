"use client";
import { useId, useMemo, useState } from "react";
import { Button } from "@/app/_components/Button";
import { api } from "@/app/_trpc/react";
import { kdeLogDensity } from "@/lib/ml/density/kde";
import { buildHistogram, histogramDensity, histogramIntegral, integrateMidpoint, knnDensity, maxMultiplicity } from "@/lib/ml/density/nonparametric";
import { DensityAxes } from "./ClippedPlot";
import { TableDisclosure } from "./TableDisclosure";

/*
 * Histogram, Parzen window (Gaussian kernel, lib/ml/density/kde.ts) and KNN density estimates of the
 * training penguins' body masses (kg). Each estimate is integrated numerically over [0, 20] kg and
 * [−100, 100] kg: the histogram and the Parzen window give 1 on both, KNN gives more than 1 and grows with
 * the range, because its tails decay like K / (2N|x|). A table of the densities is the text alternative.
 */

type Mode = "hist" | "parzen" | "knn";
const MODES: { id: Mode; label: string }[] = [
  { id: "hist", label: "Histogram" },
  { id: "parzen", label: "Parzen window" },
  { id: "knn", label: "K nearest neighbours" },
];
const X_MIN = 2.4;
const X_MAX = 6.6;
const GRID = 400;
const Y_CAP = 2.5;
const TABLE_XS = [2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5];

/** Midpoint rule with a fine grid over the data and coarser ones over the tails (which are smooth there). */
function integrateRange(f: (x: number) => number, a: number, b: number, lo: number, hi: number): number {
  const l = Math.max(a, lo);
  const h = Math.min(b, hi);
  let s = 0;
  if (l > a) s += integrateMidpoint(f, a, l, 4000);
  if (h > l) s += integrateMidpoint(f, l, h, 10000);
  if (b > h) s += integrateMidpoint(f, h, b, 4000);
  return s;
}

/** [∫_0^20 f, ∫_{−100}^{100} f]; the wide range reuses the narrow one and adds the two tails. */
function twoRanges(f: (x: number) => number, lo: number, hi: number): [number, number] {
  const inner = integrateRange(f, 0, 20, lo, hi);
  return [inner, inner + integrateMidpoint(f, -100, 0, 2000) + integrateMidpoint(f, 20, 100, 2000)];
}

export function DensityEstimators() {
  const query = api.dataset.penguins.useQuery();
  const uid = useId();
  const [mode, setMode] = useState<Mode>("hist");
  const [binWidth, setBinWidth] = useState(0.25);
  const [bandwidth, setBandwidth] = useState(0.15);
  const [kChoice, setKChoice] = useState(15);

  const sorted = useMemo(() => Float64Array.from((query.data ?? []).map((p) => p.bodyMassKg)).sort(), [query.data]);
  const n = sorted.length;
  const kMin = Math.max(2, maxMultiplicity(sorted) + 1);
  const kMax = Math.max(kMin, Math.min(120, n));
  const k = Math.min(kMax, Math.max(kMin, kChoice));

  const hist = useMemo(() => (n > 0 ? buildHistogram(sorted, binWidth) : null), [sorted, n, binWidth]);
  const parzen = useMemo(() => {
    const scratch = new Float64Array(n);
    return (x: number) => Math.exp(kdeLogDensity(x, sorted, bandwidth, scratch));
  }, [sorted, n, bandwidth]);
  const knn = useMemo(() => (x: number) => knnDensity(sorted, x, k), [sorted, k]);

  const areas = useMemo(() => {
    if (n === 0 || !hist) return null;
    const lo = sorted[0] - 1;
    const hi = sorted[n - 1] + 1;
    return {
      hist: [histogramIntegral(hist, 0, 20), histogramIntegral(hist, -100, 100)],
      parzen: twoRanges(parzen, lo, hi),
      knn: twoRanges(knn, lo, hi),
    };
  }, [n, hist, sorted, parzen, knn]);

  if (query.isLoading)
    return (
      <figure className="my-6 rounded-lg border border-line bg-white p-4 text-sm" aria-busy="true">
        <p role="status">Loading the training penguins…</p>
      </figure>
    );
  if (query.error || n === 0 || !hist || !areas)
    return (
      <figure className="my-6 rounded-lg border border-line bg-white p-4 text-sm">
        <p role="alert">Could not load the penguin data{query.error ? `: ${query.error.message}` : ""}.</p>
        <Button size="sm" variant="secondary" className="mt-2" onClick={() => void query.refetch()}>
          Try again
        </Button>
      </figure>
    );

  const density = (x: number) => (mode === "hist" ? histogramDensity(hist, x) : mode === "parzen" ? parzen(x) : knn(x));
  const xs = Array.from({ length: GRID + 1 }, (_, i) => X_MIN + ((X_MAX - X_MIN) * i) / GRID);
  const ys = xs.map(density);
  const yMax = Math.min(Y_CAP, Math.max(0.2, ...ys.filter(Number.isFinite)) * 1.05);

  const W = 360;
  const H = 200;
  const pad = { l: 34, r: 10, t: 10, b: 34 };
  const px = (x: number) => pad.l + ((x - X_MIN) / (X_MAX - X_MIN)) * (W - pad.l - pad.r);
  const py = (p: number) => H - pad.b - (Math.min(p, yMax) / yMax) * (H - pad.t - pad.b);

  let path: string;
  if (mode === "hist") {
    const pts: string[] = [];
    hist.counts.forEach((c, b) => {
      const x0 = hist.origin + b * hist.binWidth;
      const d = c / (hist.n * hist.binWidth);
      pts.push(`${px(x0)},${py(0)}`, `${px(x0)},${py(d)}`, `${px(x0 + hist.binWidth)},${py(d)}`, `${px(x0 + hist.binWidth)},${py(0)}`);
    });
    path = pts.join(" ");
  } else path = xs.map((x, i) => `${px(x)},${py(ys[i])}`).join(" ");

  const param =
    mode === "hist"
      ? { label: "Bin width w (kg)", value: binWidth, min: 0.05, max: 1, step: 0.05, set: setBinWidth, show: binWidth.toFixed(2) }
      : mode === "parzen"
        ? { label: "Bandwidth h (kg)", value: bandwidth, min: 0.02, max: 1, step: 0.01, set: setBandwidth, show: bandwidth.toFixed(2) }
        : { label: "Neighbours K", value: k, min: kMin, max: kMax, step: 1, set: setKChoice, show: String(k) };
  const current = areas[mode];
  const modeLabel = MODES.find((m) => m.id === mode)?.label ?? "";
  const f3 = (v: number) => v.toFixed(3);
  const m = sorted.reduce((a, v) => a + v, 0) / n;
  const tailGrowth = (k / (2 * n)) * (Math.log((100 - m) / (20 - m)) + Math.log((100 + m) / m));

  return (
    <figure className="my-6 rounded-lg border border-line bg-white p-4 text-sm" aria-labelledby={`${uid}-title`}>
      <figcaption id={`${uid}-title`} className="font-semibold text-ink">
        Try it: three estimates of the density of penguin body mass ({n} training penguins)
      </figcaption>

      <fieldset className="mt-3">
        <legend className="text-slate-700">Estimator</legend>
        <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
          {MODES.map((m) => (
            <label key={m.id} className="inline-flex items-center gap-1.5">
              <input type="radio" name={`${uid}-mode`} value={m.id} checked={mode === m.id} onChange={() => setMode(m.id)} />
              {m.label}
            </label>
          ))}
        </div>
      </fieldset>

      <div className="mt-3">
        <label htmlFor={`${uid}-param`} className="text-slate-700">
          {param.label}: <span className="font-semibold tabular-nums">{param.show}</span>
        </label>
        <input
          id={`${uid}-param`}
          type="range"
          className="block w-full max-w-sm"
          min={param.min}
          max={param.max}
          step={param.step}
          value={param.value}
          onChange={(e) => param.set(Number(e.target.value))}
        />
        {mode === "knn" && (
          <p className="!my-1 text-xs text-slate-600">
            K starts at {kMin}: masses are recorded in 25 g steps, and with K no larger than the number of tied values the estimate would be infinite at those
            values.
          </p>
        )}
      </div>

      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="mt-3 h-auto w-full"
        role="img"
        aria-label={`${modeLabel} estimate of body-mass density from ${X_MIN} to ${X_MAX} kg; short ticks under the axis mark the penguins.`}
      >
        <defs>
          <clipPath id={`${uid}-clip`}>
            <rect x={pad.l} y={pad.t - 1} width={W - pad.l - pad.r} height={H - pad.t - pad.b + 1} />
          </clipPath>
        </defs>
        <DensityAxes width={W} height={H} pad={pad} px={px} py={py} yMax={yMax} yDigits={2} xTicks={[3, 4, 5, 6]} xName="body mass (kg)" xTickGap={20} />
        {Array.from(sorted).map((x, i) => (
          <line key={i} x1={px(x)} x2={px(x)} y1={py(0) + 2} y2={py(0) + 8} className="stroke-slate-500" strokeOpacity="0.35" />
        ))}
        <g clipPath={`url(#${uid}-clip)`}>
          {mode === "hist" ? (
            <polygon points={path} className="fill-brand-600 stroke-brand-600" fillOpacity="0.25" strokeWidth="1" />
          ) : (
            <polyline points={path} fill="none" className={mode === "knn" ? "stroke-red-600" : "stroke-brand-600"} strokeWidth="2" />
          )}
        </g>
      </svg>

      <h3 className="!mb-1 !mt-3 text-sm font-semibold text-ink">Area under each estimate (numerical integration)</h3>
      <ul className="!my-1 !pl-4 tabular-nums">
        <li>
          Histogram (w = {binWidth.toFixed(2)}): {f3(areas.hist[0])} on [0, 20] kg, {f3(areas.hist[1])} on [−100, 100] kg
        </li>
        <li>
          Parzen (h = {bandwidth.toFixed(2)}): {f3(areas.parzen[0])} on [0, 20] kg, {f3(areas.parzen[1])} on [−100, 100] kg
        </li>
        <li className="text-red-700">
          KNN (K = {k}): {f3(areas.knn[0])} on [0, 20] kg, {f3(areas.knn[1])} on [−100, 100] kg
        </li>
      </ul>
      <p className="!my-1 text-slate-700" aria-live="polite">
        {modeLabel}, {param.label.toLowerCase()} {param.show}: area {f3(current[0])} on [0, 20] kg and {f3(current[1])} on [−100, 100] kg.{" "}
        {mode === "knn"
          ? `Not a density: the area exceeds 1 and keeps growing with the range, here by ${f3(current[1] - current[0])} from the first range to the second (the tail formula p(x) ≈ K/(2N|x − m|), m = mean mass, predicts ${f3(tailGrowth)}). Every further tenfold widening adds about (K/N)·ln 10 = ${f3((k / n) * Math.log(10))}.`
          : "The area stays 1 however wide the range: this is a proper density."}
      </p>

      <TableDisclosure caption="Density estimates (per kg) at selected body masses">
        <thead>
          <tr className="border-b border-line">
            <th scope="col" className="px-1 py-1">
              x (kg)
            </th>
            <th scope="col" className="px-1 py-1">
              hist.
            </th>
            <th scope="col" className="px-1 py-1">
              Parzen
            </th>
            <th scope="col" className="px-1 py-1">
              KNN
            </th>
          </tr>
        </thead>
        <tbody>
          {TABLE_XS.map((x) => (
            <tr key={x}>
              <th scope="row" className="px-1 py-0.5 font-normal">
                {x.toFixed(1)}
              </th>
              <td className="px-1 py-0.5">{f3(histogramDensity(hist, x))}</td>
              <td className="px-1 py-0.5">{f3(parzen(x))}</td>
              <td className="px-1 py-0.5">{f3(knn(x))}</td>
            </tr>
          ))}
        </tbody>
      </TableDisclosure>
    </figure>
  );
}
