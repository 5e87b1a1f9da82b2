"use client";
import { type ReactNode, useId, useMemo, useState } from "react";
import { Button } from "@/app/_components/Button";
import { api } from "@/app/_trpc/react";
import { kdeLogDensity, silvermanBandwidth } from "@/lib/ml/density/kde";
import {
  fitMixture1Em,
  gridKlDivergence,
  midpointGrid,
  type Mixture1,
  mixture1LogDensity,
  mixture1MeanLogLikelihood,
  sampleMixture1,
} from "@/lib/ml/density/mixture1d";
import { buildHistogram, type Histogram } from "@/lib/ml/density/nonparametric";
import { mulberry32 } from "@/lib/ml/random";
import { ClippedPlot, DensityAxes } from "./ClippedPlot";

/*
 * "P_model ≈ P_data" on real data: the flipper lengths (mm) of the training penguins as a histogram,
 * and a model density the student shapes — one Gaussian, or a mixture of two — with sliders, or fits
 * by maximum likelihood (EM, lib/ml/density/mixture1d.ts). Two yardsticks: the data's average
 * log-likelihood under the model, and KL(P_data ‖ P_model) with P_data smoothed by a Gaussian KDE
 * (Silverman's bandwidth) and the integral taken on a grid. "Sample" draws new flipper lengths
 * from the model and shows them beside the data: sampling is content generation.
 */

const X_MIN = 160;
const X_MAX = 245;
const BIN_MM = 3;
const GRID_STEPS = 400;
const SIGMA_FLOOR_MM = 1; // EM's floor on σ: flipper lengths are whole millimetres
const EM_MAX_STEPS = 500;
const SAMPLE_SIZE = 256;

interface Shape {
  components: 1 | 2;
  means: [number, number];
  sds: [number, number];
  /** Weight of component 1 (with two components). */
  weight: number;
}

/** A deliberately poor start: the student improves it by hand or by EM. */
const START: Shape = { components: 2, means: [180, 205], sds: [8, 8], weight: 0.5 };

const toMixture = (s: Shape): Mixture1 =>
  s.components === 1 ? { weights: [1], means: [s.means[0]], sds: [s.sds[0]] } : { weights: [s.weight, 1 - s.weight], means: [...s.means], sds: [...s.sds] };

/** P_model and P_data with their subscripts. */
const Pm = () => (
  <>
    P<sub>model</sub>
  </>
);
const Pd = () => (
  <>
    P<sub>data</sub>
  </>
);

const W = 360;
const H = 190;
const PAD = { l: 40, r: 8, t: 8, b: 30 };
/** Plot coordinates to 0.01 unit: shorter markup, and the server's and the browser's last-bit rounding cannot differ. */
const round2 = (v: number) => Math.round(v * 100) / 100;
const px = (x: number) => round2(PAD.l + ((x - X_MIN) / (X_MAX - X_MIN)) * (W - PAD.l - PAD.r));
const signed = (v: number, digits: number) => v.toFixed(digits).replace("-", "−");

/** Density plot frame: axis, ticks and caption; `py` maps a density to a height. */
function Frame({ py, yMax, children, label }: { py: (p: number) => number; yMax: number; children: ReactNode; label: string }) {
  const axes = <DensityAxes width={W} height={H} pad={PAD} px={px} py={py} yMax={yMax} yDigits={3} xTicks={[170, 190, 210, 230]} xName="flipper length (mm)" />;
  return (
    <ClippedPlot width={W} height={H} pad={PAD} label={label} className="mt-2 h-auto w-full max-w-lg" axes={axes}>
      {children}
    </ClippedPlot>
  );
}

/** Histogram bars as density (count / (n · bin width)). */
function Bars({ hist, py, className, hollow }: { hist: Histogram; py: (p: number) => number; className: string; hollow?: boolean }) {
  return (
    <>
      {hist.counts.map((c, b) => {
        const x0 = hist.origin + b * hist.binWidth;
        const top = py(c / (hist.n * hist.binWidth));
        return c > 0 ? (
          <rect
            key={b}
            x={px(x0)}
            y={top}
            width={px(x0 + hist.binWidth) - px(x0)}
            height={py(0) - top}
            className={className}
            fillOpacity={hollow ? 0 : 0.35}
            strokeWidth={hollow ? 1.5 : 0.5}
          />
        ) : null;
      })}
    </>
  );
}

function Slider({
  label,
  value,
  min,
  max,
  step,
  digits,
  onChange,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  digits: number;
  onChange: (v: number) => void;
}) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="text-slate-700">
        {label}: <span className="font-semibold tabular-nums">{value.toFixed(digits)}</span>
      </label>
      <input id={id} type="range" className="block w-full" min={min} max={max} step={step} value={value} onChange={(e) => onChange(Number(e.target.value))} />
    </div>
  );
}

export function DistributionMatching() {
  const uid = useId();
  const penguins = api.dataset.penguins.useQuery(undefined, { staleTime: Infinity });
  const [shape, setShape] = useState<Shape>(START);
  const [samples, setSamples] = useState<{ values: Float64Array; draw: number } | null>(null);
  const [fitNote, setFitNote] = useState<string | null>(null);

  const data = useMemo(() => Float64Array.from((penguins.data ?? []).map((p) => p.flipperLengthMm)), [penguins.data]);
  const n = data.length;
  /** The smoothed data density on the grid, computed once. */
  const reference = useMemo(() => {
    if (n < 2) return null;
    const h = silvermanBandwidth(data);
    let [lo, hi] = [Infinity, -Infinity];
    for (const v of data) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    const grid = midpointGrid(lo - 5 * h, hi + 5 * h, GRID_STEPS);
    const scratch = new Float64Array(n);
    return { h, grid, dx: (hi - lo + 10 * h) / GRID_STEPS, logKde: grid.map((x) => kdeLogDensity(x, data, h, scratch)), hist: buildHistogram(data, BIN_MM) };
  }, [data, n]);

  const model = useMemo(() => toMixture(shape), [shape]);
  const scores = useMemo(() => {
    if (!reference) return null;
    const logModel = reference.grid.map((x) => mixture1LogDensity(model, x));
    return { logLikelihood: mixture1MeanLogLikelihood(model, data), kl: gridKlDivergence(reference.logKde, logModel, reference.dx) };
  }, [reference, data, model]);

  if (penguins.isPending) {
    return (
      <figure className="my-6 rounded-lg border border-line bg-white p-4 text-sm" aria-busy="true">
        <p role="status">Loading the training penguins…</p>
      </figure>
    );
  }
  if (penguins.error || !reference || !scores) {
    return (
      <figure className="my-6 rounded-lg border border-line bg-white p-4 text-sm">
        <p role="alert">Could not load the penguin data{penguins.error ? `: ${penguins.error.message}` : ""}.</p>
        <Button size="sm" variant="secondary" className="mt-2" onClick={() => void penguins.refetch()}>
          Try again
        </Button>
      </figure>
    );
  }

  const change = (next: Partial<Shape>) => {
    setShape((s) => ({ ...s, ...next }));
    setSamples(null);
    setFitNote(null);
  };
  const fit = () => {
    const before = scores.logLikelihood;
    const result = fitMixture1Em(data, model, { iterations: EM_MAX_STEPS, minSd: SIGMA_FLOOR_MM });
    const m = result.model;
    setShape((s) =>
      s.components === 1
        ? { ...s, means: [m.means[0], s.means[1]], sds: [m.sds[0], s.sds[1]] }
        : { ...s, means: [m.means[0], m.means[1]], sds: [m.sds[0], m.sds[1]], weight: m.weights[0] },
    );
    setSamples(null);
    const after = result.logLikelihoods[result.logLikelihoods.length - 1] / n;
    setFitNote(
      `EM took ${result.steps} step${result.steps === 1 ? "" : "s"}${result.converged ? " and converged" : ""}: the average log-likelihood rose from ${signed(before, 3)} to ${signed(after, 3)} nats.`,
    );
  };
  const sample = () => {
    const draw = (samples?.draw ?? 0) + 1;
    setSamples({ values: sampleMixture1(model, SAMPLE_SIZE, mulberry32(1000 + draw)), draw });
  };

  const modelDensity = Array.from({ length: 241 }, (_, i) => {
    const x = X_MIN + ((X_MAX - X_MIN) * i) / 240;
    return [x, Math.exp(mixture1LogDensity(model, x))] as const;
  });
  const histPeak = Math.max(...reference.hist.counts) / (reference.hist.n * BIN_MM);
  const yMax = Math.ceil(Math.min(0.1, Math.max(histPeak, ...modelDensity.map(([, p]) => p)) * 1.1) * 200) / 200;
  const py = (p: number) => round2(H - PAD.b - (Math.min(p, yMax * 1.02) / yMax) * (H - PAD.t - PAD.b));
  const kdeCurve = Array.from(reference.grid, (x, i) => `${px(x)},${py(Math.exp(reference.logKde[i]))}`).join(" ");
  const modelCurve = modelDensity.map(([x, p]) => `${px(x)},${py(p)}`).join(" ");
  const describeModel =
    shape.components === 1
      ? `one Gaussian with mean ${shape.means[0].toFixed(1)} mm and standard deviation ${shape.sds[0].toFixed(1)} mm`
      : `a mixture of two Gaussians: weight ${shape.weight.toFixed(2)} on mean ${shape.means[0].toFixed(1)} mm (σ ${shape.sds[0].toFixed(1)} mm), weight ${(1 - shape.weight).toFixed(2)} on mean ${shape.means[1].toFixed(1)} mm (σ ${shape.sds[1].toFixed(1)} mm)`;

  return (
    <figure className="my-6 rounded-lg border border-line bg-white p-4 text-sm" aria-labelledby={`${uid}-title`} data-testid="distribution-matching">
      <figcaption id={`${uid}-title`} className="font-semibold text-ink">
        Try it: make <Pm /> match <Pd /> ({n} penguins&apos; flipper lengths)
      </figcaption>

      <fieldset className="mt-3">
        <legend className="text-slate-700">Model family</legend>
        <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
          {([1, 2] as const).map((k) => (
            <label key={k} className="inline-flex items-center gap-1.5">
              <input type="radio" name={`${uid}-components`} checked={shape.components === k} onChange={() => change({ components: k })} />
              {k === 1 ? "One Gaussian" : "Mixture of two Gaussians"}
            </label>
          ))}
        </div>
      </fieldset>

      <div className="mt-3 grid gap-x-6 gap-y-2 sm:grid-cols-2">
        <Slider
          label={shape.components === 1 ? "Mean μ (mm)" : "Mean μ₁ (mm)"}
          value={shape.means[0]}
          min={165}
          max={240}
          step={0.5}
          digits={1}
          onChange={(v) => change({ means: [v, shape.means[1]] })}
        />
        <Slider
          label={shape.components === 1 ? "Standard deviation σ (mm)" : "Standard deviation σ₁ (mm)"}
          value={shape.sds[0]}
          min={1}
          max={30}
          step={0.5}
          digits={1}
          onChange={(v) => change({ sds: [v, shape.sds[1]] })}
        />
        {shape.components === 2 && (
          <>
            <Slider
              label="Mean μ₂ (mm)"
              value={shape.means[1]}
              min={165}
              max={240}
              step={0.5}
              digits={1}
              onChange={(v) => change({ means: [shape.means[0], v] })}
            />
            <Slider
              label="Standard deviation σ₂ (mm)"
              value={shape.sds[1]}
              min={1}
              max={30}
              step={0.5}
              digits={1}
              onChange={(v) => change({ sds: [shape.sds[0], v] })}
            />
            <Slider label="Weight of component 1" value={shape.weight} min={0.05} max={0.95} step={0.01} digits={2} onChange={(v) => change({ weight: v })} />
          </>
        )}
      </div>

      <div className="mt-3 flex flex-wrap gap-2">
        <Button size="sm" onClick={fit}>
          Fit by maximum likelihood (EM)
        </Button>
        <Button size="sm" variant="secondary" onClick={sample}>
          Sample from the model
        </Button>
        <Button size="sm" variant="ghost" onClick={() => change(START)}>
          Reset
        </Button>
      </div>

      <Frame
        py={py}
        yMax={yMax}
        label={`Histogram of the ${n} flipper lengths, their smoothed density (dotted) and the model's density (solid line): ${describeModel}.`}
      >
        <Bars hist={reference.hist} py={py} className="fill-slate-400 stroke-slate-500" />
        <polyline points={kdeCurve} fill="none" className="stroke-slate-900" strokeWidth={1.5} strokeDasharray="2 3" />
        <polyline points={modelCurve} fill="none" className="stroke-brand-600" strokeWidth={2.5} />
      </Frame>
      <ul className="!my-1 flex flex-wrap gap-x-4 !pl-0 text-xs" style={{ listStyle: "none" }}>
        <li className="inline-flex items-center gap-1.5">
          <span aria-hidden="true" className="inline-block h-2.5 w-3 bg-slate-400" /> data (histogram)
        </li>
        <li className="inline-flex items-center gap-1.5">
          <svg width="20" height="6" aria-hidden="true">
            <line x1="0" y1="3" x2="20" y2="3" className="stroke-slate-900" strokeWidth="1.5" strokeDasharray="2 3" />
          </svg>
          <span>
            <Pd />, smoothed (kernel estimate, h = {reference.h.toFixed(1)} mm)
          </span>
        </li>
        <li className="inline-flex items-center gap-1.5">
          <svg width="20" height="6" aria-hidden="true">
            <line x1="0" y1="3" x2="20" y2="3" className="stroke-brand-600" strokeWidth="2.5" />
          </svg>
          <span>
            <Pm />
          </span>
        </li>
      </ul>

      <dl className="!my-2 grid gap-1" aria-live="polite">
        <div>
          <dt className="inline font-semibold">Average log-likelihood of the data: </dt>
          <dd className="inline tabular-nums">
            <span data-testid="match-loglik">{signed(scores.logLikelihood, 3)}</span> nats per penguin.{" "}
            <span className="text-slate-700">Higher is better: it is what maximum-likelihood training pushes up.</span>
          </dd>
        </div>
        <div>
          <dt className="inline font-semibold">
            KL(
            <Pd /> ‖ <Pm />) ≈{" "}
          </dt>
          <dd className="inline tabular-nums">
            <span data-testid="match-kl">{scores.kl.toFixed(3)}</span> nats.{" "}
            <span className="text-slate-700">
              Lower is better, and 0 would mean the model density equals the smoothed data density. It is large where the data have mass the model misses.
            </span>
          </dd>
        </div>
      </dl>
      {fitNote && (
        <p className="!my-1 text-slate-800" aria-live="polite" data-testid="match-fit-note">
          {fitNote}
        </p>
      )}
      <p className="!my-1 text-xs text-slate-600">
        The two numbers move together: KL(
        <Pd /> ‖ <Pm />) = E<sub>data</sub>[log <Pd />] − E<sub>data</sub>[log <Pm />
        ], and only the second term depends on the model — so raising the likelihood lowers the divergence. (Here <Pd /> is the smoothed estimate and the KL
        integral a sum over {GRID_STEPS} grid points.)
      </p>

      {samples && (
        <div data-testid="match-samples">
          <Frame py={py} yMax={yMax} label={`Histogram of ${SAMPLE_SIZE} flipper lengths sampled from the model, on the same axes as the data.`}>
            <Bars hist={reference.hist} py={py} className="fill-slate-400 stroke-slate-500" />
            <Bars hist={buildHistogram(samples.values, BIN_MM)} py={py} className="fill-none stroke-orange-600" hollow />
          </Frame>
          <p className="!my-1 text-slate-800" aria-live="polite">
            Draw {samples.draw}: orange outlines are {SAMPLE_SIZE} new flipper lengths generated by the model (grey: the real data), e.g.{" "}
            {Array.from(samples.values.slice(0, 4), (v) => v.toFixed(1)).join(", ")} mm. They are new values, not copies of the data: generating content is
            exactly this, drawing samples from <Pm /> — and they look like the data only as far as <Pm /> ≈ <Pd />.
          </p>
        </div>
      )}
    </figure>
  );
}
