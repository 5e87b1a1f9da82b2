/**
 * Browser side of bench/trainer-hook.ts: the throughput of each trainer through the shared page hook
 * (app/_components/trainer/useTrainer.ts) against the hook-free frame loop it replaced (runFrames with a
 * no-op onFrame), in the same page, on the same backend, alternating the two sides (a b, b a, …). Exposes
 * `genlabTrainerHookBench(options)`.
 *
 * The hook side is a tiny React component in a LiveRoundContext whose report() does nothing, so every
 * frame goes through the hook's whole path: loss history, the live report with its thumbnail (at most
 * once a second, the page's own thumbnail function where the page has one), autosave to IndexedDB every
 * 5 s (the harness serves a signed-in session at /api/auth/get-session), and the React state refresh
 * every 250 ms. Page-specific drawing (onVisual) is left out: it is the page's cost, not the hook's.
 */
import { useEffect, useRef } from "react";
import { createRoot } from "react-dom/client";
import { LiveRoundContext, type LiveRoundLink } from "@/app/_components/live/LiveRoundContext";
import { forgetRun, loadRun, MAX_BUDGET, type RunKey } from "@/app/_components/trainer/saved-runs";
import { useTrainer } from "@/app/_components/trainer/useTrainer";
import { authClient } from "@/app/_lib/auth-client";
import { DEFAULT_GIBBS_BM_CONFIG, GIBBS_BM_SAMPLE_COUNT } from "@/exercises/gibbs-bm/spec";
import { DEFAULT_GMM_EM_CONFIG } from "@/exercises/gmm-em/spec";
import { DEFAULT_METROPOLIS_2D_CONFIG, METROPOLIS_2D_SAMPLE_COUNT } from "@/exercises/metropolis-2d/spec";
import { activateBackend } from "@/lib/ml/backend";
import { DEFAULT_GAN_CONFIG } from "@/lib/ml/configs/gan";
import { DEFAULT_VAE_CONFIG } from "@/lib/ml/configs/vae";
import { DIGIT_PIXELS } from "@/lib/ml/datasets/digits";
import { type Vec2, standardise2 } from "@/lib/ml/density/gaussian";
import { createGmmEmTrainer, sampleGmm2 } from "@/lib/ml/density/gmm";
import { mulberry32 } from "@/lib/ml/random";
import { bananaLogDensity } from "@/lib/ml/sampling/banana";
import { LECTURE_BM } from "@/lib/ml/sampling/boltzmann";
import { GibbsChain } from "@/lib/ml/sampling/gibbs-chain";
import { MetropolisChain2d } from "@/lib/ml/sampling/metropolis-chain";
import { GanTrainer } from "@/lib/ml/train/gan-trainer";
import { runFrames, type SteppedTrainer } from "@/lib/ml/train/loop";
import { VaeTrainer } from "@/lib/ml/models/vae";
import { LIVE_THUMBNAIL_MAX_POINTS } from "@/lib/realtime/protocol";

export interface HookBenchOptions {
  warmupMs: number;
  measureMs: number;
  /** Pairs of runs per trainer, the order flipped each round: hook-free, hook, then hook, hook-free, … */
  rounds: number;
  /** Only these trainers (all when empty). */
  only: string[];
}

export interface HookBenchResult {
  trainer: string;
  backend: string;
  /** Iterations per second of each hook-free run, then of each run through the hook, in run order. */
  hookFreeIts: number[];
  hookIts: number[];
  /** Per hook run: whether an autosave landed inside its measured window (IndexedDB held a later iteration than at its start). */
  autosavedInWindow: boolean[];
}

/** The user id of the session the harness serves (bench/trainer-hook.ts). */
const BENCH_USER = "bench";
const COURSE = "bench";
/** The iteration budget handed to both sides: never reached within a run, and the most a saved run may hold. */
const BUDGET = MAX_BUDGET;
/**
 * The chains' pages run 51,000–101,000 steps and end within a second here: the bench keeps the pages'
 * burn-in, seed and sample count but thins by a million so that no chain ends inside a run.
 */
const LONG_THIN = 1_000_000;

interface TrainerSpec {
  name: string;
  engine: "tfjs" | "js";
  create: () => SteppedTrainer;
  /** The page's thumbnail for the live class grid (without one, the hook draws the first loss's curve). */
  thumbnail?: (trainer: SteppedTrainer) => number[] | Promise<number[]>;
}

/** 300 points in three clusters on the scale of the penguins' (beak, flipper) millimetres (the page fits ~270 of them). */
function syntheticPenguins(): Vec2[] {
  const rng = mulberry32(11);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const centres: Vec2[] = [
    [39, 190],
    [48, 196],
    [47, 217],
  ];
  return Array.from({ length: 300 }, (_, i) => {
    const [x, y] = centres[i % 3];
    return [x + 2.5 * gauss(), y + 6 * gauss()] as Vec2;
  });
}

/** 8,000 blotchy 28×28 "digits" in [0, 1] (the VAE page trains on 8,000 real ones; speed does not depend on the pixels). */
function syntheticDigits(): Float32Array {
  const rng = mulberry32(5);
  const out = new Float32Array(8000 * DIGIT_PIXELS);
  for (let i = 0; i < out.length; i++) out[i] = rng() < 0.19 ? 0.5 + 0.5 * rng() : 0;
  return out;
}

function trainerSpecs(): TrainerSpec[] {
  const points = syntheticPenguins();
  const digits = syntheticDigits();
  return [
    {
      name: "gan-ring",
      engine: "tfjs",
      create: () => new GanTrainer(DEFAULT_GAN_CONFIG),
      thumbnail: async (t) => Array.from(await (t as GanTrainer).sample(LIVE_THUMBNAIL_MAX_POINTS)),
    },
    {
      name: "metropolis-2d",
      engine: "js",
      create: () => {
        const { proposalStd, burnIn, seed } = DEFAULT_METROPOLIS_2D_CONFIG;
        return new MetropolisChain2d(bananaLogDensity, { samples: METROPOLIS_2D_SAMPLE_COUNT, proposalStd, burnIn, thin: LONG_THIN }, seed);
      },
      thumbnail: (t) => Array.from((t as MetropolisChain2d).recentStates(LIVE_THUMBNAIL_MAX_POINTS)),
    },
    {
      name: "gibbs-bm",
      engine: "js",
      create: () => new GibbsChain(LECTURE_BM, { ...DEFAULT_GIBBS_BM_CONFIG, thin: LONG_THIN, samples: GIBBS_BM_SAMPLE_COUNT }),
    },
    {
      // Tolerance 0: EM never counts itself converged, so it keeps stepping for the whole run.
      name: "gmm-em",
      engine: "js",
      create: () => createGmmEmTrainer(points, { ...DEFAULT_GMM_EM_CONFIG, tolerance: 0 }),
      thumbnail: (t) =>
        standardise2(sampleGmm2((t as ReturnType<typeof createGmmEmTrainer>).model, LIVE_THUMBNAIL_MAX_POINTS, mulberry32(7)), points)
          .flat()
          .map((v) => Math.max(-100, Math.min(100, v))),
    },
    {
      name: "vae-digits",
      engine: "tfjs",
      create: () => new VaeTrainer(DEFAULT_VAE_CONFIG, digits),
    },
  ];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Iterations per second of the running `trainer()` over `measureMs`, after `warmupMs`; and its iteration when the window opened. */
async function measureWindow(trainer: () => SteppedTrainer, warmupMs: number, measureMs: number): Promise<{ its: number; startIteration: number }> {
  await sleep(warmupMs);
  const i0 = trainer().iteration;
  const t0 = performance.now();
  await sleep(measureMs);
  const its = ((trainer().iteration - i0) * 1000) / (performance.now() - t0);
  return { its, startIteration: i0 };
}

/** (a) The loop the hook replaced: runFrames alone, onFrame a no-op. */
async function hookFree(spec: TrainerSpec, options: HookBenchOptions): Promise<number> {
  const trainer = spec.create();
  const controller = new AbortController();
  try {
    const running = runFrames(trainer, { signal: controller.signal, maxIterations: BUDGET, onFrame: () => {} });
    const { its } = await measureWindow(() => trainer, options.warmupMs, options.measureMs);
    controller.abort();
    await running;
    return its;
  } finally {
    controller.abort();
    trainer.dispose();
  }
}

/** What useTrainer returns to the bench's host (no config: the host never edits one). */
type HookState = ReturnType<typeof useTrainer<null, SteppedTrainer, Record<string, number>>>;

const SILENT_ROUND: LiveRoundLink = { roundId: "bench", open: true, report: () => {}, submitted: () => {} };

/** The page's share of a trainer page: the hook, and nothing drawn. Hands the hook's state out once it is built and signed in. */
function HookHost({ spec, onState }: { spec: TrainerSpec; onState: (state: HookState) => void }) {
  const session = authClient.useSession();
  const state = useTrainer({
    courseId: COURSE,
    exerciseSlug: spec.name,
    engine: spec.engine,
    defaultConfig: null,
    defaultBudget: BUDGET,
    create: () => spec.create(),
    thumbnail: spec.thumbnail,
  });
  const signedIn = session.data?.user.id === BENCH_USER;
  const latest = useRef(onState);
  useEffect(() => {
    // A network waits for the reader's first press: the bench asks for it at once.
    if (state.idle) void state.load();
    if (signedIn && state.status === "ready") latest.current(state);
  });
  return null;
}

/** (b) The same trainer through useTrainer: start() as the Start button calls it. */
async function throughHook(spec: TrainerSpec, options: HookBenchOptions): Promise<{ its: number; autosaved: boolean; backend: string }> {
  // Inside a live round (SILENT_ROUND) the hook saves under the round's key.
  const key: RunKey = { userId: BENCH_USER, courseId: COURSE, exerciseSlug: spec.name, roundId: SILENT_ROUND.roundId };
  await forgetRun(key);
  const host = document.createElement("div");
  document.body.append(host);
  const root = createRoot(host);
  try {
    const state = await new Promise<HookState>((resolve, reject) => {
      setTimeout(() => reject(new Error(`${spec.name}: the hook was not ready (built and signed in) within 30 s`)), 30_000);
      root.render(
        <LiveRoundContext.Provider value={SILENT_ROUND}>
          <HookHost spec={spec} onState={resolve} />
        </LiveRoundContext.Provider>,
      );
    });
    const trainer = () => {
      const t = state.trainer.current as SteppedTrainer | null;
      if (!t) throw new Error(`${spec.name}: the hook has no trainer`);
      return t;
    };
    const started = trainer();
    const running = state.start(BUDGET);
    const { its, startIteration } = await measureWindow(trainer, options.warmupMs, options.measureMs);
    const saved = await loadRun(key);
    state.pause();
    await running;
    if (trainer() !== started) throw new Error(`${spec.name}: the hook replaced its trainer while measuring`);
    return { its, autosaved: (saved?.iteration ?? 0) > startIteration, backend: state.backend };
  } finally {
    root.unmount(); // disposes the trainer
    host.remove();
  }
}

async function genlabTrainerHookBench(options: HookBenchOptions): Promise<HookBenchResult[]> {
  const session = await authClient.getSession();
  if (session.data?.user.id !== BENCH_USER) throw new Error(`no bench session at /api/auth/get-session: ${JSON.stringify(session.error ?? session.data)}`);
  const results: HookBenchResult[] = [];
  for (const spec of trainerSpecs()) {
    if (options.only.length > 0 && !options.only.includes(spec.name)) continue;
    // The hook picks the backend by itself (activateBackend() without a preference): the hook-free side uses the same pick.
    const backend = spec.engine === "tfjs" ? await activateBackend() : "js";
    const result: HookBenchResult = { trainer: spec.name, backend, hookFreeIts: [], hookIts: [], autosavedInWindow: [] };
    const runHookFree = async () => result.hookFreeIts.push(await hookFree(spec, options));
    const runHook = async () => {
      const viaHook = await throughHook(spec, options);
      if (viaHook.backend !== backend) throw new Error(`${spec.name}: the hook trained on ${viaHook.backend}, the hook-free loop on ${backend}`);
      result.hookIts.push(viaHook.its);
      result.autosavedInWindow.push(viaHook.autosaved);
    };
    // a b, b a, a b, …: each side runs first as often as second, and a steady drift in load cancels out.
    for (let r = 0; r < options.rounds; r++) {
      for (const run of r % 2 === 0 ? [runHookFree, runHook] : [runHook, runHookFree]) await run();
    }
    results.push(result);
  }
  return results;
}

(globalThis as unknown as { genlabTrainerHookBench: typeof genlabTrainerHookBench }).genlabTrainerHookBench = genlabTrainerHookBench;
