"use client";
import { useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { api } from "@/app/_trpc/react";
import { kdeLeaveOneOutMeanLogLikelihood, kdeLogDensity, silvermanBandwidth } from "@/lib/ml/density/kde";
import { LineChart } from "./LineChart";
import { type ExerciseInfo, SubmitPanel } from "./SubmitPanel";

/** Mirrors lib/exercises/kde-bandwidth.ts (runtime values from lib/exercises must not reach the browser). */
const MIN_H = 1e-4;
const MAX_H = 100;
const INITIAL_H = 0.5;
/** Slider range, log10(h) in kg. */
const SLIDER_MIN = -3;
const SLIDER_MAX = 1;
/** Leave-one-out curve: log-spaced bandwidths over [GRID_LO, GRID_HI] kg. */
const GRID_LO = 0.01;
const GRID_HI = 3;
const GRID_SIZE = 80;
const GRID = Array.from({ length: GRID_SIZE }, (_, i) => GRID_LO * (GRID_HI / GRID_LO) ** (i / (GRID_SIZE - 1)));
const CANVAS_W = 560;
const CANVAS_H = 300;
const SERIES = [{ label: "leave-one-out mean log-likelihood", stroke: "#4f46e5" }];

type Selection = "manual" | "leave-one-out" | "silverman";

function HistogramCanvas({ values, h, label }: { values: number[]; h: number | null; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext("2d");
    if (!c || !ctx || values.length === 0) return;
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
    ctx.strokeStyle = "#64748b";
    dens.forEach((d, i) => {
      const a = px(lo + i * width);
      const b = px(lo + (i + 1) * width);
      ctx.fillRect(a, py(d), b - a - 1, bottom - py(d));
    });
    // Rug of the training masses.
    ctx.strokeStyle = "rgba(15, 23, 42, 0.35)";
    ctx.beginPath();
    for (const v of values) {
      ctx.moveTo(px(v), bottom);
      ctx.lineTo(px(v), bottom + 5);
    }
    ctx.stroke();
    if (curve.length) {
      ctx.strokeStyle = "#ea580c";
      ctx.lineWidth = 2;
      ctx.beginPath();
      curve.forEach((v, i) => (i === 0 ? ctx.moveTo(px(curveX[i]), py(v)) : ctx.lineTo(px(curveX[i]), py(v))));
      ctx.stroke();
      ctx.lineWidth = 1;
    }
    ctx.strokeStyle = "#94a3b8";
    ctx.beginPath();
    ctx.moveTo(left, top);
    ctx.lineTo(left, bottom);
    ctx.lineTo(right, bottom);
    ctx.stroke();
    ctx.fillStyle = "#475569";
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
  }, [values, h, label]);
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

/** Golden-section search for the maximum of f on [lo, hi] (log h), after the grid has bracketed it. */
function goldenMax(f: (x: number) => number, lo: number, hi: number, iterations: number): number {
  const r = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let c = b - r * (b - a);
  let d = a + r * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < iterations; i++) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - r * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + r * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * Gaussian-kernel KDE of the training body masses: bandwidth by hand (log slider), by Silverman's
 * rule, or by maximising the leave-one-out likelihood on the training data.
 */
export function KdeBandwidthTrainer(exercise: ExerciseInfo) {
  const training = api.exercise.trainingData.useQuery({ courseId: exercise.courseId, exerciseSlug: exercise.exerciseSlug });
  const data = training.data?.kind === "numbers" ? training.data : null;
  const values = useMemo(() => data?.values ?? [], [data]);
  const enough = values.length >= 2;

  const [hText, setHText] = useState(String(INITIAL_H));
  const [selection, setSelection] = useState<Selection>("manual");
  const hParsed = hText.trim() === "" ? NaN : Number(hText);
  const hValid = Number.isFinite(hParsed) && hParsed >= MIN_H && hParsed <= MAX_H;
  const h = hValid ? hParsed : null;

  // The leave-one-out curve over GRID, filled in chunks.
  const [curve, setCurve] = useState<number[]>([]);
  const [curveVersion, setCurveVersion] = useState(0);
  const curveRef = useRef<number[]>([]);
  const curveJob = useRef<Promise<void> | null>(null);
  const [searching, setSearching] = useState(false);
  const [best, setBest] = useState<number | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const computeCurve = () => {
    if (curveJob.current) return curveJob.current;
    const job = (async () => {
      const out: number[] = [];
      curveRef.current = out;
      for (let i = 0; i < GRID.length; i++) {
        const t0 = performance.now();
        while (i < GRID.length && performance.now() - t0 < 12) out.push(kdeLeaveOneOutMeanLogLikelihood(values, GRID[i++]));
        i--;
        if (!alive.current) return;
        setCurve([...out]);
        setCurveVersion((v) => v + 1);
        await nextFrame();
      }
    })();
    curveJob.current = job;
    return job;
  };

  useEffect(() => {
    if (!enough) return;
    curveJob.current = null;
    void computeCurve();
    // Recompute only when the training data changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [values, enough]);

  const silverman = enough ? silvermanBandwidth(values) : null;
  const loo = enough && h !== null ? kdeLeaveOneOutMeanLogLikelihood(values, h) : null;
  const looSilverman = enough && silverman !== null ? kdeLeaveOneOutMeanLogLikelihood(values, silverman) : null;

  const setH = (value: number, how: Selection) => {
    setHText(String(+value.toPrecision(6)));
    setSelection(how);
  };

  const runDefault = async () => {
    if (!enough || searching) return;
    setSearching(true);
    try {
      await computeCurve();
      const ys = curveRef.current;
      let k = 0;
      for (let i = 1; i < ys.length; i++) if (ys[i] > ys[k]) k = i;
      // Refine between the grid neighbours of the best grid point, in log h.
      const lo = Math.log(GRID[Math.max(0, k - 1)]);
      const hi = Math.log(GRID[Math.min(GRID.length - 1, k + 1)]);
      await nextFrame();
      const x = goldenMax((t) => kdeLeaveOneOutMeanLogLikelihood(values, Math.exp(t)), lo, hi, 30);
      const hBest = Math.exp(x);
      if (!alive.current) return;
      setBest(hBest);
      setH(hBest, "leave-one-out");
    } finally {
      if (alive.current) setSearching(false);
    }
  };

  const progress = curve.length / GRID.length;
  const chart = [GRID.slice(0, curve.length).map((g) => Math.log10(g)), curve];
  const sliderValue = h !== null ? Math.min(SLIDER_MAX, Math.max(SLIDER_MIN, Math.log10(h))) : Math.log10(INITIAL_H);

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_320px]">
      <div className="min-w-0 space-y-6">
        <Card className="p-4">
          <h2 className="font-semibold">Kernel density estimate</h2>
          {training.isLoading && <p className="mt-2 text-sm text-muted" aria-live="polite">Loading the training data…</p>}
          {training.error && (
            <p role="alert" className="mt-2 text-sm text-red-700">
              Could not load the training data: {training.error.message}
            </p>
          )}
          {training.data && !enough && <p role="alert" className="mt-2 text-sm text-red-700">Unexpected training data (expected at least two numbers).</p>}
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
              <span className="block font-medium">Bandwidth h (log scale, {10 ** SLIDER_MIN}–{10 ** SLIDER_MAX} kg)</span>
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
            <Button data-testid="run-default" onClick={() => void runDefault()} disabled={!enough || searching}>
              {searching ? "Searching…" : "Maximise the leave-one-out likelihood"}
            </Button>
            <Button variant="secondary" onClick={() => silverman !== null && setH(silverman, "silverman")} disabled={silverman === null || searching}>
              Use Silverman&apos;s rule
            </Button>
          </div>
          <div id="kde-status" aria-live="polite" className="mt-3 space-y-1 text-sm">
            {!hValid && <p className="text-red-700">The bandwidth must be a number between {MIN_H} and {MAX_H} kg; the server would refuse it.</p>}
            {loo !== null && h !== null && (
              <p data-testid="loo-loglik">
                h = <span className="font-mono">{h.toPrecision(4)}</span> kg ({selection === "leave-one-out" ? "leave-one-out maximum" : selection === "silverman" ? "Silverman's rule" : "chosen by hand"}):
                leave-one-out mean log-likelihood <span className="font-mono">{loo.toFixed(4)}</span> nats per penguin.
              </p>
            )}
            {best !== null && <p className="text-muted">Best leave-one-out bandwidth found: {best.toPrecision(4)} kg.</p>}
          </div>
        </Card>

        <Card className="p-4">
          <h2 className="font-semibold">Leave-one-out likelihood vs bandwidth</h2>
          <p className="mt-1 text-sm text-muted">
            Each training penguin is scored by the KDE of the other {Math.max(0, values.length - 1)}: too small an h memorises, too large blurs. x axis: log₁₀ h (kg).
          </p>
          <label htmlFor="kde-curve-progress" className="mt-2 block text-xs text-muted">
            Curve computed for {curve.length} of {GRID.length} bandwidths
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
        <p className="mt-1 text-sm text-muted">h = 0.9 · min(σ̂, IQR/1.34) · n^(−1/5), a rule of thumb that is optimal for a single Gaussian.</p>
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
