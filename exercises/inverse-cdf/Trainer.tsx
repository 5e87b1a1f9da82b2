"use client";
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { chartColours } from "@/app/_components/chart-colours";
import { errorMessage } from "@/app/_lib/errors";
import { api } from "@/app/_trpc/react";
import { ksStatistic } from "@/lib/ml/sampling/ks";
import { laplaceCdf } from "@/lib/ml/sampling/laplace";
import { InverseCdfCheck, type InverseCdfCheckLosses, largestCdfError } from "@/lib/ml/sampling/inverse-cdf-check";
import { LineChart } from "@/app/_components/trainer/LineChart";
import { TrainingPanel } from "@/app/_components/trainer/TrainingPanel";
import { useTrainer } from "@/app/_components/trainer/useTrainer";
import { type ExerciseInfo, SubmitPanel } from "@/app/_components/trainer/SubmitPanel";
import {
  INVERSE_CDF_PREVIEW_HISTOGRAM as HIST,
  INVERSE_CDF_SAMPLE_COUNT as SAMPLE_COUNT,
  INVERSE_CDF_SANDBOX_PATH as SANDBOX_PATH,
  INVERSE_CDF_VALUE_LIMIT as VALUE_LIMIT,
  type InverseCdfMetrics,
} from "./spec";

/** A challenge this close to its expiry is replaced before a run: the student needs time to submit. */
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;
const TIME_LIMIT_MS = 2000;
/** Canvas size in CSS pixels (drawn at the device pixel ratio). */
const W = 560;
const H = 220;
const PAD = { left: 34, right: 8, top: 10, bottom: 22 };
const ECDF_POINTS = 400;
const LOSSES = [
  { key: "maxError", label: "Largest CDF error", stroke: "#6366f1" },
  { key: "ks", label: "KS distance", stroke: "#ea580c" },
];
const ECDF_SERIES = [
  { label: "exact F(x)", stroke: "#6366f1" },
  { label: "your F_n(x)", stroke: "#ea580c" },
];

const STARTER = `// uniform() returns this draw's U(0, 1) number (never exactly 0 or 1): call it once.
// Return ONE draw from Laplace(0, 1), whose CDF is
//   F(x) = ½·e^x          for x < 0
//   F(x) = 1 − ½·e^(−x)   for x ≥ 0.
// Idea: draw u = uniform() and solve F(x) = u for x.
const u = uniform();
let x = 0; // TODO: replace with F⁻¹(u)
return x;`;

const SOLUTION = `// Worked solution: the inverse CDF. Solving F(x) = u gives
//   x = ln(2u)           for u < ½
//   x = −ln(2 − 2u)      for u ≥ ½,
// which is the one-liner x = −sign(u − ½)·ln(1 − 2|u − ½|).
const u = uniform();
const d = u - 0.5;
const x = -Math.sign(d) * Math.log(1 - 2 * Math.abs(d));
return x;`;

/** A challenge from the server (exercise.challenge): uniforms that one submission may answer. */
type Challenge = { challengeId: string; uniforms: Float64Array; expiresAt: Date };
/** A run of the student's code: the draws the sandbox returned for a challenge's (or practice) uniforms. */
type RunResult = {
  samples: Float64Array;
  uniforms: Float64Array;
  /** null for a practice run: uniforms made here because the server gave no challenge (practiceReason says why). */
  challenge: Challenge | null;
  practiceReason?: string;
  /** A run saved in this browser and restored after a reload: its challenge is not known here, so it cannot be submitted. */
  restored?: boolean;
  ms: number;
  solution: boolean;
};
/** How far the check of a run's draws has got (the trainer's state, read after a frame, a step or a stop). */
type CheckView = {
  run: RunResult;
  checked: number;
  /** max_i |F(x_i) − u_i| (what the server ranks) over the draws checked, and the draw where it is largest. */
  maxError: number;
  worst: number;
  ks: number;
};
type Status = { kind: "idle" } | { kind: "fetching" } | { kind: "running"; done: number } | { kind: "done" } | { kind: "error"; title: string; detail: string };

type WorkerMessage = { type: "progress"; done: number } | { type: "done"; samples: Float64Array } | { type: "error"; title: string; detail: string };

class SandboxError extends Error {
  constructor(
    readonly title: string,
    readonly detail: string,
  ) {
    super(`${title}: ${detail}`);
  }
}

/**
 * Runs the student's sampler once per uniform in the sandbox worker (./sandbox.ts,
 * served with a policy of its own that allows `new Function`): no access to the page, uniform() (also
 * installed as Math.random) returning the draw's own uniform, and terminated after TIME_LIMIT_MS.
 * Returns a cancel function; exactly one of onDone / onError is called unless cancelled.
 */
function runInSandbox(
  code: string,
  uniforms: Float64Array,
  on: { progress: (done: number) => void; done: (samples: Float64Array) => void; error: (e: SandboxError) => void },
): () => void {
  let worker: Worker;
  try {
    worker = new Worker(SANDBOX_PATH);
  } catch (e) {
    on.error(new SandboxError("Your browser could not start the sandbox", e instanceof Error ? e.message : String(e)));
    return () => {};
  }
  const count = uniforms.length;
  let finished = false;
  const finish = () => {
    finished = true;
    clearTimeout(timer);
    worker.terminate();
  };
  const timer = setTimeout(() => {
    if (finished) return;
    finish();
    on.error(
      new SandboxError(
        `Stopped after ${TIME_LIMIT_MS / 1000} s`,
        `Your code did not produce ${count.toLocaleString("en")} draws in time. Is there an endless loop (e.g. a while loop whose condition never becomes false)?`,
      ),
    );
  }, TIME_LIMIT_MS);
  worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
    if (finished) return;
    const data = event.data;
    if (data?.type === "progress" && typeof data.done === "number") {
      on.progress(data.done);
    } else if (
      data?.type === "done" &&
      data.samples instanceof Float64Array &&
      data.samples.length === count &&
      data.samples.every((x) => Number.isFinite(x) && Math.abs(x) <= VALUE_LIMIT)
    ) {
      finish();
      on.done(data.samples);
    } else {
      finish();
      on.error(
        data?.type === "error" && typeof data.title === "string"
          ? new SandboxError(data.title, String(data.detail))
          : new SandboxError("The sandbox sent an unexpected message", "Run again; if this repeats, reload the page."),
      );
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    if (finished) return;
    finish();
    on.error(new SandboxError("Your code crashed the sandbox", event.message || "Unknown error."));
  };
  // A copy: the page keeps its uniforms to check the samples against them.
  worker.postMessage({ code, uniforms: uniforms.slice() });
  return () => {
    if (!finished) finish();
  };
}

/** Uniforms made in the browser for a practice run, on (0, 1) like a challenge's. */
function practiceUniforms(count: number): Float64Array {
  return Float64Array.from(crypto.getRandomValues(new Uint32Array(count)), (k) => (k + 0.5) / 2 ** 32);
}

const cdf = (x: number) => laplaceCdf(x);

/** Errors span 1e-17 (rounding) to 1: tiny ones in exponent form. */
const formatError = (v: number) => (v === 0 ? "0" : v < 1e-4 ? v.toExponential(1) : v.toFixed(4));
const clockTime = (d: Date) => d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

function histogram(samples: Float64Array) {
  const counts = new Array<number>(HIST.bins).fill(0);
  const width = (HIST.max - HIST.min) / HIST.bins;
  let below = 0;
  let above = 0;
  for (const x of samples) {
    if (x < HIST.min) below++;
    else if (x >= HIST.max) above++;
    else counts[Math.min(HIST.bins - 1, Math.floor((x - HIST.min) / width))]++;
  }
  return { counts, width, below, above };
}

/** The histogram of the samples (as a density) over the exact Laplace(0, 1) density ½e^{−|x|}. */
function drawHistogram(canvas: HTMLCanvasElement, samples: Float64Array | null) {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(W * dpr);
  canvas.height = Math.round(H * dpr);
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, W, H);
  const hist = samples ? histogram(samples) : null;
  const heights = hist ? hist.counts.map((c) => c / (samples!.length * hist.width)) : [];
  const top = Math.max(0.55, ...heights.map((h) => h * 1.05));
  const px = (x: number) => PAD.left + ((x - HIST.min) / (HIST.max - HIST.min)) * (W - PAD.left - PAD.right);
  const py = (y: number) => H - PAD.bottom - (y / top) * (H - PAD.top - PAD.bottom);

  // Axes and ticks.
  const colours = chartColours();
  ctx.strokeStyle = colours.axis;
  ctx.lineWidth = 1;
  ctx.fillStyle = colours.label;
  ctx.font = "11px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.beginPath();
  ctx.moveTo(PAD.left, py(0) + 0.5);
  ctx.lineTo(W - PAD.right, py(0) + 0.5);
  ctx.stroke();
  for (let x = HIST.min; x <= HIST.max; x += 2) ctx.fillText(String(x).replace("-", "−"), px(x), H - 6);
  ctx.textAlign = "right";
  const yStep = top > 2 ? 1 : top > 1 ? 0.5 : 0.1;
  for (let y = yStep; y < top; y += yStep) {
    ctx.fillText(y.toFixed(yStep < 1 ? 1 : 0), PAD.left - 4, py(y) + 4);
    ctx.strokeStyle = colours.grid;
    ctx.beginPath();
    ctx.moveTo(PAD.left, py(y) + 0.5);
    ctx.lineTo(W - PAD.right, py(y) + 0.5);
    ctx.stroke();
  }

  if (hist) {
    ctx.fillStyle = "rgba(234, 88, 12, 0.5)";
    heights.forEach((h, i) => {
      const x0 = px(HIST.min + i * hist.width);
      const x1 = px(HIST.min + (i + 1) * hist.width);
      ctx.fillRect(x0 + 0.5, py(h), x1 - x0 - 1, py(0) - py(h));
    });
  }

  // The exact density (the derivative of laplaceCdf).
  ctx.strokeStyle = "#6366f1";
  ctx.lineWidth = 2;
  ctx.beginPath();
  for (let i = 0; i <= 240; i++) {
    const x = HIST.min + ((HIST.max - HIST.min) * i) / 240;
    const y = 0.5 * Math.exp(-Math.abs(x));
    if (i === 0) ctx.moveTo(px(x), py(y));
    else ctx.lineTo(px(x), py(y));
  }
  ctx.stroke();
}

/**
 * [x, exact F, empirical F_n] at ECDF_POINTS ranks of the sorted samples, where |F_n − F| is largest, and the whole
 * run's largest CDF error.
 */
function ecdfData({ samples, uniforms }: RunResult) {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  let gapAt = sorted[0];
  let gap = -1;
  for (let i = 0; i < n; i++) {
    const f = laplaceCdf(sorted[i]);
    const g = Math.max((i + 1) / n - f, f - i / n);
    if (g > gap) {
      gap = g;
      gapAt = sorted[i];
    }
  }
  const xs: number[] = [];
  const exact: number[] = [];
  const empirical: number[] = [];
  for (let k = 0; k < ECDF_POINTS; k++) {
    const i = Math.round((k * (n - 1)) / (ECDF_POINTS - 1));
    xs.push(sorted[i]);
    exact.push(laplaceCdf(sorted[i]));
    empirical.push((i + 1) / n);
  }
  const mean = sorted.reduce((s, x) => s + x, 0) / n;
  const variance = sorted.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
  // The largest gap is the KS distance (lib/ml/sampling/ks.ts computes it the same way).
  return { chart: [xs, exact, empirical], ks: gap, gapAt, mean, variance, ...largestCdfError(samples, uniforms, cdf) };
}

const fmt = (v: number, digits: number) => v.toFixed(digits).replace("-", "−");

/**
 * inverse-cdf: the student writes the body of `function sample(uniform)` in a small editor. A run fetches
 * a challenge (2,000 uniforms the server drew; reused until submitted or nearly expired) and calls the
 * code once per uniform in a sandboxed worker; the samples are shown as a histogram over the exact
 * density, with the largest |F(x_i) − u_i| and the KS distance computed in the browser, and submitted
 * as {"challengeId", "samples"}. Without a challenge (the server refused one) a run is practice only.
 *
 * The shared trainer hook checks a run's draws: its model is an InverseCdfCheck (lib/ml), whose step checks
 * one draw against its uniform. The sandbox answers all the draws of a run at once, so a run first waits for
 * them, then builds a fresh check from them (the hook's reset) and starts it; Pause, Step and Reset act on
 * that check, and the hook saves it in this browser like any run.
 */
export function InverseCdfTrainer(exercise: ExerciseInfo) {
  const [code, setCode] = useState(STARTER);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  /** The run whose draws are checked and shown (and submitted). */
  const [result, setResult] = useState<RunResult | null>(null);
  const [check, setCheck] = useState<CheckView | null>(null);
  /** Challenges whose samples were handed to the submit panel: a challenge counts once. */
  const [sent, setSent] = useState<ReadonlySet<string>>(new Set());
  const [showingSolution, setShowingSolution] = useState(false);
  const canvas = useRef<HTMLCanvasElement>(null);
  const editor = useRef<HTMLTextAreaElement>(null);
  const cancel = useRef<(() => void) | null>(null);
  /** After Escape, the next Tab leaves the editor instead of indenting. */
  const tabEscapes = useRef(false);
  /** The challenge runs answer until its samples are submitted (or it nears its expiry). */
  const challenge = useRef<Challenge | null>(null);
  /** Bumped by each run, Stop and unmounting: a challenge that arrives for an older run starts nothing. */
  const runToken = useRef(0);
  const requestChallenge = api.exercise.challenge.useMutation();
  /** The run the next check is built from (the hook builds a model from its config only, and this one has none). */
  const nextRun = useRef<RunResult | null>(null);
  /** The run each check was built from. */
  const runOf = useRef(new WeakMap<InverseCdfCheck, RunResult>());

  const showCheck = useCallback(async (t: InverseCdfCheck) => {
    let run = runOf.current.get(t) ?? null;
    if (!run && t.totalIterations > 0) {
      // A check restored from this browser: its draws are back, the challenge they answered is not.
      run = { uniforms: t.uniforms, samples: t.samples, challenge: null, restored: true, ms: NaN, solution: false };
      runOf.current.set(t, run);
      nextRun.current = run;
    }
    const { ks } = await t.losses();
    setResult(run);
    setCheck(run ? { run, checked: t.iteration, ...t.largestError, ks } : null);
  }, []);

  const state = useTrainer<Record<string, never>, InverseCdfCheck, InverseCdfCheckLosses>({
    courseId: exercise.courseId,
    exerciseSlug: exercise.exerciseSlug,
    engine: "js",
    defaultConfig: {},
    defaultBudget: SAMPLE_COUNT,
    visualEvery: 5,
    create: () => {
      const run = nextRun.current;
      const t = new InverseCdfCheck(cdf, run?.uniforms, run?.samples);
      if (run) runOf.current.set(t, run);
      return t;
    },
    onVisual: showCheck,
  });
  // reset and start only read the hook's refs: the ones of the render that started a run still act on the latest check.
  const { reset, start } = state;

  const running = status.kind === "running" || status.kind === "fetching";

  useEffect(
    () => () => {
      runToken.current++;
      cancel.current?.();
    },
    [],
  );
  useEffect(() => {
    if (canvas.current) drawHistogram(canvas.current, result?.samples ?? null);
  }, [result]);
  const summary = useMemo(() => (result ? ecdfData(result) : null), [result]);
  const hist = useMemo(() => (result ? histogram(result.samples) : null), [result]);

  const run = async (source: string, solution: boolean) => {
    cancel.current?.();
    cancel.current = null;
    const token = ++runToken.current;
    let current = challenge.current;
    let practiceReason: string | undefined;
    if (!current || current.expiresAt.getTime() - Date.now() < EXPIRY_MARGIN_MS) {
      setStatus({ kind: "fetching" });
      try {
        const fresh = await requestChallenge.mutateAsync({ courseId: exercise.courseId, exerciseSlug: exercise.exerciseSlug });
        current = { challengeId: fresh.challengeId, uniforms: Float64Array.from(fresh.uniforms), expiresAt: new Date(fresh.expiresAt) };
      } catch (error) {
        current = null;
        practiceReason = errorMessage(error);
      }
      challenge.current = current;
      if (token !== runToken.current) return;
    }
    const uniforms = current?.uniforms ?? practiceUniforms(SAMPLE_COUNT);
    setStatus({ kind: "running", done: 0 });
    const t0 = performance.now();
    cancel.current = runInSandbox(source, uniforms, {
      progress: (done) => setStatus({ kind: "running", done }),
      done: (samples) => {
        cancel.current = null;
        const next: RunResult = { samples, uniforms, challenge: current, practiceReason, ms: performance.now() - t0, solution };
        nextRun.current = next;
        setResult(next);
        setStatus({ kind: "done" });
        // A fresh check of the new draws, started at once.
        void (async () => {
          await reset();
          if (token === runToken.current && nextRun.current === next) await start();
        })();
      },
      error: (e) => {
        cancel.current = null;
        setStatus({ kind: "error", title: e.title, detail: e.detail });
      },
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Escape") {
      tabEscapes.current = true;
      return;
    }
    if (e.key === "Tab" && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey && !tabEscapes.current) {
      e.preventDefault();
      const el = e.currentTarget;
      const { selectionStart, selectionEnd } = el;
      const next = code.slice(0, selectionStart) + "  " + code.slice(selectionEnd);
      setCode(next);
      setShowingSolution(false);
      requestAnimationFrame(() => el.setSelectionRange(selectionStart + 2, selectionStart + 2));
      return;
    }
    tabEscapes.current = false;
  };

  const lastRunIsSolution = result?.solution ?? false;
  return (
    <div className="space-y-6">
      <Card className="p-4">
        <h2 className="font-semibold">Write the sampler</h2>
        <p className="mt-1 text-sm text-muted">
          Turn uniform random numbers into draws from the Laplace(0, 1) distribution, density p(x) = ½e<sup>−|x|</sup>. Your function is called{" "}
          {SAMPLE_COUNT.toLocaleString("en")} times, once for each uniform of a <em>challenge</em> the server draws for you: each call gets its own{" "}
          <code className="font-mono">uniform()</code>, to be called exactly once (<code className="font-mono">Math.random()</code> is the same), and must
          return F⁻¹ of it. The server checks every draw against its own uniform, so only a true inverse-CDF transform scores well. A challenge is used by one
          submission and expires after an hour; a run fetches a new one when needed.
        </p>
        <div className="mt-3 rounded-lg border border-line bg-slate-50">
          <pre className="overflow-x-auto px-3 pt-2 font-mono text-sm text-muted" aria-hidden="true">
            function sample(uniform) {"{"}
          </pre>
          <label htmlFor="sampler-code" className="sr-only">
            Body of function sample(uniform): JavaScript that returns one Laplace(0, 1) draw. Tab inserts two spaces; press Escape then Tab to leave the editor.
          </label>
          <textarea
            id="sampler-code"
            ref={editor}
            className="block h-64 w-full resize-y border-y border-line bg-white px-3 py-2 pl-7 font-mono text-sm leading-5 whitespace-pre focus:outline-2 focus:outline-brand-600"
            spellCheck={false}
            autoCapitalize="off"
            autoComplete="off"
            autoCorrect="off"
            wrap="off"
            value={code}
            aria-describedby="sampler-help"
            onChange={(e) => {
              setCode(e.target.value);
              setShowingSolution(false);
            }}
            onKeyDown={onKeyDown}
          />
          <pre className="px-3 pb-2 font-mono text-sm text-muted" aria-hidden="true">
            {"}"}
          </pre>
        </div>
        <p id="sampler-help" className="mt-1 text-xs text-muted">
          Tab inserts two spaces (Escape, then Tab, moves on). Your code runs in a sandboxed worker with no access to this page, and is stopped after{" "}
          {TIME_LIMIT_MS / 1000} s.
        </p>
        {showingSolution && (
          <p className="mt-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm" role="note">
            The editor now holds the <strong>worked solution</strong> (the inverse CDF). Try writing your own first if you have not: press “Start over”.
          </p>
        )}
        <div className="mt-3 flex flex-wrap items-end gap-3">
          <Button onClick={() => void run(code, false)} disabled={running}>
            Run my sampler
          </Button>
          <Button
            data-testid="run-default"
            disabled={running}
            onClick={() => {
              setCode(SOLUTION);
              setShowingSolution(true);
              void run(SOLUTION, true);
            }}
          >
            Load and run the worked solution
          </Button>
          <Button
            variant="secondary"
            disabled={running || code === STARTER}
            onClick={() => {
              setCode(STARTER);
              setShowingSolution(false);
              editor.current?.focus();
            }}
          >
            Start over
          </Button>
          {running && (
            <Button
              variant="secondary"
              onClick={() => {
                runToken.current++;
                cancel.current?.();
                cancel.current = null;
                setStatus({ kind: "idle" });
              }}
            >
              Stop
            </Button>
          )}
        </div>
        {status.kind === "running" && (
          <div className="mt-3">
            <label htmlFor="inverse-cdf-progress" className="block text-xs text-muted">
              Draws so far
            </label>
            <progress id="inverse-cdf-progress" className="mt-1 h-2 w-full max-w-md accent-brand-600" value={status.done} max={SAMPLE_COUNT} />
          </div>
        )}
        <div className="mt-3 text-sm" aria-live="polite" data-testid="sampler-status">
          {status.kind === "idle" && !result && <p className="text-muted">Not run yet. Write your sampler and press “Run my sampler”.</p>}
          {status.kind === "idle" && result && !result.restored && <p className="text-muted">Stopped. The samples below are from the previous run.</p>}
          {status.kind === "fetching" && <p>Getting a challenge (your {SAMPLE_COUNT.toLocaleString("en")} uniforms) from the server…</p>}
          {status.kind === "running" && (
            <p>
              Running your sampler… {status.done.toLocaleString("en")} of {SAMPLE_COUNT.toLocaleString("en")} draws.
            </p>
          )}
          {result && (status.kind === "done" || (status.kind === "idle" && result.restored)) && (
            <>
              {check?.run === result && check.checked === result.samples.length ? (
                <p>
                  {result.restored
                    ? `Restored the ${SAMPLE_COUNT.toLocaleString("en")} samples of your last run in this browser`
                    : `Drew ${SAMPLE_COUNT.toLocaleString("en")} samples in ${Math.max(1, Math.round(result.ms))} ms${
                        result.challenge ? ` from your challenge (open until ${clockTime(result.challenge.expiresAt)})` : " from practice uniforms"
                      }${lastRunIsSolution ? ", worked solution" : ""}`}
                  . Largest CDF error |F(x<sub>i</sub>) − u<sub>i</sub>|: <strong className="font-mono">{formatError(check.maxError)}</strong>
                  {check.maxError < 1e-9
                    ? " — every draw is F⁻¹ of its own uniform."
                    : ` — draw ${check.worst + 1} is furthest off: for u = ${result.uniforms[check.worst].toFixed(6)} your x = ${fmt(result.samples[check.worst], 4)} has F(x) = ${laplaceCdf(result.samples[check.worst]).toFixed(6)}, and F⁻¹(u) would have F(x) = u.`}{" "}
                  KS distance to Laplace(0, 1): {check.ks.toFixed(4)}.
                </p>
              ) : (
                // Worded apart from the sentence above, which only appears once every draw is checked.
                <p>
                  Your sampler returned {SAMPLE_COUNT.toLocaleString("en")} draws.{" "}
                  {state.running || !check || check.run !== result
                    ? "Checking each against its own uniform…"
                    : check.checked === 0
                      ? "Press Start below to check each against its own uniform."
                      : `${check.checked.toLocaleString("en")} checked so far, largest CDF error ${formatError(check.maxError)}: press Resume below to check the rest.`}
                </p>
              )}
              {result.restored ? (
                <p className="mt-1 text-amber-800">
                  Restored from this browser: the challenge these samples answered is not known here, so they cannot be submitted. Run your sampler again for a
                  new one.
                </p>
              ) : (
                !result.challenge && (
                  <p className="mt-1 text-amber-800">
                    A practice run, which cannot be submitted: the server gave no challenge ({result.practiceReason ?? "no reason given"}).
                  </p>
                )
              )}
            </>
          )}
        </div>
        {status.kind === "error" && (
          <div role="alert" className="mt-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            <p className="font-semibold">{status.title}</p>
            <p className="mt-1 font-mono text-xs whitespace-pre-wrap">{status.detail}</p>
            {result && <p className="mt-1 text-xs">The samples below (and the submit button) are still those of your previous successful run.</p>}
          </div>
        )}
      </Card>

      {/* The check of a run's draws: shown once there is a run (or a saved one to resume). */}
      {(result || state.savedRun || state.failure) && (
        <section aria-labelledby="inverse-cdf-check" className="space-y-6">
          <h2 id="inverse-cdf-check" className="sr-only">
            Checking each draw against its uniform
          </h2>
          <TrainingPanel
            state={state}
            losses={LOSSES}
            iterationLabel="Draws checked"
            lossHelp="One step checks one draw x_i against its own uniform u_i. Over the draws checked so far: the largest |F(x_i) − u_i| (what the server ranks; ~1e-16 for an exact inverse) and the KS distance of those draws to Laplace(0, 1), which shrinks like 1/√k for a correct sampler."
          />
        </section>
      )}

      <Card className="p-4">
        <h2 className="font-semibold">Your samples against the Laplace density</h2>
        <div className="mt-2 flex flex-wrap gap-4 text-xs" aria-hidden="true">
          <span className="flex items-center gap-1">
            <span className="inline-block h-2 w-4 bg-orange-500/60" /> histogram of your samples (as a density, bins of width 0.25)
          </span>
          <span className="flex items-center gap-1">
            <span className="inline-block h-0.5 w-4 bg-indigo-500" /> exact density ½e<sup>−|x|</sup>
          </span>
        </div>
        <div className="mt-2 overflow-x-auto">
          <canvas
            ref={canvas}
            width={W}
            height={H}
            className="h-auto w-full max-w-[560px]"
            role="img"
            aria-label={
              result && summary && hist
                ? `Histogram of ${SAMPLE_COUNT} samples over [−6, 6) against the Laplace(0, 1) density. Sample mean ${fmt(summary.mean, 3)} (exact 0), variance ${fmt(summary.variance, 3)} (exact 2); ${hist.below + hist.above} samples fall outside the plotted range.`
                : "The Laplace(0, 1) density ½e^(−|x|) on [−6, 6]; run a sampler to overlay its histogram."
            }
          />
        </div>
        {result && summary && hist && (
          <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
            <div>
              <dt className="text-xs text-muted">Mean (exact 0)</dt>
              <dd className="font-mono">{fmt(summary.mean, 3)}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted">Variance (exact 2)</dt>
              <dd className="font-mono">{fmt(summary.variance, 3)}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted">Outside [−6, 6)</dt>
              <dd className="font-mono">
                {hist.below} below, {hist.above} above
              </dd>
            </div>
            <div>
              <dt className="text-xs text-muted">KS distance</dt>
              <dd className="font-mono">{summary.ks.toFixed(4)}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted">Largest CDF error (ranked)</dt>
              <dd className="font-mono">{formatError(summary.maxError)}</dd>
            </div>
          </dl>
        )}
      </Card>

      {result && summary && (
        <Card className="p-4">
          <h2 className="font-semibold">Empirical CDF vs exact CDF</h2>
          <p className="mt-1 text-sm text-muted">
            The KS distance is the largest vertical gap between the two curves; yours is {summary.ks.toFixed(4)}, at x ≈ {fmt(summary.gapAt, 2)}.
          </p>
          <div className="mt-2 overflow-x-auto">
            <LineChart
              data={summary.chart}
              series={ECDF_SERIES}
              xLabel="x"
              yLabel="cumulative probability"
              description={`Empirical CDF of your samples and the exact Laplace CDF; largest gap ${summary.ks.toFixed(4)} at x ≈ ${fmt(summary.gapAt, 2)}`}
              version={result.samples.length + summary.ks}
            />
          </div>
        </Card>
      )}

      <SubmitPanel
        {...exercise}
        label={`Submit ${SAMPLE_COUNT.toLocaleString("en")} samples`}
        description="Sends the samples of your last run with their challenge; the server checks each against its own uniform (the largest |F(x_i) − u_i| ranks). A challenge counts once: run again for a new one."
        canSubmit={result?.challenge != null && !sent.has(result.challenge.challengeId) && !running}
        build={async () => {
          if (!result?.challenge) throw new Error("Run your sampler first: the run fetches the challenge a submission answers.");
          const { challengeId, expiresAt } = result.challenge;
          if (sent.has(challengeId))
            throw new Error("These samples were sent already, and a challenge counts once. Press “Run my sampler” again: it fetches a new challenge.");
          if (expiresAt.getTime() <= Date.now())
            throw new Error(`The challenge of these samples expired at ${clockTime(expiresAt)}. Press “Run my sampler” again: it fetches a new one.`);
          // Answered by this submission: the next run fetches a new challenge.
          if (challenge.current?.challengeId === challengeId) challenge.current = null;
          setSent((ids) => new Set(ids).add(challengeId));
          return { body: { challengeId, samples: Array.from(result.samples) }, config: null };
        }}
        estimate={(body) => {
          const samples = (body as { samples: number[] }).samples;
          const metrics: InverseCdfMetrics = {
            maxError: result ? largestCdfError(samples, result.uniforms, cdf).maxError : NaN,
            ksStatistic: ksStatistic(samples, cdf),
          };
          return { ...metrics };
        }}
      />
    </div>
  );
}
