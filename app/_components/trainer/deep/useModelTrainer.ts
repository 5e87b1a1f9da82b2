"use client";
/**
 * The state machine every deep-model page shares: load TensorFlow.js and pick a backend, prepare
 * data (with progress), build a SteppedTrainer from a config, and Start / Pause / Step / Reset it
 * with lib/ml's runFrames, keeping loss curves, iterations/s and the iteration budget.
 * Pages add their own visuals (onFrame) and their submission.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { SteppedTrainer } from "@/lib/ml/train/loop";
import { useLiveRound } from "@/app/_components/live/LiveRoundContext";
import { errorMessage } from "@/app/_lib/errors";

export type TrainerStatus = "loading" | "ready" | "running" | "paused" | "done" | "failed";
type Losses = Record<string, number>;

export interface TrainerStats<L extends Losses> {
  iteration: number;
  losses: Partial<L>;
  itsPerSec: number;
}

export interface ModelTrainerOptions<C, T extends SteppedTrainer<L>, L extends Losses> {
  defaultConfig: C;
  defaultBudget: number;
  /** One-off work before the first model (data download, binarising), reporting progress 0…1. */
  prepare?: (progress: (fraction: number, label: string) => void) => Promise<void>;
  /** Builds a fresh model from a config (TensorFlow.js is loaded and its backend chosen). */
  create: (config: C) => T | Promise<T>;
  /** Redraws the page's visuals; called every `visualEvery` frames while training and after each step. */
  onVisual?: (trainer: T) => void | Promise<void>;
  visualEvery?: number;
}

/** React state (numbers, chart) refreshes at this period; visuals on their own schedule. */
const STATS_REFRESH_MS = 250;
const MAX_CHART_POINTS = 1500;

export function useModelTrainer<C, T extends SteppedTrainer<L>, L extends Losses>(options: ModelTrainerOptions<C, T, L>) {
  const opts = useRef(options);
  opts.current = options;
  // Read inside the training loop, which outlives renders.
  const liveRound = useLiveRound();
  const live = useRef(liveRound);
  live.current = liveRound;
  const trainer = useRef<T | null>(null);
  const abort = useRef<AbortController | null>(null);
  const drawing = useRef(false);
  const backendLib = useRef<typeof import("@/lib/ml/backend") | null>(null);
  /** Loss history: iterations, then one array per loss key, in first-seen order. */
  const series = useRef<{ iterations: number[]; losses: Record<string, number[]> }>({ iterations: [], losses: {} });

  const [status, setStatus] = useState<TrainerStatus>("loading");
  const [failure, setFailure] = useState<string | null>(null);
  const [preparing, setPreparing] = useState<{ fraction: number; label: string } | null>(null);
  const [backend, setBackend] = useState("");
  const backendName = useRef(backend);
  backendName.current = backend;
  const [backends, setBackends] = useState<string[]>([]);
  const [config, setConfig] = useState<C>(options.defaultConfig);
  const [configDirty, setConfigDirty] = useState(false);
  const [budget, setBudget] = useState(options.defaultBudget);
  const [stats, setStats] = useState<TrainerStats<L>>({ iteration: 0, losses: {}, itsPerSec: 0 });
  const [chartVersion, setChartVersion] = useState(0);
  const [announcement, setAnnouncement] = useState("");

  const refreshVisual = useCallback(async () => {
    const t = trainer.current;
    const draw = opts.current.onVisual;
    if (!t || !draw || drawing.current) return;
    drawing.current = true;
    try {
      await draw(t);
    } catch {
      // The model was replaced mid-draw (reset or backend switch): nothing to draw.
    } finally {
      drawing.current = false;
    }
  }, []);

  const record = useCallback((iteration: number, losses: L) => {
    const chart = series.current;
    chart.iterations.push(iteration);
    for (const [key, value] of Object.entries(losses)) (chart.losses[key] ??= []).push(value);
    if (chart.iterations.length > MAX_CHART_POINTS) {
      // Halve the resolution of the history rather than forgetting the start of training.
      const keep = (_: number, i: number) => i % 2 === 0;
      chart.iterations = chart.iterations.filter(keep);
      for (const key of Object.keys(chart.losses)) chart.losses[key] = chart.losses[key].filter(keep);
    }
  }, []);

  const rebuild = useCallback(
    async (nextConfig: C) => {
      abort.current?.abort();
      trainer.current?.dispose();
      trainer.current = null;
      setStatus("loading");
      try {
        trainer.current = await opts.current.create(nextConfig);
      } catch (error) {
        setFailure(`The model could not be built: ${errorMessage(error)}`);
        setStatus("failed");
        return;
      }
      series.current = { iterations: [], losses: {} };
      setStats({ iteration: 0, losses: {}, itsPerSec: 0 });
      setChartVersion((v) => v + 1);
      setConfigDirty(false);
      setFailure(null);
      setStatus("ready");
      await refreshVisual();
    },
    [refreshVisual],
  );

  /** A model trained elsewhere (a pool run): built from its config, then its weights restored. */
  const loadTrained = useCallback(
    async (nextConfig: C, restore: (trainer: T) => void) => {
      const built = await opts.current.create(nextConfig);
      try {
        restore(built);
      } catch (error) {
        built.dispose();
        throw error;
      }
      abort.current?.abort();
      trainer.current?.dispose();
      trainer.current = built;
      series.current = { iterations: [], losses: {} };
      setConfig(nextConfig);
      setConfigDirty(false);
      setBudget((b) => Math.max(b, built.iteration));
      setStats({ iteration: built.iteration, losses: {}, itsPerSec: 0 });
      setChartVersion((v) => v + 1);
      setFailure(null);
      setStatus("paused");
      setAnnouncement(`Loaded the pool-trained model at iteration ${built.iteration.toLocaleString()}.`);
      await refreshVisual();
    },
    [refreshVisual],
  );

  // TensorFlow.js only in the browser: load it, pick the fastest backend, prepare data, build.
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const lib = await import("@/lib/ml/backend");
        if (cancelled) return;
        backendLib.current = lib;
        setBackends(lib.listAvailableBackends());
        const active = await lib.activateBackend();
        if (cancelled) return;
        setBackend(active);
        if (opts.current.prepare) {
          setPreparing({ fraction: 0, label: "Preparing data…" });
          await opts.current.prepare((fraction, label) => !cancelled && setPreparing({ fraction, label }));
          if (cancelled) return;
          setPreparing(null);
        }
        await rebuild(opts.current.defaultConfig);
      } catch (error) {
        if (cancelled) return;
        setPreparing(null);
        setFailure(`Training could not start in this browser: ${errorMessage(error)}`);
        setStatus("failed");
      }
    })();
    return () => {
      cancelled = true;
      abort.current?.abort();
      trainer.current?.dispose();
      trainer.current = null;
    };
  }, [rebuild]);

  const start = useCallback(async () => {
    const t = trainer.current;
    if (!t) return;
    const { runFrames } = await import("@/lib/ml/train/loop");
    const controller = new AbortController();
    abort.current = controller;
    setStatus("running");
    setAnnouncement("Training started.");
    let lastStats = 0;
    let frame = 0;
    const every = opts.current.visualEvery ?? 10;
    try {
      await runFrames<L>(t, {
        signal: controller.signal,
        maxIterations: budget,
        onFrame: (s) => {
          record(s.iteration, s.losses);
          live.current?.report({ backend: backendName.current, iteration: s.iteration, losses: s.losses, itsPerSec: s.itsPerSec });
          if (frame++ % every === 0) void refreshVisual();
          const now = performance.now();
          if (now - lastStats > STATS_REFRESH_MS) {
            lastStats = now;
            setStats(s);
            setChartVersion((v) => v + 1);
          }
        },
      });
    } catch (error) {
      setFailure(`Training stopped with an error: ${errorMessage(error)}`);
      setStatus("failed");
      return;
    }
    if (trainer.current !== t) return; // reset while running
    setStats((s) => ({ ...s, iteration: t.iteration }));
    setChartVersion((v) => v + 1);
    await refreshVisual();
    if (controller.signal.aborted) return;
    const done = t.iteration >= budget;
    setStatus(done ? "done" : "paused");
    setAnnouncement(done ? `Reached ${budget.toLocaleString()} iterations.` : "Training paused.");
  }, [budget, record, refreshVisual]);

  const pause = useCallback(() => {
    abort.current?.abort();
    setStatus("paused");
    setAnnouncement("Training paused.");
  }, []);

  const step = useCallback(async () => {
    const t = trainer.current;
    if (!t) return;
    t.step(1);
    const losses = await t.losses();
    record(t.iteration, losses);
    setStats({ iteration: t.iteration, losses, itsPerSec: 0 });
    setChartVersion((v) => v + 1);
    setStatus("paused");
    await refreshVisual();
  }, [record, refreshVisual]);

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
      await rebuild(config);
    },
    [config, rebuild],
  );

  const updateConfig = useCallback((patch: Partial<C>) => {
    setConfig((c) => ({ ...c, ...patch }));
    setConfigDirty(true);
  }, []);

  return {
    trainer,
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
    series: series.current,
    chartVersion,
    announcement,
    setAnnouncement,
    start,
    pause,
    step,
    reset: () => rebuild(config),
    loadTrained,
    refreshVisual,
    running: status === "running",
    ready: !!trainer.current && status !== "loading" && status !== "failed",
  };
}

export type ModelTrainerState = ReturnType<typeof useModelTrainer<any, any, any>>;
