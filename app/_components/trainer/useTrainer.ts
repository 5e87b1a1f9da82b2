"use client";
/**
 * The one training state machine of every exercise page. A page supplies its model (a lib/ml
 * SteppedTrainer built from a config) and what to draw; this hook does the rest: TensorFlow.js and
 * its backend when the model needs them, data preparation with progress, Start / Pause / Resume /
 * Step / Reset within an iteration budget, the loss history, the live round's reports, and saving
 * the run in this browser so that a reload offers "Resume from step N".
 * A network (engine "tfjs") loads only once it is wanted: at the first press or key on the page, or
 * when an action needs it (Start, Step, Reset, Resume, a page's own button). Until then the page is
 * "idle": it has cost the reader neither TensorFlow.js nor the training data.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { useLatest } from "@/app/_lib/useLatest";
import type { z } from "zod";
import { useLiveRound } from "@/app/_components/live/LiveRoundContext";
import { authClient } from "@/app/_lib/auth-client";
import { errorMessage } from "@/app/_lib/errors";
import { forkedConfig } from "@/app/_lib/fork-link";
import { LIVE_THUMBNAIL_MAX_POINTS } from "@/lib/realtime/protocol";
import { runFrames, type SteppedTrainer } from "@/lib/ml/train/loop";
import { forgetRun, loadRun, MAX_HISTORY_POINTS, saveRun, type RunKey, type SavedRun } from "./saved-runs";

export type TrainerStatus = "idle" | "loading" | "ready" | "running" | "paused" | "done" | "failed";
type Losses = Record<string, number>;

export interface TrainerStats<L extends Losses> {
  iteration: number;
  losses: Partial<L>;
  itsPerSec: number;
}

export interface TrainerOptions<C, T extends SteppedTrainer<L>, L extends Losses> {
  /** Names the saved run (with the signed-in person) and the live round's reports. */
  courseId: string;
  exerciseSlug: string;
  /**
   * "tfjs": the model is a TensorFlow.js network: load it and pick the fastest backend first.
   * "js": plain JavaScript (samplers, EM, closed forms): nothing to load.
   */
  engine: "tfjs" | "js";
  defaultConfig: C;
  /** Validates a config from a fork link (`?config=`); without it, links are ignored. */
  configSchema?: z.ZodType<C>;
  defaultBudget: number;
  /** One-off work before the first model (data download, binarising), reporting progress 0…1. */
  prepare?: (progress: (fraction: number, label: string) => void) => Promise<void>;
  /** Builds a fresh model from a config. */
  create: (config: C) => T | Promise<T>;
  /** Redraws the page's visuals; called every `visualEvery` frames while training and after each step. */
  onVisual?: (trainer: T) => void | Promise<void>;
  visualEvery?: number;
  /**
   * Up to 64 (x, y) points of the model's samples for the instructor's class grid, flattened. Without
   * it the grid shows the first loss's curve.
   */
  thumbnail?: (trainer: T) => number[] | Promise<number[]>;
}

/** React state (numbers, chart) refreshes at this period; visuals on their own schedule. */
const STATS_REFRESH_MS = 250;
/** While training, the run is saved this often (and whenever training stops or the tab is hidden). */
const AUTOSAVE_MS = 5_000;
/** The live grid's thumbnail is recomputed at most this often (the link sends about one report a second). */
const THUMBNAIL_MS = 1_000;
/** What the class grid shows for a trainer that runs in plain JavaScript. */
const PLAIN_JS_BACKEND = "js";

type History = SavedRun["history"];

/** The last `LIVE_THUMBNAIL_MAX_POINTS` points of a loss curve, scaled into [0, 1]² (the grid draws it as a line). */
function curveThumbnail(history: History): number[] {
  const key = Object.keys(history.losses)[0];
  const values = key ? history.losses[key] : [];
  const stride = Math.max(1, Math.ceil(values.length / LIVE_THUMBNAIL_MAX_POINTS));
  const picked = values.map((v, i) => [history.iterations[i], v] as const).filter(([, v], i) => i % stride === 0 && Number.isFinite(v));
  if (picked.length < 2) return [];
  const xs = picked.map(([x]) => x);
  const ys = picked.map(([, y]) => y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return picked.flatMap(([x, y]) => [(x - x0) / Math.max(x1 - x0, 1e-12), (y - y0) / Math.max(y1 - y0, 1e-12)]);
}

/** What shows that a reader wants the model (scrolling alone does not). */
const INTENT_EVENTS = ["pointerdown", "keydown", "touchstart"] as const;

/** The trainer reached the end it has by itself (SteppedTrainer.totalIterations). */
const finished = (t: SteppedTrainer<Losses>) => t.totalIterations !== undefined && t.iteration >= t.totalIterations;

export function useTrainer<C, T extends SteppedTrainer<L>, L extends Losses>(options: TrainerOptions<C, T, L>) {
  // Read inside the training loop, which outlives renders.
  const optsRef = useLatest(options);
  const liveRound = useLiveRound();
  const liveRef = useLatest(liveRound);
  const session = authClient.useSession();
  const userId = session.data?.user.id ?? null;
  const roundId = liveRound?.roundId;
  const runKeyRef = useLatest<RunKey | null>(userId ? { userId, courseId: options.courseId, exerciseSlug: options.exerciseSlug, roundId } : null);
  /** Who the current model was built for and with which settings: what a save records (never a later person or form). */
  const origin = useRef<{ userId: string | null; config: C } | null>(null);

  const trainer = useRef<T | null>(null);
  /** False once the page is gone: late loads and builds then change nothing. */
  const alive = useRef(true);
  /** TensorFlow.js with its backend, and the data: loaded once, when first wanted. */
  const engine = useRef<Promise<void> | null>(null);
  /** The first model's build, while it is under way (`load`). */
  const firstBuild = useRef<Promise<void> | null>(null);
  const abort = useRef<AbortController | null>(null);
  const drawing = useRef(false);
  const backendLib = useRef<typeof import("@/lib/ml/backend") | null>(null);
  /** Loss history: iterations, then one array per loss key, in first-seen order. */
  const series = useRef<History>({ iterations: [], losses: {} });
  const thumbnail = useRef<{ at: number; points: number[] }>({ at: 0, points: [] });
  const lastSave = useRef(0);

  const [status, setStatus] = useState<TrainerStatus>(options.engine === "tfjs" ? "idle" : "loading");
  const [failure, setFailure] = useState<string | null>(null);
  const [preparing, setPreparing] = useState<{ fraction: number; label: string } | null>(null);
  const [backend, setBackend] = useState(options.engine === "js" ? PLAIN_JS_BACKEND : "");
  const backendRef = useLatest(backend);
  const [backends, setBackends] = useState<string[]>([]);
  // A fork link's settings (`?config=`, checked against the exercise's schema), else the defaults.
  const [forked] = useState(() => (options.configSchema && typeof window !== "undefined" ? forkedConfig(window.location.search, options.configSchema) : null));
  const [config, setConfig] = useState<C>(forked ?? options.defaultConfig);
  const configRef = useLatest(config);
  const [configDirty, setConfigDirty] = useState(false);
  const [budget, setBudget] = useState(options.defaultBudget);
  const budgetRef = useLatest(budget);
  const [stats, setStats] = useState<TrainerStats<L>>({ iteration: 0, losses: {}, itsPerSec: 0 });
  /** What the chart shows: a copy of the history, refreshed with the numbers (the loop appends to `series`). */
  const [history, setHistory] = useState<History>({ iterations: [], losses: {} });
  const publishHistory = useCallback(() => {
    const { iterations, losses } = series.current;
    setHistory({ iterations: iterations.slice(), losses: Object.fromEntries(Object.entries(losses).map(([k, v]) => [k, v.slice()])) });
  }, []);
  const [announcement, setAnnouncement] = useState("");
  /** A run saved in this browser that the student may resume (offered, never forced). */
  const [savedRun, setSavedRun] = useState<SavedRun | null>(null);
  /** The trainer reached its own end (SteppedTrainer.totalIterations). */
  const [atEnd, setAtEnd] = useState(false);
  /** A model was built once: until then, Start and Step wait for the first load instead of being disabled by it. */
  const [builtOnce, setBuiltOnce] = useState(false);
  /** A Start is waiting for the first load: a second press must not start a second loop. */
  const startPending = useRef(false);

  const refreshVisual = useCallback(async () => {
    const t = trainer.current;
    const draw = optsRef.current.onVisual;
    if (!t || !draw || drawing.current) return;
    drawing.current = true;
    try {
      await draw(t);
    } catch {
      // The model was replaced mid-draw (reset or backend switch): nothing to draw.
    } finally {
      drawing.current = false;
    }
  }, [optsRef]);

  const record = useCallback((iteration: number, losses: L) => {
    const chart = series.current;
    chart.iterations.push(iteration);
    for (const [key, value] of Object.entries(losses)) (chart.losses[key] ??= []).push(value);
    if (chart.iterations.length > MAX_HISTORY_POINTS) {
      // Halve the resolution of the history rather than forgetting the start of training.
      const keep = (_: number, i: number) => i % 2 === 0;
      chart.iterations = chart.iterations.filter(keep);
      for (const key of Object.keys(chart.losses)) chart.losses[key] = chart.losses[key].filter(keep);
    }
  }, []);

  /** Saves the current run in this browser (a no-op for trainers that cannot export their state). */
  const save = useCallback(async () => {
    const t = trainer.current;
    const key = runKeyRef.current;
    const from = origin.current;
    if (!t?.exportState || !key || !from || t.iteration === 0) return;
    // A model built before the session was known belongs to whoever signs in first; never to a second person.
    from.userId ??= key.userId;
    if (from.userId !== key.userId) return;
    lastSave.current = performance.now();
    // Taken before the state's read-back, during which training goes on: they must describe the same step.
    const iteration = t.iteration;
    const { iterations, losses } = series.current;
    const history = { iterations: iterations.slice(), losses: Object.fromEntries(Object.entries(losses).map(([k, v]) => [k, v.slice()])) };
    try {
      const state = await t.exportState();
      if (trainer.current !== t) return; // replaced meanwhile
      await saveRun(key, { config: from.config, budget: Math.max(budgetRef.current, iteration), iteration, state, history });
    } catch {
      // Storage full or unavailable: training goes on; the run is simply not resumable.
    }
  }, [budgetRef, runKeyRef]);

  /** Tells the instructor's class grid where this student is (inside a live round only). */
  const report = useCallback(
    async (t: T, s: TrainerStats<L>) => {
      const link = liveRef.current;
      if (!link) return;
      const now = performance.now();
      if (now - thumbnail.current.at > THUMBNAIL_MS) {
        thumbnail.current.at = now;
        try {
          const own = optsRef.current.thumbnail;
          thumbnail.current.points = (own ? await own(t) : curveThumbnail(series.current)).slice(0, 2 * LIVE_THUMBNAIL_MAX_POINTS);
        } catch {
          // The model was replaced mid-sample: keep the last thumbnail.
        }
      }
      const points = thumbnail.current.points;
      const thumbnailKind = optsRef.current.thumbnail ? "points" : "curve";
      link.report({
        backend: backendRef.current,
        iteration: s.iteration,
        losses: s.losses as Record<string, number>,
        itsPerSec: s.itsPerSec,
        ...(points.length ? { thumbnail: points, thumbnailKind } : {}),
      });
    },
    [backendRef, liveRef, optsRef],
  );

  const install = useCallback(
    async (built: T, nextConfig: C, history: History) => {
      abort.current?.abort();
      trainer.current?.dispose();
      trainer.current = built;
      origin.current = { userId: runKeyRef.current?.userId ?? null, config: nextConfig };
      series.current = history;
      thumbnail.current = { at: 0, points: [] };
      const losses = history.iterations.length ? (Object.fromEntries(Object.entries(history.losses).map(([k, v]) => [k, v[v.length - 1]])) as Partial<L>) : {};
      setConfig(nextConfig);
      setStats({ iteration: built.iteration, losses, itsPerSec: 0 });
      publishHistory();
      setConfigDirty(false);
      setFailure(null);
      setAtEnd(finished(built));
      setBuiltOnce(true);
      setStatus(built.iteration === 0 ? "ready" : finished(built) ? "done" : "paused");
      await refreshVisual();
    },
    [publishHistory, refreshVisual, runKeyRef],
  );

  /** Loads TensorFlow.js and picks its backend (networks only), then prepares the data; once per page. */
  const prepareEngine = useCallback(() => {
    engine.current ??= (async () => {
      if (optsRef.current.engine === "tfjs") {
        const lib = await import("@/lib/ml/backend");
        backendLib.current = lib;
        const active = await lib.activateBackend();
        if (!alive.current) return;
        // Both at once: the menu appears with the backend actually chosen, never with a mere candidate.
        setBackends(lib.listAvailableBackends());
        setBackend(active);
      }
      if (optsRef.current.prepare) {
        setPreparing({ fraction: 0, label: "Preparing data…" });
        await optsRef.current.prepare((fraction, label) => alive.current && setPreparing({ fraction, label }));
        if (alive.current) setPreparing(null);
      }
    })().catch((error: unknown) => {
      engine.current = null; // a later action tries again (a network that came back)
      throw error;
    });
    return engine.current;
  }, [optsRef]);

  /** A fresh model from `nextConfig` replaces the current one. */
  const build = useCallback(
    async (nextConfig: C) => {
      abort.current?.abort();
      trainer.current?.dispose();
      trainer.current = null;
      setStatus("loading");
      try {
        await prepareEngine();
      } catch (error) {
        if (!alive.current) return;
        setPreparing(null);
        setFailure(`Training could not start in this browser: ${errorMessage(error)}`);
        setStatus("failed");
        return;
      }
      if (!alive.current) return;
      try {
        await install(await optsRef.current.create(nextConfig), nextConfig, { iterations: [], losses: {} });
      } catch (error) {
        setFailure(`The model could not be built: ${errorMessage(error)}`);
        setStatus("failed");
      }
    },
    [install, optsRef, prepareEngine],
  );

  /** The model, built with the form's settings if there is none yet; resolves whether there is one now. */
  const load = useCallback(async () => {
    if (!trainer.current) {
      firstBuild.current ??= build(configRef.current).finally(() => (firstBuild.current = null));
      await firstBuild.current;
    }
    return trainer.current !== null;
  }, [build, configRef]);

  /** Replaces the model, after a first build under way (started by a press on the page), so that this one wins. */
  const rebuild = useCallback(
    async (nextConfig: C) => {
      await firstBuild.current;
      await build(nextConfig);
    },
    [build],
  );

  /** A model trained elsewhere (a pool run): built from its config, then its weights restored. */
  const loadTrained = useCallback(
    async (nextConfig: C, restore: (trainer: T) => void) => {
      // After the first build (never raced by it): the engine is loaded then.
      if (!(await load())) throw new Error("TensorFlow.js could not start in this browser.");
      const built = await optsRef.current.create(nextConfig);
      try {
        restore(built);
      } catch (error) {
        built.dispose();
        throw error;
      }
      setBudget((b) => Math.max(b, built.iteration));
      await install(built, nextConfig, { iterations: [], losses: {} });
      setAnnouncement(`Loaded the pool-trained model at iteration ${built.iteration.toLocaleString()}.`);
    },
    [install, load, optsRef],
  );

  /** Continues the run saved in this browser: its settings, weights, optimiser state and curves. */
  const resumeSaved = useCallback(async () => {
    const run = savedRun;
    if (!run) return;
    setSavedRun(null);
    // After the first build (never raced by it); a page that cannot load keeps the run on offer.
    if (!(await load())) {
      setSavedRun(run);
      return;
    }
    let built: T | null = null;
    try {
      // Read back from storage: the settings pass the exercise's own schema before anything is built from them.
      const schema = optsRef.current.configSchema;
      const config = schema ? schema.parse(run.config) : (run.config as C);
      built = await optsRef.current.create(config);
      if (!built.importState) throw new Error("this model cannot restore a saved run");
      built.importState(run.state);
      setBudget(Math.max(run.budget, built.iteration));
      await install(built, config, run.history);
    } catch (error) {
      if (trainer.current !== built) built?.dispose();
      setFailure(`The saved run could not be restored (${errorMessage(error)}); start a new one.`);
      if (runKeyRef.current) void forgetRun(runKeyRef.current);
      return;
    }
    setAnnouncement(`Resumed your saved run at iteration ${built.iteration.toLocaleString()}.`);
  }, [install, load, optsRef, runKeyRef, savedRun]);

  const discardSaved = useCallback(() => {
    setSavedRun(null);
    if (runKeyRef.current) void forgetRun(runKeyRef.current);
  }, [runKeyRef]);

  // Plain-JavaScript models are built at once. A network waits for the reader's first press or key
  // (or an action that needs it), so that opening the page costs neither TensorFlow.js nor the data.
  useEffect(() => {
    alive.current = true;
    const wanted = () => {
      for (const type of INTENT_EVENTS) window.removeEventListener(type, wanted, true);
      void load().then((built) => built && forked && setAnnouncement("Built with the settings of the run you forked: press Start to train with them."));
    };
    if (optsRef.current.engine === "tfjs") for (const type of INTENT_EVENTS) window.addEventListener(type, wanted, { capture: true, passive: true });
    else wanted();
    return () => {
      for (const type of INTENT_EVENTS) window.removeEventListener(type, wanted, true);
      alive.current = false;
      abort.current?.abort();
      trainer.current?.dispose();
      trainer.current = null;
    };
  }, [forked, load, optsRef]);

  // Once signed in and settled (a network not loaded yet included): offer the run saved in this browser, if any.
  const settled = status !== "loading" && status !== "failed";
  /** The run key last looked up: offered once, not again at each later build (a resume under way builds too). */
  const offeredFor = useRef<string | null>(null);
  useEffect(() => {
    const key = runKeyRef.current;
    if (!settled || !key || offeredFor.current === JSON.stringify(key)) return;
    let cancelled = false;
    void loadRun(key).then((run) => {
      if (cancelled) return;
      offeredFor.current = JSON.stringify(key);
      const current = trainer.current;
      if (run && (!current || (current.importState && current.iteration === 0))) setSavedRun(run);
    });
    return () => {
      cancelled = true;
    };
    // Once per person, page and round: the key's parts are in the dependencies.
  }, [settled, userId, options.courseId, options.exerciseSlug, roundId, runKeyRef]);

  // Hidden tabs may be frozen or closed without warning: save when the page is hidden.
  useEffect(() => {
    const onHide = () => document.visibilityState === "hidden" && void save();
    document.addEventListener("visibilitychange", onHide);
    window.addEventListener("pagehide", onHide);
    return () => {
      document.removeEventListener("visibilitychange", onHide);
      window.removeEventListener("pagehide", onHide);
    };
  }, [save]);

  /** Trains up to the budget (`budget`: one just set, before it is rendered). */
  const start = useCallback(
    async (budget?: number) => {
      if (!trainer.current) {
        if (startPending.current) return;
        startPending.current = true;
        const loaded = await load().finally(() => (startPending.current = false));
        if (!loaded) return;
      }
      const t = trainer.current;
      if (!t || finished(t)) return;
      const limit = budget ?? budgetRef.current;
      // Past the budget, Start trains another budget's worth rather than staying disabled.
      const target = t.iteration >= limit ? t.iteration + optsRef.current.defaultBudget : limit;
      if (target !== budgetRef.current) setBudget(target);
      setSavedRun(null);
      const controller = new AbortController();
      abort.current = controller;
      setStatus("running");
      setAnnouncement("Training started.");
      let lastStats = 0;
      let frame = 0;
      const every = optsRef.current.visualEvery ?? 10;
      try {
        await runFrames<L>(t, {
          signal: controller.signal,
          maxIterations: target,
          onFrame: (s) => {
            if (trainer.current !== t) return; // reset or switched mid-frame: this step belongs to no run on screen
            record(s.iteration, s.losses);
            void report(t, s);
            if (frame++ % every === 0) void refreshVisual();
            const now = performance.now();
            if (now - lastSave.current > AUTOSAVE_MS) void save();
            if (now - lastStats > STATS_REFRESH_MS) {
              lastStats = now;
              setStats(s);
              publishHistory();
            }
          },
        });
      } catch (error) {
        if (trainer.current !== t || controller.signal.aborted) return; // the model was replaced: not this run's failure
        setFailure(`Training stopped with an error: ${errorMessage(error)}`);
        setStatus("failed");
        return;
      }
      if (trainer.current !== t) return; // reset while running
      setStats((s) => ({ ...s, iteration: t.iteration }));
      publishHistory();
      await refreshVisual();
      void save();
      if (controller.signal.aborted) return;
      setAtEnd(finished(t));
      setStatus(t.iteration >= target || finished(t) ? "done" : "paused");
      setAnnouncement(
        finished(t)
          ? `Finished after ${t.iteration.toLocaleString()} iterations.`
          : t.iteration >= target
            ? `Reached ${target.toLocaleString()} iterations.`
            : "Training paused.",
      );
    },
    [budgetRef, load, optsRef, publishHistory, record, refreshVisual, report, save],
  );

  /** A fresh model from `nextConfig`, trained at once up to `nextBudget` (a page's "Run the defaults" button). */
  const runFresh = useCallback(
    async (nextConfig: C, nextBudget: number) => {
      setBudget(nextBudget);
      await rebuild(nextConfig);
      await start(nextBudget);
    },
    [rebuild, start],
  );

  const pause = useCallback(() => {
    abort.current?.abort();
    setStatus("paused");
    setAnnouncement("Training paused.");
  }, []);

  const step = useCallback(async () => {
    if (!(await load())) return;
    const t = trainer.current;
    if (!t || finished(t)) return;
    setSavedRun(null);
    t.step(1);
    const losses = await t.losses();
    record(t.iteration, losses);
    const s = { iteration: t.iteration, losses, itsPerSec: 0 };
    setStats(s);
    publishHistory();
    setAtEnd(finished(t));
    setStatus(finished(t) ? "done" : "paused");
    void report(t, s);
    await refreshVisual();
    void save();
  }, [load, publishHistory, record, refreshVisual, report, save]);

  const switchBackend = useCallback(
    async (name: string) => {
      const lib = backendLib.current;
      if (!lib) return;
      abort.current?.abort();
      trainer.current?.dispose();
      trainer.current = null;
      setStatus("loading");
      const active = await lib.activateBackend(name);
      setBackend(active);
      setAnnouncement(active === name ? `Now training on ${active}.` : `${name} is not available here; using ${active}.`);
      await rebuild(configRef.current);
    },
    [configRef, rebuild],
  );

  const statusRef = useLatest(status);
  const updateConfig = useCallback(
    (patch: Partial<C>) => {
      setConfig((c) => ({ ...c, ...patch }));
      // Before the first build the form's settings are simply the ones it will use.
      setConfigDirty(statusRef.current !== "idle");
    },
    [statusRef],
  );

  return {
    trainer,
    engine: options.engine,
    defaultBudget: options.defaultBudget,
    status,
    failure,
    preparing,
    backend,
    backends,
    switchBackend,
    config,
    updateConfig,
    configDirty,
    budget,
    setBudget,
    stats,
    history,
    announcement,
    setAnnouncement,
    savedRun,
    resumeSaved,
    discardSaved,
    start,
    runFresh,
    pause,
    step,
    reset: () => rebuild(configRef.current),
    loadTrained,
    load,
    refreshVisual,
    running: status === "running",
    /** Nothing left to compute (a chain at its end, EM converged): Start and Step stay off until Reset. */
    finished: status === "done" && atEnd,
    /** A model is built (numbers, samples and submissions can be read from it). */
    ready: status !== "loading" && status !== "failed" && status !== "idle",
    /** Nothing loaded yet: the first action loads it. */
    idle: status === "idle",
    /** Start, Step and a page's own actions can be pressed (before the first model too: they wait for it). */
    available: status !== "failed" && (status !== "loading" || !builtOnce),
  };
}

// `any`: the panel shows any trainer's numbers, whatever its config, model and loss names.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TrainerState = ReturnType<typeof useTrainer<any, any, any>>;
