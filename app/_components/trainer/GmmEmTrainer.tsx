"use client";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { api } from "@/app/_trpc/react";
import type { Vec2 } from "@/lib/ml/density/gaussian";
import { emStep, gmmBic, gmmLogLikelihood, initialGmm, type Gmm2 } from "@/lib/ml/density/gmm";
import { LineChart } from "./LineChart";
import { type ExerciseInfo, SubmitPanel } from "./SubmitPanel";

/** Mirrors gmm-em's defaultHyperparameters (lib/exercises/gmm-em.ts; runtime values stay server-side). */
const DEFAULTS = { components: 3, iterations: 300, tolerance: 1e-8, seed: 1, init: "kmeans++" as "kmeans++" | "random", minEigenvalue: 1 };
const COLORS = ["#4f46e5", "#ea580c", "#16a34a", "#db2777", "#0891b2", "#ca8a04", "#7c3aed", "#dc2626", "#65a30d", "#475569"];
const W = 480;
const H = 360;
const ITER_PER_FRAME = 5;

interface Run {
  model: Gmm2;
  /** Training log-likelihood of the model before each step, then of the current model. */
  logLikelihoods: number[];
  converged: boolean;
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
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext("2d");
    if (!c || !ctx || points.length === 0) return;
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
    ctx.strokeStyle = "#94a3b8";
    ctx.beginPath();
    ctx.moveTo(pad, 10);
    ctx.lineTo(pad, H - pad);
    ctx.lineTo(W - 10, H - pad);
    ctx.stroke();
    ctx.fillStyle = "#475569";
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
      ctx.strokeStyle = "#fff";
      ctx.beginPath();
      ctx.rect(sx(m[0]) - 4, sy(m[1]) - 4, 8, 8);
      ctx.fill();
      ctx.stroke();
    });
  }, [points, labels, model]);
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
  const training = api.exercise.trainingData.useQuery({ courseId: exercise.courseId, exerciseSlug: exercise.exerciseSlug });
  const data = training.data?.kind === "points" ? training.data : null;
  const points = data?.points ?? null;
  const [components, setComponents] = useState(DEFAULTS.components);
  const [init, setInit] = useState(DEFAULTS.init);
  const [seed, setSeed] = useState(DEFAULTS.seed);
  const [run, setRun] = useState<Run | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const frame = useRef<number | null>(null);
  const runRef = useRef<Run | null>(null);
  runRef.current = run;
  /** The config the current model came from. */
  const used = useRef({ components, init, seed });

  useEffect(() => () => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
  }, []);

  const start = (k = components, i = init, s = seed): Run | null => {
    if (!points || points.length === 0) return null;
    try {
      const model = initialGmm(points, { components: k, seed: s, init: i, minEigenvalue: DEFAULTS.minEigenvalue });
      used.current = { components: k, init: i, seed: s };
      setError(null);
      return { model, logLikelihoods: [gmmLogLikelihood(points, model)], converged: false };
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return null;
    }
  };

  /** One EM step; logLikelihoods ends with the new model's log L. */
  const advance = (r: Run): Run => {
    if (!points) return r;
    const step = emStep(points, r.model, DEFAULTS.minEigenvalue);
    const lls = [...r.logLikelihoods];
    lls[lls.length - 1] = step.logLikelihood;
    const next = gmmLogLikelihood(points, step.model);
    lls.push(next);
    const prev = step.logLikelihood;
    const converged = Math.abs(next - prev) < DEFAULTS.tolerance * Math.abs(next);
    return { model: step.model, logLikelihoods: lls, converged };
  };

  const stop = () => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    frame.current = null;
    setRunning(false);
  };

  const reset = () => {
    stop();
    setRun(start());
  };

  const stepOnce = () => {
    const r = runRef.current && sameConfig() ? runRef.current : start();
    if (r) setRun(advance(r));
  };

  const sameConfig = () => used.current.components === components && used.current.init === init && used.current.seed === seed;

  const runToConvergence = (fromDefaults: boolean) => {
    stop();
    let r: Run | null;
    if (fromDefaults) {
      setComponents(DEFAULTS.components);
      setInit(DEFAULTS.init);
      setSeed(DEFAULTS.seed);
      r = start(DEFAULTS.components, DEFAULTS.init, DEFAULTS.seed);
    } else r = runRef.current && sameConfig() ? runRef.current : start();
    if (!r) return;
    setRunning(true);
    let current = r;
    const tick = () => {
      for (let i = 0; i < ITER_PER_FRAME && !current.converged && current.logLikelihoods.length - 1 < DEFAULTS.iterations; i++) current = advance(current);
      setRun(current);
      if (current.converged || current.logLikelihoods.length - 1 >= DEFAULTS.iterations) {
        frame.current = null;
        setRunning(false);
      } else frame.current = requestAnimationFrame(tick);
    };
    frame.current = requestAnimationFrame(tick);
  };

  if (training.isLoading) return <Card className="p-4" aria-live="polite">Loading the training penguins…</Card>;
  if (training.error) return <Card className="p-4"><p role="alert" className="text-red-700">Could not load the training data: {training.error.message}</p></Card>;
  if (!points || !data) return <Card className="p-4"><p role="alert">This exercise has no 2-D training points.</p></Card>;

  const steps = run ? run.logLikelihoods.length - 1 : 0;
  const ll = run?.logLikelihoods[run.logLikelihoods.length - 1] ?? null;
  const bic = run ? gmmBic(points, run.model) : null;
  const progress = Math.min(1, steps / DEFAULTS.iterations);
  const chart = run ? [run.logLikelihoods.map((_, i) => i), run.logLikelihoods] : [[], []];
  const decreased = run ? run.logLikelihoods.some((v, i) => i > 0 && v < run.logLikelihoods[i - 1] - 1e-6 * Math.abs(v)) : false;

  return (
    <div className="space-y-6">
      <Card className="p-4">
        <h2 className="font-semibold">Expectation–maximisation</h2>
        <p className="mt-1 text-sm text-muted">
          Each step computes every penguin&apos;s responsibilities (E) and refits each component&apos;s weight, mean and covariance to them (M). Covariance eigenvalues are floored at {DEFAULTS.minEigenvalue} mm², as the scorer requires.
        </p>
        <div className="mt-3 flex flex-wrap items-end gap-4 text-sm">
          <label className="flex flex-col gap-1">
            Components K
            <select className="rounded border px-2 py-1" value={components} disabled={running} onChange={(e) => setComponents(Number(e.target.value))}>
              {Array.from({ length: 10 }, (_, i) => i + 1).map((k) => (
                <option key={k} value={k}>{k}</option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1">
            Initialisation
            <select className="rounded border px-2 py-1" value={init} disabled={running} onChange={(e) => setInit(e.target.value as "kmeans++" | "random")}>
              <option value="kmeans++">k-means++</option>
              <option value="random">random points</option>
            </select>
          </label>
          <label className="flex flex-col gap-1">
            Seed
            <input type="number" min={0} max={2 ** 32 - 1} step={1} className="w-28 rounded border px-2 py-1" value={seed} disabled={running}
              onChange={(e) => { const v = Math.floor(Number(e.target.value)); if (Number.isFinite(v) && v >= 0 && v <= 2 ** 32 - 1) setSeed(v); }} />
          </label>
        </div>
        <div className="mt-3 flex flex-wrap gap-2">
          <Button data-testid="run-default" onClick={() => runToConvergence(true)} disabled={running}>Run defaults to convergence</Button>
          <Button variant="secondary" onClick={() => runToConvergence(false)} disabled={running}>Run to convergence</Button>
          <Button variant="secondary" onClick={stepOnce} disabled={running}>Step</Button>
          {running ? <Button variant="secondary" onClick={stop}>Pause</Button> : <Button variant="secondary" onClick={reset}>Reset</Button>}
        </div>
        <div className="mt-3 h-2 w-full max-w-md rounded bg-slate-200" role="progressbar" aria-label="EM iterations" aria-valuemin={0} aria-valuemax={DEFAULTS.iterations} aria-valuenow={steps}>
          <div className="h-2 rounded bg-indigo-600" style={{ width: `${(run?.converged ? 1 : progress) * 100}%` }} />
        </div>
        <p className="mt-2 text-sm" aria-live="polite" data-testid="gmm-status">
          {error ? <span role="alert" className="text-red-700">{error}</span>
            : !run ? "Press Step or Run to start from a seeded initial mixture."
            : `K = ${used.current.components} · ${steps} step${steps === 1 ? "" : "s"}${run.converged ? " · converged" : running ? " · running…" : ""} · log L = ${ll!.toFixed(2)} · BIC = ${bic!.toFixed(1)}`}
        </p>
        <div className="mt-3 overflow-x-auto">
          <ScatterWithEllipses points={points} labels={data.labels} model={run?.model ?? null} />
        </div>
      </Card>
      <Card className="p-4">
        <h2 className="mb-1 font-semibold">Training log-likelihood per iteration</h2>
        <p className="mb-2 text-sm text-muted">
          EM never lowers the training log-likelihood: every step is guaranteed to keep it the same or raise it.{decreased && " (A decrease here would be a bug.)"} Higher K always fits the training penguins better — compare BIC to see when it stops paying.
        </p>
        <LineChart data={chart} series={[{ label: "log L (training)", stroke: "#4f46e5" }]} xLabel="EM step" yLabel="log-likelihood (nats)" description={`Training log-likelihood after each of ${steps} EM steps${ll !== null ? `, now ${ll.toFixed(2)}` : ""}`} version={steps} />
        {run && (
          <div className="mt-3 overflow-x-auto">
            <table className="text-sm">
              <caption className="text-left text-muted">Fitted components</caption>
              <thead><tr className="text-left text-xs text-muted"><th scope="col" className="pr-3">#</th><th scope="col" className="pr-3">weight</th><th scope="col" className="pr-3">mean</th><th scope="col">covariance [a, b; b, d]</th></tr></thead>
              <tbody className="font-mono tabular-nums">
                {run.model.weights.map((w, k) => (
                  <tr key={k}>
                    <th scope="row" className="pr-3" style={{ color: COLORS[k % COLORS.length] }}>{k + 1}</th>
                    <td className="pr-3">{w.toFixed(3)}</td>
                    <td className="pr-3">({run.model.means[k][0].toFixed(2)}, {run.model.means[k][1].toFixed(2)})</td>
                    <td>[{run.model.covariances[k][0][0].toFixed(2)}, {run.model.covariances[k][0][1].toFixed(2)}; {run.model.covariances[k][1][0].toFixed(2)}, {run.model.covariances[k][1][1].toFixed(2)}]</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <SubmitPanel
        {...exercise}
        label="Submit this mixture"
        description="Submits the current weights, means and covariances; the server scores held-out penguins and training BIC."
        canSubmit={!!run && steps > 0 && !running}
        build={async () => {
          const m = run!.model;
          return {
            body: { weights: m.weights, means: m.means, covariances: m.covariances },
            config: { components: used.current.components, iterations: Math.min(5000, Math.max(1, steps)), tolerance: DEFAULTS.tolerance, seed: used.current.seed, init: used.current.init, minEigenvalue: DEFAULTS.minEigenvalue },
          };
        }}
      />
    </div>
  );
}
