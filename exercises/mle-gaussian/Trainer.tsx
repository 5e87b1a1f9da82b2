"use client";
/** The mle-gaussian page: the maximum-likelihood Gaussian of the training penguins (closed form, one step of the shared trainer hook). */
import { useEffect, useRef, useState } from "react";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { useChartColours } from "@/app/_components/chart-colours";
import { api } from "@/app/_trpc/react";
import { checkCovariance2 } from "@/lib/ml/density/checks";
import { cholesky2, eigenvalues2, gaussianMeanLogLikelihood, sampleGaussian2, standardise2, type Gaussian2, type Vec2 } from "@/lib/ml/density/gaussian";
import { GaussianMleTrainer, type GaussianMleLosses } from "@/lib/ml/density/gaussian-mle-trainer";
import { mulberry32 } from "@/lib/ml/random";
import { LIVE_THUMBNAIL_MAX_POINTS } from "@/lib/realtime/protocol";
import { type ExerciseInfo, SubmitPanel } from "@/app/_components/trainer/SubmitPanel";
import { TrainingPanel } from "@/app/_components/trainer/TrainingPanel";
import { useTrainer } from "@/app/_components/trainer/useTrainer";
import {
  DEFAULT_MLE_GAUSSIAN_CONFIG as DEFAULTS,
  mleGaussianConfigSchema,
  PENGUIN_COORDINATE_LIMIT as COORDINATE_LIMIT,
  PENGUIN_COVARIANCE_BOUNDS as BOUNDS,
  type MleGaussianConfig,
} from "./spec";

const CANVAS_W = 480;
const CANVAS_H = 360;
/** The class grid's thumbnail: the same seeded draws each time. */
const THUMBNAIL_SEED = 7;
/** The grid's window is ±100; standardised penguins stay within a few units of 0. */
const THUMBNAIL_LIMIT = 100;
const LOSSES = [{ key: "log-likelihood", label: "Mean log-likelihood (training)", stroke: "#6366f1" }];

type Fields = { mx: string; my: string; a: string; b: string; d: string };
type Divisor = MleGaussianConfig["covarianceDivisor"];

/** Full precision, so that submitting right after the fit sends the exact MLE. */
const toFields = (g: Gaussian2): Fields => ({
  mx: String(g.mean[0]),
  my: String(g.mean[1]),
  a: String(g.covariance[0][0]),
  b: String(g.covariance[0][1]),
  d: String(g.covariance[1][1]),
});

/** Parses the inputs and applies the same covariance rule as the server; returns the Gaussian or the problems. */
function readFields(f: Fields): { g: Gaussian2 | null; problems: string[] } {
  const problems: string[] = [];
  const num = (text: string, name: string) => {
    const v = text.trim() === "" ? NaN : Number(text);
    if (!Number.isFinite(v)) problems.push(`${name} is not a number.`);
    return v;
  };
  const mx = num(f.mx, "Mean beak length");
  const my = num(f.my, "Mean flipper length");
  const a = num(f.a, "Var(beak)");
  const b = num(f.b, "Cov(beak, flipper)");
  const d = num(f.d, "Var(flipper)");
  if (problems.length) return { g: null, problems };
  for (const v of [mx, my]) if (Math.abs(v) > COORDINATE_LIMIT) problems.push(`Mean entries must be within ±${COORDINATE_LIMIT} mm.`);
  const cov: [[number, number], [number, number]] = [
    [a, b],
    [b, d],
  ];
  checkCovariance2(cov, "covariance", (_field, message) => problems.push(`The covariance ${message}.`), BOUNDS);
  return problems.length ? { g: null, problems } : { g: { mean: [mx, my], covariance: cov }, problems };
}

function ScatterCanvas({ points, labels, gaussian }: { points: readonly Vec2[]; labels: [string, string]; gaussian: Gaussian2 | null }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const colours = useChartColours();
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext("2d");
    if (!c || !ctx || !colours) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = CANVAS_W * dpr;
    c.height = CANVAS_H * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, CANVAS_W, CANVAS_H);
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    const pad = (lo: number, hi: number) => [lo - 0.08 * (hi - lo || 1), hi + 0.08 * (hi - lo || 1)];
    const [x0, x1] = pad(Math.min(...xs), Math.max(...xs));
    const [y0, y1] = pad(Math.min(...ys), Math.max(...ys));
    const left = 52;
    const bottom = CANVAS_H - 40;
    const right = CANVAS_W - 10;
    const top = 10;
    const px = (x: number) => left + ((x - x0) / (x1 - x0)) * (right - left);
    const py = (y: number) => bottom - ((y - y0) / (y1 - y0)) * (bottom - top);
    // Axes with ticks.
    ctx.strokeStyle = colours.axis;
    ctx.fillStyle = colours.label;
    ctx.font = "11px sans-serif";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(left, top);
    ctx.lineTo(left, bottom);
    ctx.lineTo(right, bottom);
    ctx.stroke();
    const ticks = (lo: number, hi: number) => {
      const step = 10 ** Math.floor(Math.log10((hi - lo) / 5));
      const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => (hi - lo) / s <= 7) ?? 10 * step;
      const out: number[] = [];
      for (let v = Math.ceil(lo / nice) * nice; v <= hi; v += nice) out.push(+v.toFixed(6));
      return out;
    };
    ctx.textAlign = "center";
    for (const v of ticks(x0, x1)) {
      ctx.fillText(String(v), px(v), bottom + 14);
    }
    ctx.textAlign = "right";
    for (const v of ticks(y0, y1)) ctx.fillText(String(v), left - 4, py(v) + 4);
    ctx.textAlign = "center";
    ctx.fillText(labels[0], (left + right) / 2, CANVAS_H - 6);
    ctx.save();
    ctx.translate(12, (top + bottom) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(labels[1], 0, 0);
    ctx.restore();
    // Points.
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, right - left, bottom - top);
    ctx.clip();
    ctx.fillStyle = colours.ink;
    ctx.globalAlpha = 0.55;
    for (const [x, y] of points) {
      ctx.beginPath();
      ctx.arc(px(x), py(y), 2.2, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.globalAlpha = 1;
    // Ellipses: mean + k·L·(cos θ, sin θ) with L Lᵀ = Σ.
    const chol = gaussian && cholesky2(gaussian.covariance);
    if (gaussian && chol) {
      for (const [k, colour] of [
        [1, "#6366f1"],
        [2, "#ea580c"],
      ] as const) {
        ctx.strokeStyle = colour;
        ctx.lineWidth = 2;
        ctx.beginPath();
        for (let s = 0; s <= 128; s++) {
          const t = (2 * Math.PI * s) / 128;
          const u = k * Math.cos(t);
          const v = k * Math.sin(t);
          const x = gaussian.mean[0] + chol.l11 * u;
          const y = gaussian.mean[1] + chol.l21 * u + chol.l22 * v;
          if (s === 0) ctx.moveTo(px(x), py(y));
          else ctx.lineTo(px(x), py(y));
        }
        ctx.stroke();
      }
      ctx.fillStyle = "#6366f1";
      ctx.fillRect(px(gaussian.mean[0]) - 3, py(gaussian.mean[1]) - 3, 6, 6);
    }
    ctx.restore();
  }, [points, labels, gaussian, colours]);
  const desc = gaussian
    ? `Scatter plot of ${points.length} training penguins, ${labels[0]} against ${labels[1]}, with the 1σ and 2σ ellipses of the Gaussian with mean (${gaussian.mean[0].toFixed(2)}, ${gaussian.mean[1].toFixed(2)}).`
    : `Scatter plot of ${points.length} training penguins, ${labels[0]} against ${labels[1]}.`;
  return <canvas ref={canvas} role="img" aria-label={desc} className="h-auto w-full max-w-[480px]" style={{ aspectRatio: `${CANVAS_W} / ${CANVAS_H}` }} />;
}

/**
 * A 2-D Gaussian fitted to the training penguins by maximum likelihood; the mean and covariance
 * can be edited by hand to watch the training log-likelihood fall away from the MLE.
 */
export function MleGaussianTrainer(exercise: ExerciseInfo) {
  const utils = api.useUtils();
  const [data, setData] = useState<{ points: readonly Vec2[]; labels: [string, string] } | null>(null);
  const points = useRef<readonly Vec2[]>([]);
  const [fields, setFields] = useState<Fields | null>(null);
  const [divisor, setDivisor] = useState<Divisor>(DEFAULTS.covarianceDivisor);
  const [fitted, setFitted] = useState<Gaussian2 | null>(null);
  /** The trainer whose fit is in the fields: later redraws of the same fit leave hand edits alone. */
  const shown = useRef<GaussianMleTrainer | null>(null);

  const state = useTrainer<MleGaussianConfig, GaussianMleTrainer, GaussianMleLosses>({
    courseId: exercise.courseId,
    exerciseSlug: exercise.exerciseSlug,
    engine: "js",
    defaultConfig: DEFAULTS,
    configSchema: mleGaussianConfigSchema,
    // One step is the whole (closed-form) fit.
    defaultBudget: 1,
    prepare: async (progress) => {
      progress(0.2, "Loading the training penguins…");
      const training = await utils.exercise.trainingData.fetch({ courseId: exercise.courseId, exerciseSlug: exercise.exerciseSlug });
      if (training?.kind !== "points" || training.points.length < 2) throw new Error("this exercise has no 2-D training points");
      points.current = training.points;
      setData({ points: training.points, labels: training.labels });
      progress(1, "Loaded");
    },
    create: (config) => new GaussianMleTrainer(points.current, config),
    onVisual: (t) => {
      if (!t.gaussian) {
        // A fresh model (Reset): nothing fitted yet.
        shown.current = null;
        setFitted(null);
        setFields(null);
        return;
      }
      if (shown.current === t) return;
      shown.current = t;
      setFitted(t.gaussian);
      setDivisor(t.config.covarianceDivisor);
      setFields(toFields(t.gaussian));
    },
    thumbnail: (t) =>
      t.gaussian
        ? standardise2(sampleGaussian2(t.gaussian, LIVE_THUMBNAIL_MAX_POINTS, mulberry32(THUMBNAIL_SEED)), points.current)
            .flat()
            .map((v) => Math.max(-THUMBNAIL_LIMIT, Math.min(THUMBNAIL_LIMIT, v)))
        : [],
  });

  // A fit button: a fresh model with this divisor, fitted in its one step.
  const fit = (d: Divisor) => state.runFresh({ ...state.config, covarianceDivisor: d }, 1);
  const busy = state.running || !state.ready;

  const read = fields ? readFields(fields) : null;
  const current = read?.g ?? null;
  const ll = data && current ? gaussianMeanLogLikelihood(data.points, current) : null;
  const llFitted = data && fitted ? gaussianMeanLogLikelihood(data.points, fitted) : null;
  const eig =
    fields && Number.isFinite(Number(fields.a)) && Number.isFinite(Number(fields.b)) && Number.isFinite(Number(fields.d))
      ? eigenvalues2([
          [Number(fields.a), Number(fields.b)],
          [Number(fields.b), Number(fields.d)],
        ])
      : null;

  const input = (key: keyof Fields, label: string, unit: string) => (
    <label className="text-sm">
      <span className="block font-medium">
        {label} <span className="text-xs text-muted">({unit})</span>
      </span>
      <input
        type="number"
        step="any"
        value={fields?.[key] ?? ""}
        disabled={!fields}
        onChange={(e) => setFields((f) => (f ? { ...f, [key]: e.target.value } : f))}
        aria-invalid={read ? read.problems.length > 0 : undefined}
        aria-describedby="mle-problems"
        className="mt-1 w-full rounded-md border border-line px-2 py-1 font-mono"
      />
    </label>
  );

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_320px]">
      <div className="min-w-0 space-y-6">
        <TrainingPanel
          state={state}
          losses={LOSSES}
          iterationLabel="Fits"
          lossHelp="Mean log-likelihood of the training penguins under the fitted Gaussian, in nats per penguin. The fit is closed form: one step reaches the maximum, and another step refits to the same answer."
        />
        <Card className="p-4">
          <h2 className="font-semibold">The training penguins</h2>
          {!data && !state.failure && (
            <p className="mt-2 text-sm text-muted" aria-live="polite">
              Loading the training data…
            </p>
          )}
          {data && (
            <>
              <p className="mt-1 text-sm text-muted">
                {data.points.length} penguins. The maximum-likelihood Gaussian has the sample mean and the covariance divided by N (not N − 1). Blue: 1σ
                ellipse, orange: 2σ ellipse.
              </p>
              <div className="mt-3 overflow-x-auto">
                <ScatterCanvas points={data.points} labels={data.labels} gaussian={current} />
              </div>
              <div className="mt-3 flex flex-wrap gap-2">
                <Button data-testid="run-default" onClick={() => void fit("n")} disabled={busy}>
                  Fit by maximum likelihood
                </Button>
                <Button variant="secondary" onClick={() => void fit("n-1")} disabled={busy}>
                  Unbiased covariance (1/(N − 1)) for comparison
                </Button>
              </div>
            </>
          )}
        </Card>

        <Card className="p-4">
          <h2 className="font-semibold">Mean and covariance</h2>
          <p className="mt-1 text-sm text-muted">Edit the numbers and watch the training log-likelihood: the MLE is where it is highest.</p>
          <fieldset className="mt-3">
            <legend className="text-xs font-medium text-muted">Mean μ</legend>
            <div className="mt-1 grid gap-3 sm:grid-cols-2">
              {input("mx", `μ₁ · ${data?.labels[0] ?? "beak length"}`, "mm")}
              {input("my", `μ₂ · ${data?.labels[1] ?? "flipper length"}`, "mm")}
            </div>
          </fieldset>
          <fieldset className="mt-3">
            <legend className="text-xs font-medium text-muted">Covariance Σ = [[a, b], [b, d]] (symmetric)</legend>
            <div className="mt-1 grid gap-3 sm:grid-cols-3">
              {input("a", "a = Var(beak)", "mm²")}
              {input("b", "b = Cov(beak, flipper)", "mm²")}
              {input("d", "d = Var(flipper)", "mm²")}
            </div>
          </fieldset>
          <p className="mt-2 text-xs text-muted">
            Rule checked by the server: Σ must be symmetric and positive definite with both eigenvalues ≥ {BOUNDS.minEigenvalue} {BOUNDS.unit} (
            {BOUNDS.floorReason}
            ), entries within ±{BOUNDS.maxEntry.toExponential(0)} {BOUNDS.unit}; mean entries within ±{COORDINATE_LIMIT} mm.
            {eig && ` Eigenvalues now: ${eig[0].toFixed(3)} and ${eig[1].toFixed(3)} mm².`}
          </p>
          <div id="mle-problems" aria-live="polite" className="mt-2 text-sm">
            {!fields && <p className="text-muted">Press “Fit by maximum likelihood” first.</p>}
            {read && read.problems.length > 0 && (
              <ul className="list-disc pl-5 text-red-700" role="alert">
                {read.problems.map((p) => (
                  <li key={p}>{p} The server would refuse this.</li>
                ))}
              </ul>
            )}
            {ll !== null && (
              <p data-testid="train-loglik">
                Mean log-likelihood on the training penguins: <span className="font-mono">{ll.toFixed(4)}</span> nats per penguin
                {llFitted !== null && Math.abs(ll - llFitted) > 1e-9 && (
                  <span className="text-muted">
                    {" "}
                    ({(ll - llFitted).toFixed(4)} vs the {divisor === "n" ? "maximum-likelihood" : "unbiased"} fit)
                  </span>
                )}
                .
              </p>
            )}
          </div>
        </Card>

        <SubmitPanel
          {...exercise}
          label="Submit this Gaussian"
          description="Submits the mean and covariance above; the server scores them by the log-likelihood of held-out penguins."
          canSubmit={current !== null}
          build={async () => {
            const g = current!;
            return {
              body: {
                mean: [g.mean[0], g.mean[1]],
                covariance: [
                  [g.covariance[0][0], g.covariance[0][1]],
                  [g.covariance[1][0], g.covariance[1][1]],
                ],
              },
              config: { covarianceDivisor: divisor },
            };
          }}
        />
      </div>
      <Card className="h-fit p-4">
        <h2 className="font-semibold">Maximum likelihood</h2>
        <p className="mt-1 text-sm text-muted">
          μ̂ = (1/N) Σₙ xₙ, Σ̂ = (1/N) Σₙ (xₙ − μ̂)(xₙ − μ̂)ᵀ. The log-likelihood per point is −log 2π − ½ log det Σ − ½ (x − μ)ᵀ Σ⁻¹ (x − μ), averaged over the
          points.
        </p>
        {fitted && (
          <dl className="mt-3 space-y-1 font-mono text-xs">
            <div>
              <dt className="inline text-muted">fit ({divisor === "n" ? "1/N" : "1/(N − 1)"}): </dt>
              <dd className="inline">
                μ = ({fitted.mean[0].toFixed(3)}, {fitted.mean[1].toFixed(3)})
              </dd>
            </div>
            <div>
              <dd>
                Σ = [[{fitted.covariance[0][0].toFixed(3)}, {fitted.covariance[0][1].toFixed(3)}], [{fitted.covariance[1][0].toFixed(3)},{" "}
                {fitted.covariance[1][1].toFixed(3)}]]
              </dd>
            </div>
          </dl>
        )}
      </Card>
    </div>
  );
}
