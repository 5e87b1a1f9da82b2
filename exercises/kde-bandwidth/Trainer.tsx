"use client";
/** The kde-bandwidth page: a Gaussian KDE of penguin body mass, its bandwidth searched with the shared trainer hook. */
import { useEffect, useRef, useState } from "react";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { useChartColours } from "@/app/_components/chart-colours";
import { api } from "@/app/_trpc/react";
import { kdeLeaveOneOutMeanLogLikelihood, kdeLogDensity, silvermanBandwidth } from "@/lib/ml/density/kde";
import { DEFAULT_KDE_SEARCH, kdeSearchSteps, KdeBandwidthSearch, type KdeSearchLosses } from "@/lib/ml/density/kde-search";
import { LineChart } from "@/app/_components/trainer/LineChart";
import { type ExerciseInfo, SubmitPanel } from "@/app/_components/trainer/SubmitPanel";
import { TrainingPanel } from "@/app/_components/trainer/TrainingPanel";
import { useTrainer } from "@/app/_components/trainer/useTrainer";
import {
  DEFAULT_KDE_BANDWIDTH_CONFIG as DEFAULTS,
  KDE_INITIAL_BANDWIDTH as INITIAL_H,
  KDE_MAX_BANDWIDTH as MAX_H,
  KDE_MIN_BANDWIDTH as MIN_H,
  kdeBandwidthConfigSchema,
  type KdeBandwidthConfig,
} from "./spec";

/** Slider range, log10(h) in kg. */
const SLIDER_MIN = -3;
const SLIDER_MAX = 1;
const { gridLo: GRID_LO, gridHi: GRID_HI, gridSize: GRID_SIZE } = DEFAULT_KDE_SEARCH;
const CANVAS_W = 560;
const CANVAS_H = 300;
const SERIES = [{ label: "leave-one-out mean log-likelihood", stroke: "#6366f1" }];
const LOSSES = [
  { key: "leave-one-out", label: "LOO log-likelihood at this step's h", stroke: "#6366f1" },
  { key: "best", label: "Best LOO so far", stroke: "#ea580c" },
];

type Selection = KdeBandwidthConfig["selection"];

function HistogramCanvas({ values, h, label }: { values: number[]; h: number | null; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const colours = useChartColours();
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext("2d");
    if (!c || !ctx || !colours || values.length === 0) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = CANVAS_W * dpr;
    c.height = CANVAS_H * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, CANVAS_W, CANVAS_H);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const span = hi - lo || 1;
    const x0 = lo - 0.15 * span;
    const x1 = hi + 0.15 * span;
    const left = 44;
    const right = CANVAS_W - 10;
    const top = 10;
    const bottom = CANVAS_H - 36;
    const px = (x: number) => left + ((x - x0) / (x1 - x0)) * (right - left);
    // Histogram as a density (area 1), so it is comparable with the KDE.
    const bins = Math.max(8, Math.round(Math.sqrt(values.length) * 1.5));
    const width = span / bins;
    const counts = new Array<number>(bins).fill(0);
    for (const v of values) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
    const dens = counts.map((k) => k / (values.length * width));
    const curveX = Array.from({ length: 240 }, (_, i) => x0 + ((x1 - x0) * i) / 239);
    const scratch = new Float64Array(values.length);
    const curve = h ? curveX.map((x) => Math.exp(kdeLogDensity(x, values, h, scratch))) : [];
    // The y axis follows the histogram, capped so a spiky KDE does not flatten it.
    const yMax = Math.max(...dens, ...curve.map((v) => Math.min(v, 3 * Math.max(...dens)))) * 1.08;
    const py = (y: number) => bottom - (Math.min(y, yMax) / yMax) * (bottom - top);
    ctx.fillStyle = "rgba(148, 163, 184, 0.55)";
    dens.forEach((d, i) => {
      const a = px(lo + i * width);
      const b = px(lo + (i + 1) * width);
      ctx.fillRect(a, py(d), b - a - 1, bottom - py(d));
    });
    // Rug of the training masses.
    ctx.strokeStyle = colours.ink;
    ctx.globalAlpha = 0.35;
    ctx.beginPath();
    for (const v of values) {
      ctx.moveTo(px(v), bottom);
      ctx.lineTo(px(v), bottom + 5);
    }
    ctx.stroke();
    ctx.globalAlpha = 1;
    if (curve.length) {
      ctx.strokeStyle = "#ea580c";
      ctx.lineWidth = 2;
      ctx.beginPath();
      curve.forEach((v, i) => (i === 0 ? ctx.moveTo(px(curveX[i]), py(v)) : ctx.lineTo(px(curveX[i]), py(v))));
      ctx.stroke();
      ctx.lineWidth = 1;
    }
    ctx.strokeStyle = colours.axis;
    ctx.beginPath();
    ctx.moveTo(left, top);
    ctx.lineTo(left, bottom);
    ctx.lineTo(right, bottom);
    ctx.stroke();
    ctx.fillStyle = colours.label;
    ctx.font = "11px sans-serif";
    ctx.textAlign = "center";
    const step = span > 4 ? 1 : 0.5;
    for (let t = Math.ceil(x0 / step) * step; t <= x1; t += step) ctx.fillText(t.toFixed(1), px(t), bottom + 18);
    ctx.fillText(label, (left + right) / 2, CANVAS_H - 4);
    ctx.save();
    ctx.translate(12, (top + bottom) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText("density (1/kg)", 0, 0);
    ctx.restore();
  }, [values, h, label, colours]);
  return (
    <canvas
      ref={canvas}
      role="img"
      aria-label={`Histogram of ${values.length} training values of ${label}${h ? `, with the Gaussian KDE for bandwidth ${h.toPrecision(3)} kg drawn over it` : ""}.`}
      className="h-auto w-full max-w-[560px]"
      style={{ aspectRatio: `${CANVAS_W} / ${CANVAS_H}` }}
    />
  );
}

/**
 * Gaussian-kernel KDE of the training body masses: bandwidth by hand (log slider), by Silverman's
 * rule, or by maximising the leave-one-out likelihood on the training data (the search is the
 * trainer: one step evaluates one bandwidth, first over a log-spaced sweep, then golden section).
 */
export function KdeBandwidthTrainer(exercise: ExerciseInfo) {
  const utils = api.useUtils();
  const [data, setData] = useState<{ values: number[]; label: string } | null>(null);
  const values = data?.values ?? [];
  const enough = values.length >= 2;
  const training = useRef<number[]>([]);

  const [hText, setHText] = useState(String(INITIAL_H));
  const [selection, setSelection] = useState<Selection>("manual");
  const hParsed = hText.trim() === "" ? NaN : Number(hText);
  const hValid = Number.isFinite(hParsed) && hParsed >= MIN_H && hParsed <= MAX_H;
  const h = hValid ? hParsed : null;
  const setH = (value: number, how: Selection) => {
    setHText(String(+value.toPrecision(6)));
    setSelection(how);
  };

  // The search's sweep as it fills in (bandwidths and their leave-one-out values).
  const [grid, setGrid] = useState<number[]>([]);
  const [curve, setCurve] = useState<number[]>([]);
  const [curveVersion, setCurveVersion] = useState(0);
  const [best, setBest] = useState<number | null>(null);
  /** The finished search whose maximiser went into h: later redraws of it leave hand edits alone. */
  const applied = useRef<KdeBandwidthSearch | null>(null);
  const apply = (t: KdeBandwidthSearch) => {
    if (t.result === null) return;
    applied.current = t;
    setBest(t.result);
    setH(t.result, "leave-one-out");
  };

  const state = useTrainer<KdeBandwidthConfig, KdeBandwidthSearch, KdeSearchLosses>({
    courseId: exercise.courseId,
    exerciseSlug: exercise.exerciseSlug,
    engine: "js",
    defaultConfig: DEFAULTS,
    configSchema: kdeBandwidthConfigSchema,
    defaultBudget: kdeSearchSteps(),
    // Each frame adds a few points to the curve: redraw it every frame.
    visualEvery: 1,
    prepare: async (progress) => {
      progress(0.2, "Loading the training body masses…");
      const d = await utils.exercise.trainingData.fetch({ courseId: exercise.courseId, exerciseSlug: exercise.exerciseSlug });
      if (d?.kind !== "numbers" || d.values.length < 2) throw new Error("unexpected training data (expected at least two numbers)");
      training.current = d.values;
      setData({ values: d.values, label: d.label });
      progress(1, "Loaded");
    },
    // The search has no settings of its own: the config is the submission's (bandwidth, how chosen),
    // so a fork link's bandwidth becomes the page's choice (the defaults are that choice already).
    create: (config) => {
      if (config.bandwidth !== DEFAULTS.bandwidth || config.selection !== DEFAULTS.selection) {
        setHText(String(config.bandwidth));
        setSelection(config.selection);
      }
      return new KdeBandwidthSearch(training.current);
    },
    onVisual: (t) => {
      setGrid(t.grid);
      setCurve(t.curve.slice());
      setCurveVersion((v) => v + 1);
      if (t.iteration === 0) {
        applied.current = null;
        setBest(null);
      } else if (t.done && applied.current !== t) apply(t);
    },
  });

  const searching = state.running;
  const runDefault = () => {
    const t = state.trainer.current;
    // A finished search has its answer already; otherwise run (or continue) it to the end.
    if (t?.done) apply(t);
    else void state.start();
  };

  const silverman = enough ? silvermanBandwidth(values) : null;
  const loo = enough && h !== null ? kdeLeaveOneOutMeanLogLikelihood(values, h) : null;
  const looSilverman = enough && silverman !== null ? kdeLeaveOneOutMeanLogLikelihood(values, silverman) : null;

  const progress = curve.length / GRID_SIZE;
  const chart = [grid.slice(0, curve.length).map((g) => Math.log10(g)), curve];
  const sliderValue = h !== null ? Math.min(SLIDER_MAX, Math.max(SLIDER_MIN, Math.log10(h))) : Math.log10(INITIAL_H);

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_320px]">
      <div className="min-w-0 space-y-6">
        <TrainingPanel
          state={state}
          losses={LOSSES}
          iterationLabel="Search step"
          lossHelp={`Each step evaluates one bandwidth: the first ${GRID_SIZE} sweep ${GRID_LO}–${GRID_HI} kg, then golden-section steps close in on the maximum. Values: leave-one-out mean log-likelihood of the training masses, in nats per penguin.`}
        />
        <Card className="p-4">
          <h2 className="font-semibold">Kernel density estimate</h2>
          {!data && !state.failure && (
            <p className="mt-2 text-sm text-muted" aria-live="polite">
              Loading the training data…
            </p>
          )}
          {enough && data && (
            <>
              <p className="mt-1 text-sm text-muted">
                p̂(x) = (1/n) Σᵢ N(x | xᵢ, h²) on the {values.length} training penguins. Grey: histogram, orange: the KDE for the chosen bandwidth.
              </p>
              <div className="mt-3 overflow-x-auto">
                <HistogramCanvas values={values} h={h} label={data.label} />
              </div>
            </>
          )}
          <div className="mt-4 grid gap-3 sm:grid-cols-[minmax(0,1fr)_10rem]">
            <label className="text-sm">
              <span className="block font-medium">
                Bandwidth h (log scale, {10 ** SLIDER_MIN}–{10 ** SLIDER_MAX} kg)
              </span>
              <input
                type="range"
                min={SLIDER_MIN}
                max={SLIDER_MAX}
                step={0.01}
                value={sliderValue}
                onChange={(e) => setH(10 ** Number(e.target.value), "manual")}
                aria-valuetext={h !== null ? `${h.toPrecision(3)} kg` : "invalid"}
                className="mt-2 w-full accent-brand-600"
                disabled={searching}
              />
            </label>
            <label className="text-sm">
              <span className="block font-medium">h (kg)</span>
              <input
                type="number"
                step="any"
                min={MIN_H}
                max={MAX_H}
                value={hText}
                onChange={(e) => {
                  setHText(e.target.value);
                  setSelection("manual");
                }}
                aria-invalid={!hValid}
                aria-describedby="kde-status"
                className="mt-1 w-full rounded-md border border-line px-2 py-1 font-mono"
                disabled={searching}
              />
            </label>
          </div>
          <div className="mt-3 flex flex-wrap gap-2">
            <Button data-testid="run-default" onClick={runDefault} disabled={!enough || searching || !state.ready}>
              {searching ? "Searching…" : "Maximise the leave-one-out likelihood"}
            </Button>
            <Button variant="secondary" onClick={() => silverman !== null && setH(silverman, "silverman")} disabled={silverman === null || searching}>
              Use Silverman&apos;s rule
            </Button>
          </div>
          <div id="kde-status" aria-live="polite" className="mt-3 space-y-1 text-sm">
            {!hValid && (
              <p className="text-red-700">
                The bandwidth must be a number between {MIN_H} and {MAX_H} kg; the server would refuse it.
              </p>
            )}
            {loo !== null && h !== null && (
              <p data-testid="loo-loglik">
                h = <span className="font-mono">{h.toPrecision(4)}</span> kg (
                {selection === "leave-one-out" ? "leave-one-out maximum" : selection === "silverman" ? "Silverman's rule" : "chosen by hand"}): leave-one-out
                mean log-likelihood <span className="font-mono">{loo.toFixed(4)}</span> nats per penguin.
              </p>
            )}
            {best !== null && <p className="text-muted">Best leave-one-out bandwidth found: {best.toPrecision(4)} kg.</p>}
          </div>
        </Card>

        <Card className="p-4">
          <h2 className="font-semibold">Leave-one-out likelihood vs bandwidth</h2>
          <p className="mt-1 text-sm text-muted">
            Each training penguin is scored by the KDE of the other {Math.max(0, values.length - 1)}: too small an h memorises, too large blurs. x axis: log₁₀ h
            (kg).
          </p>
          <label htmlFor="kde-curve-progress" className="mt-2 block text-xs text-muted">
            Curve computed for {curve.length} of {GRID_SIZE} bandwidths{curve.length === 0 ? " (press Start or “Maximise the leave-one-out likelihood”)" : ""}
          </label>
          <progress id="kde-curve-progress" className="mt-1 h-2 w-full accent-brand-600" value={progress} max={1} />
          <div className="mt-3">
            <LineChart
              data={chart}
              series={SERIES}
              xLabel="log10 bandwidth h (kg)"
              yLabel="mean log-likelihood (nats)"
              description={`Leave-one-out mean log-likelihood of the training masses for bandwidths from ${GRID_LO} to ${GRID_HI} kg`}
              version={curveVersion}
            />
          </div>
        </Card>

        <SubmitPanel
          {...exercise}
          label="Submit this bandwidth"
          description="Submits h; the server builds the KDE on the training masses and scores it by the log-likelihood of held-out penguins."
          canSubmit={h !== null && !searching}
          build={async () => ({ body: { bandwidth: h! }, config: { bandwidth: h!, selection } })}
        />
      </div>
      <Card className="h-fit p-4">
        <h2 className="font-semibold">Reference: Silverman&apos;s rule</h2>
        <p className="mt-1 text-sm text-muted">
          h = 0.9 · min(σ̂, IQR/1.34) · n^(−1/5), with σ̂ the sample standard deviation, IQR the interquartile range and n the number of penguins:
          Silverman&apos;s robust rule of thumb. The normal-reference rule h = 1.06 · σ̂ · n^(−1/5) minimises the asymptotic mean integrated squared error when
          both the data and the kernel are Gaussian; the smaller spread and the factor 0.9 make h narrower, so skewed or two-peaked data are not smoothed flat.
        </p>
        {silverman !== null && looSilverman !== null && (
          <p className="mt-2 font-mono text-sm">
            h = {silverman.toPrecision(4)} kg
            <br />
            LOO = {looSilverman.toFixed(4)} nats
          </p>
        )}
      </Card>
    </div>
  );
}
