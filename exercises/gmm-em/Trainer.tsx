"use client";
/** The gmm-em page: EM for a Gaussian mixture on the training penguins, trained with the shared trainer hook. */
import { useEffect, useRef, useState } from "react";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { useChartColours } from "@/app/_components/chart-colours";
import { api } from "@/app/_trpc/react";
import { describeValidationError } from "@/lib/exercises/validation";
import type { EmLosses, EmTrainer } from "@/lib/ml/density/em-trainer";
import { standardise2, type Vec2 } from "@/lib/ml/density/gaussian";
import { createGmmEmTrainer, gmmBic, sampleGmm2, type Gmm2 } from "@/lib/ml/density/gmm";
import { mulberry32 } from "@/lib/ml/random";
import { LIVE_THUMBNAIL_MAX_POINTS } from "@/lib/realtime/protocol";
import { type ExerciseInfo, SubmitPanel } from "@/app/_components/trainer/SubmitPanel";
import { HyperparameterForm, TrainingPanel, type ChoiceField, type NumberField } from "@/app/_components/trainer/TrainingPanel";
import { useTrainer } from "@/app/_components/trainer/useTrainer";
import { DEFAULT_GMM_EM_CONFIG as DEFAULTS, GMM_MAX_COMPONENTS, gmmEmConfigSchema, type GmmEmConfig } from "./spec";

const COLORS = ["#6366f1", "#ea580c", "#16a34a", "#db2777", "#0891b2", "#ca8a04", "#7c3aed", "#dc2626", "#65a30d", "#0d9488"];
const W = 480;
const H = 360;
/** The class grid's thumbnail: the same seeded draws each time, so the tile moves only when the mixture does. */
const THUMBNAIL_SEED = 7;
/** The grid's window is ±100; standardised penguins stay within a few units of 0. */
const THUMBNAIL_LIMIT = 100;
const LOSSES = [{ key: "log-likelihood", label: "log L per penguin (training)", stroke: "#6366f1" }];
const NUMBER_FIELDS: NumberField<GmmEmConfig>[] = [
  { key: "components", label: "Components K", min: 1, max: GMM_MAX_COMPONENTS, step: 1 },
  { key: "seed", label: "Seed", min: 0, max: 2 ** 32 - 1, step: 1 },
];
const CHOICE_FIELDS: ChoiceField<GmmEmConfig>[] = [
  {
    key: "init",
    label: "Initialisation",
    options: [
      ["kmeans++", "k-means++"],
      ["random", "random points"],
    ],
  },
];

type Trainer = EmTrainer<Gmm2>;
type Points = readonly Vec2[];

/** What the page draws, copied out of the trainer after each frame (React state must not alias the live model). */
interface View {
  model: Gmm2;
  config: GmmEmConfig;
  iteration: number;
  converged: boolean;
  logLikelihood: number;
  bic: number;
  /** Whether any EM step lowered the training log-likelihood (it never should). */
  decreased: boolean;
}

function hexToRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Responsibility-weighted colour for each point (pure, for drawing only). */
function pointColours(points: readonly Vec2[], model: Gmm2): string[] {
  const K = model.weights.length;
  const rgbs = COLORS.map(hexToRgb);
  return points.map(([x, y]) => {
    const logs: number[] = [];
    for (let k = 0; k < K; k++) {
      const [[a, b], [, d]] = model.covariances[k];
      const det = a * d - b * b;
      const dx = x - model.means[k][0];
      const dy = y - model.means[k][1];
      const q = (d * dx * dx - 2 * b * dx * dy + a * dy * dy) / det;
      logs.push(Math.log(model.weights[k]) - 0.5 * Math.log(det) - 0.5 * q);
    }
    const m = Math.max(...logs);
    const w = logs.map((l) => Math.exp(l - m));
    const s = w.reduce((p, v) => p + v, 0);
    const rgb = [0, 0, 0];
    w.forEach((v, k) => rgbs[k % rgbs.length].forEach((c, i) => (rgb[i] += (c * v) / s)));
    return `rgb(${rgb.map((c) => Math.round(c)).join(",")})`;
  });
}

function ScatterWithEllipses({ points, labels, model }: { points: readonly Vec2[]; labels: string[]; model: Gmm2 | null }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const theme = useChartColours();
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext("2d");
    if (!c || !ctx || !theme || points.length === 0) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = W * dpr;
    c.height = H * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    const pad = 40;
    const [x0, x1] = [Math.min(...xs) - 2, Math.max(...xs) + 2];
    const [y0, y1] = [Math.min(...ys) - 5, Math.max(...ys) + 5];
    const sx = (x: number) => pad + ((x - x0) / (x1 - x0)) * (W - pad - 10);
    const sy = (y: number) => H - pad - ((y - y0) / (y1 - y0)) * (H - pad - 10);
    ctx.strokeStyle = theme.axis;
    ctx.beginPath();
    ctx.moveTo(pad, 10);
    ctx.lineTo(pad, H - pad);
    ctx.lineTo(W - 10, H - pad);
    ctx.stroke();
    ctx.fillStyle = theme.label;
    ctx.font = "11px sans-serif";
    ctx.fillText(labels[0] ?? "x", W / 2 - 40, H - 10);
    ctx.fillText(`${x0.toFixed(0)}`, pad, H - pad + 14);
    ctx.fillText(`${x1.toFixed(0)}`, W - 30, H - pad + 14);
    ctx.save();
    ctx.translate(12, H / 2 + 40);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(labels[1] ?? "y", 0, 0);
    ctx.restore();
    ctx.fillText(`${y0.toFixed(0)}`, 4, H - pad);
    ctx.fillText(`${y1.toFixed(0)}`, 4, 18);
    const colours = model ? pointColours(points, model) : points.map(() => "#64748b");
    points.forEach(([x, y], i) => {
      ctx.fillStyle = colours[i];
      ctx.globalAlpha = 0.75;
      ctx.beginPath();
      ctx.arc(sx(x), sy(y), 2.5, 0, 2 * Math.PI);
      ctx.fill();
    });
    ctx.globalAlpha = 1;
    if (!model) return;
    model.means.forEach((m, k) => {
      const [[a, b], [, d]] = model.covariances[k];
      // Eigen-decomposition of the 2×2 covariance for the 2σ ellipse.
      const tr = (a + d) / 2;
      const disc = Math.sqrt(((a - d) / 2) ** 2 + b * b);
      const l1 = tr + disc;
      const l2 = Math.max(tr - disc, 0);
      const angle = Math.atan2(l1 - a, b || 1e-12);
      const colour = COLORS[k % COLORS.length];
      ctx.strokeStyle = colour;
      ctx.lineWidth = 2;
      ctx.beginPath();
      for (let s = 0; s <= 64; s++) {
        const t = (s / 64) * 2 * Math.PI;
        const u = 2 * Math.sqrt(l1) * Math.cos(t);
        const v = 2 * Math.sqrt(l2) * Math.sin(t);
        const px = m[0] + u * Math.cos(angle) - v * Math.sin(angle);
        const py = m[1] + u * Math.sin(angle) + v * Math.cos(angle);
        if (s === 0) ctx.moveTo(sx(px), sy(py));
        else ctx.lineTo(sx(px), sy(py));
      }
      ctx.stroke();
      ctx.fillStyle = colour;
      ctx.strokeStyle = theme.surface;
      ctx.beginPath();
      ctx.rect(sx(m[0]) - 4, sy(m[1]) - 4, 8, 8);
      ctx.fill();
      ctx.stroke();
    });
  }, [points, labels, model, theme]);
  const desc = model
    ? `Scatter plot of ${points.length} training penguins (${labels[0]} against ${labels[1]}), coloured by component responsibility, with the 2σ ellipse and mean of each of ${model.weights.length} components: ` +
      model.means.map((m, k) => `component ${k + 1} weight ${model.weights[k].toFixed(3)} mean (${m[0].toFixed(1)}, ${m[1].toFixed(1)})`).join("; ")
    : `Scatter plot of ${points.length} training penguins, ${labels[0]} against ${labels[1]}.`;
  return <canvas ref={canvas} role="img" aria-label={desc} className="h-auto w-full max-w-[480px]" style={{ aspectRatio: `${W} / ${H}` }} />;
}

/**
 * EM for a Gaussian mixture on the training penguins: step by step or to convergence, with the
 * components' ellipses over the points and the (never decreasing) training log-likelihood.
 */
export function GmmEmTrainer(exercise: ExerciseInfo) {
  const utils = api.useUtils();
  const [data, setData] = useState<{ points: Points; labels: string[] } | null>(null);
  const points = useRef<Points>([]);
  /** The config each trainer was built from (the form may have changed since). */
  const configs = useRef(new WeakMap<Trainer, GmmEmConfig>());
  const [view, setView] = useState<View | null>(null);

  const state = useTrainer<GmmEmConfig, Trainer, EmLosses>({
    courseId: exercise.courseId,
    exerciseSlug: exercise.exerciseSlug,
    engine: "js",
    defaultConfig: DEFAULTS,
    configSchema: gmmEmConfigSchema,
    defaultBudget: DEFAULTS.iterations,
    // Cheap to draw: every frame.
    visualEvery: 1,
    prepare: async (progress) => {
      progress(0.2, "Loading the training penguins…");
      const training = await utils.exercise.trainingData.fetch({ courseId: exercise.courseId, exerciseSlug: exercise.exerciseSlug });
      if (training?.kind !== "points" || training.points.length === 0) throw new Error("this exercise has no 2-D training points");
      points.current = training.points;
      setData({ points: training.points, labels: training.labels });
      progress(1, "Loaded");
    },
    create: (config) => {
      // The form's numbers are not clamped: refuse what the submission's config would refuse.
      const parsed = gmmEmConfigSchema.safeParse(config);
      if (!parsed.success) throw new Error(describeValidationError(parsed.error, config, "The settings"));
      const t = createGmmEmTrainer(points.current, config);
      configs.current.set(t, config);
      return t;
    },
    onVisual: (t) => {
      const curve = t.curve();
      setView({
        model: t.model,
        config: configs.current.get(t) ?? DEFAULTS,
        iteration: t.iteration,
        converged: t.converged,
        logLikelihood: t.currentLogLikelihood(),
        bic: gmmBic(points.current, t.model),
        decreased: curve.some((v, i) => i > 0 && v < curve[i - 1] - 1e-6 * Math.abs(v)),
      });
    },
    thumbnail: (t) =>
      standardise2(sampleGmm2(t.model, LIVE_THUMBNAIL_MAX_POINTS, mulberry32(THUMBNAIL_SEED)), points.current)
        .flat()
        .map((v) => Math.max(-THUMBNAIL_LIMIT, Math.min(THUMBNAIL_LIMIT, v))),
  });

  // "Run defaults to convergence": a fresh model with the defaults, trained until EM converges.
  const runDefaults = () => state.runFresh(DEFAULTS, DEFAULTS.iterations);

  const running = state.running;
  const steps = view?.iteration ?? 0;
  const minEigenvalue = view?.config.minEigenvalue ?? DEFAULTS.minEigenvalue;

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_320px]">
      <div className="min-w-0 space-y-6">
        <TrainingPanel
          state={state}
          losses={LOSSES}
          iterationLabel="EM step"
          lossHelp={`Mean training log-likelihood of the current mixture, in nats per penguin. EM never lowers it: every step is guaranteed to keep it the same or raise it.${view?.decreased ? " (A decrease here would be a bug.)" : ""} Higher K always fits the training penguins better — compare BIC to see when it stops paying.`}
        />
        <Card className="p-4">
          <h2 className="font-semibold">Expectation–maximisation</h2>
          <p className="mt-1 text-sm text-muted">
            Each step computes every penguin&apos;s responsibilities (E) and refits each component&apos;s weight, mean and covariance to them (M). Covariance
            eigenvalues are floored at {minEigenvalue} mm², as the scorer requires. Start runs until EM converges (or the budget runs out).
          </p>
          <div className="mt-3 flex flex-wrap gap-2">
            <Button data-testid="run-default" onClick={() => void runDefaults()} disabled={running || !state.ready}>
              Run defaults to convergence
            </Button>
          </div>
          <p className="mt-2 text-sm" aria-live="polite" data-testid="gmm-status">
            {!view
              ? state.failure
                ? ""
                : "Loading the training penguins…"
              : steps === 0
                ? `K = ${view.config.components} · seeded initial mixture (${view.config.init === "random" ? "random points" : "k-means++"} means, the data's covariance) · log L = ${view.logLikelihood.toFixed(2)}. Press Start, Step or Run defaults to convergence.`
                : `K = ${view.config.components} · ${steps} step${steps === 1 ? "" : "s"}${view.converged ? " · converged" : running ? " · running…" : ""} · log L = ${view.logLikelihood.toFixed(2)} · BIC = ${view.bic.toFixed(1)}`}
          </p>
          {data && (
            <div className="mt-3 overflow-x-auto">
              <ScatterWithEllipses points={data.points} labels={data.labels} model={view?.model ?? null} />
            </div>
          )}
        </Card>
        {view && (
          <Card className="p-4">
            <div className="overflow-x-auto">
              <table className="text-sm">
                <caption className="text-left text-muted">Fitted components</caption>
                <thead>
                  <tr className="text-left text-xs text-muted">
                    <th scope="col" className="pr-3">
                      #
                    </th>
                    <th scope="col" className="pr-3">
                      weight
                    </th>
                    <th scope="col" className="pr-3">
                      mean
                    </th>
                    <th scope="col">covariance [a, b; b, d]</th>
                  </tr>
                </thead>
                <tbody className="font-mono tabular-nums">
                  {view.model.weights.map((w, k) => (
                    <tr key={k}>
                      <th scope="row" className="pr-3" style={{ color: COLORS[k % COLORS.length] }}>
                        {k + 1}
                      </th>
                      <td className="pr-3">{w.toFixed(3)}</td>
                      <td className="pr-3">
                        ({view.model.means[k][0].toFixed(2)}, {view.model.means[k][1].toFixed(2)})
                      </td>
                      <td>
                        [{view.model.covariances[k][0][0].toFixed(2)}, {view.model.covariances[k][0][1].toFixed(2)};{" "}
                        {view.model.covariances[k][1][0].toFixed(2)}, {view.model.covariances[k][1][1].toFixed(2)}]
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
        )}
        <SubmitPanel
          {...exercise}
          label="Submit this mixture"
          description="Submits the current weights, means and covariances; the server scores held-out penguins and training BIC."
          canSubmit={!!view && steps > 0 && !running}
          build={async () => {
            const t = state.trainer.current;
            if (!t || t.iteration === 0) throw new Error("Run EM first.");
            const m = t.model;
            const config = configs.current.get(t) ?? DEFAULTS;
            return {
              body: { weights: m.weights, means: m.means, covariances: m.covariances },
              config: { ...config, iterations: Math.min(5000, Math.max(1, t.iteration)) },
            };
          }}
        />
      </div>
      <HyperparameterForm<GmmEmConfig> state={state} numbers={NUMBER_FIELDS} choices={CHOICE_FIELDS} budgetStep={50} />
    </div>
  );
}
