"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type * as ML from "@/lib/ml";
import type { GanConfig } from "@/lib/ml/configs/gan";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { useLiveRound } from "@/app/_components/live/LiveRoundContext";
import { PoolPanel, type PoolWeights } from "@/app/_components/pool/PoolPanel";
import { SampleThumbnail } from "@/app/_components/SampleThumbnail";
import { errorMessage } from "@/app/_lib/errors";
import { LIVE_THUMBNAIL_MAX_POINTS } from "@/lib/realtime/protocol";
import { LineChart } from "./LineChart";
import { type ExerciseInfo, SubmitPanel } from "./SubmitPanel";
import { HEATMAP_RESOLUTION, RingCanvas, type RingCanvasHandle, VIEW_EXTENT } from "./RingCanvas";

type Ml = typeof ML;
type Status = "loading" | "ready" | "running" | "paused" | "done" | "failed";

const SUBMIT_SAMPLES = 2000;
const DRAW_SAMPLES = 500;
/** The heat map costs a forward pass over 48² points: refresh it every few frames only. */
const HEATMAP_EVERY_FRAMES = 8;
/** React state (numbers, chart) refreshes at this period; the canvas every frame. */
const STATS_REFRESH_MS = 250;
const MAX_CHART_POINTS = 1500;
const LOSS_SERIES = [
  { label: "D loss", stroke: "#4f46e5" },
  { label: "G loss", stroke: "#ea580c" },
];

interface LossSeries {
  iterations: number[];
  dLoss: number[];
  gLoss: number[];
}

interface Stats {
  iteration: number;
  dLoss: number;
  gLoss: number;
  itsPerSec: number;
}

const numberFields: { key: keyof GanConfig; label: string; step: number; min: number; max: number; help: string }[] = [
  { key: "generatorLr", label: "Generator learning rate", step: 0.0001, min: 0.00001, max: 1, help: "Step size of G's optimizer." },
  { key: "discriminatorLr", label: "Discriminator learning rate", step: 0.0001, min: 0.00001, max: 1, help: "Step size of D's optimizer." },
  { key: "momentum", label: "Momentum / Adam β₁", step: 0.05, min: 0, max: 0.99, help: "Adam's β₁, or the momentum of SGD." },
  { key: "dSteps", label: "D steps per G step (k)", step: 1, min: 1, max: 10, help: "k of Algorithm 1." },
  { key: "hiddenWidth", label: "Hidden width", step: 8, min: 4, max: 256, help: "Units per hidden layer." },
  { key: "depth", label: "Hidden layers", step: 1, min: 1, max: 4, help: "In each network." },
  { key: "noiseDim", label: "Noise dimension", step: 1, min: 1, max: 16, help: "Size of z." },
  { key: "batchSize", label: "Batch size", step: 16, min: 16, max: 1024, help: "Real and fake samples per step." },
  { key: "seed", label: "Seed", step: 1, min: 0, max: 2 ** 32 - 1, help: "Initial weights and batches." },
];

export function GanRingTrainer(exercise: ExerciseInfo) {
  const ml = useRef<Ml | null>(null);
  const trainer = useRef<ML.GanTrainer | null>(null);
  const abort = useRef<AbortController | null>(null);
  const canvas = useRef<RingCanvasHandle>(null);
  const realPoints = useRef<Float32Array>(new Float32Array());
  const heat = useRef<Float32Array | null>(null);
  const frameCount = useRef(0);
  const drawing = useRef(false);
  const series = useRef<LossSeries>({ iterations: [], dLoss: [], gLoss: [] });
  const latest = useRef<Stats>({ iteration: 0, dLoss: NaN, gLoss: NaN, itsPerSec: 0 });
  /** The last samples drawn: the first few go to the instructor's grid in a live round. */
  const lastSamples = useRef<Float32Array>(new Float32Array());
  const liveRound = useLiveRound();
  const live = useRef(liveRound);
  live.current = liveRound;

  const [status, setStatus] = useState<Status>("loading");
  const [failure, setFailure] = useState<string | null>(null);
  const [backend, setBackend] = useState<string>("");
  const tfBackend = useRef(backend);
  tfBackend.current = backend;
  const [backends, setBackends] = useState<string[]>([]);
  const [config, setConfig] = useState<GanConfig | null>(null);
  const [configDirty, setConfigDirty] = useState(false);
  const [budget, setBudget] = useState(5000);
  const [stats, setStats] = useState<Stats>(latest.current);
  const [chartVersion, setChartVersion] = useState(0);
  const [announcement, setAnnouncement] = useState("");

  /** Samples and (sometimes) the heat map, then one draw; skipped while the previous draw is pending. */
  const refreshView = useCallback(async (forceHeat = false) => {
    const t = trainer.current;
    if (!t || drawing.current) return;
    drawing.current = true;
    try {
      const fake = await t.sample(DRAW_SAMPLES);
      lastSamples.current = fake;
      if (forceHeat || frameCount.current % HEATMAP_EVERY_FRAMES === 0) heat.current = await t.discriminatorGrid(HEATMAP_RESOLUTION, VIEW_EXTENT);
      canvas.current?.draw({ real: realPoints.current, fake, heat: heat.current });
    } catch {
      // The trainer was disposed mid-draw (reset or backend switch): nothing to draw.
    } finally {
      drawing.current = false;
    }
  }, []);

  const rebuild = useCallback(
    async (nextConfig: GanConfig) => {
      abort.current?.abort();
      trainer.current?.dispose();
      const lib = ml.current!;
      trainer.current = new lib.GanTrainer(nextConfig);
      series.current = { iterations: [], dLoss: [], gLoss: [] };
      latest.current = { iteration: 0, dLoss: NaN, gLoss: NaN, itsPerSec: 0 };
      setStats(latest.current);
      setChartVersion((v) => v + 1);
      setConfigDirty(false);
      setStatus("ready");
      await refreshView(true);
    },
    [refreshView],
  );

  // Load TensorFlow.js and the model code only in the browser, then pick the fastest backend.
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const lib = await import("@/lib/ml");
        if (cancelled) return;
        ml.current = lib;
        setBackends(lib.listAvailableBackends());
        const active = await lib.activateBackend();
        if (cancelled) return;
        setBackend(active);
        realPoints.current = lib.sampleRing(DRAW_SAMPLES, lib.mulberry32(7));
        setConfig(lib.DEFAULT_GAN_CONFIG);
        await rebuild(lib.DEFAULT_GAN_CONFIG);
      } catch (error) {
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
    const controller = new AbortController();
    abort.current = controller;
    setStatus("running");
    setAnnouncement("Training started.");
    let lastStats = 0;
    try {
      await t.run({
        signal: controller.signal,
        maxIterations: budget,
        onFrame: (s) => {
          frameCount.current++;
          latest.current = s;
          const chart = series.current;
          chart.iterations.push(s.iteration);
          chart.dLoss.push(s.dLoss);
          chart.gLoss.push(s.gLoss);
          if (chart.iterations.length > MAX_CHART_POINTS) {
            // Halve the resolution of the history rather than forgetting the start of training.
            for (const key of ["iterations", "dLoss", "gLoss"] as const) chart[key] = chart[key].filter((_, i) => i % 2 === 0);
          }
          void refreshView();
          live.current?.report({
            backend: tfBackend.current,
            iteration: s.iteration,
            losses: { D: s.dLoss, G: s.gLoss },
            itsPerSec: s.itsPerSec,
            thumbnail: Array.from(lastSamples.current.subarray(0, 2 * LIVE_THUMBNAIL_MAX_POINTS)),
          });
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
    setStats(latest.current);
    setChartVersion((v) => v + 1);
    if (controller.signal.aborted) return;
    setStatus(t.iteration >= budget ? "done" : "paused");
    setAnnouncement(t.iteration >= budget ? `Reached ${budget} iterations.` : "Training paused.");
  }, [budget, refreshView]);

  const pause = () => {
    abort.current?.abort();
    setStatus("paused");
    setAnnouncement("Training paused.");
  };

  const stepOnce = async () => {
    const t = trainer.current;
    if (!t) return;
    t.step(1);
    const losses = await t.losses();
    latest.current = { iteration: t.iteration, ...losses, itsPerSec: 0 };
    setStats(latest.current);
    series.current.iterations.push(t.iteration);
    series.current.dLoss.push(losses.dLoss);
    series.current.gLoss.push(losses.gLoss);
    setChartVersion((v) => v + 1);
    setStatus("paused");
    await refreshView(true);
  };

  const switchBackend = async (name: string) => {
    const lib = ml.current;
    if (!lib || !config) return;
    abort.current?.abort();
    trainer.current?.dispose();
    trainer.current = null;
    setStatus("loading");
    const active = await lib.activateBackend(name);
    setBackend(active);
    setAnnouncement(active === name ? `Now training on ${active}.` : `${name} is not available here; using ${active}.`);
    await rebuild(config);
  };

  const updateConfig = (patch: Partial<GanConfig>) => {
    setConfig((c) => (c ? { ...c, ...patch } : c));
    setConfigDirty(true);
  };

  /** A pool-trained model replaces the page's: its config, its weights, fresh samples. */
  const loadPoolModel = async ({ config: poolConfig, weights }: PoolWeights) => {
    const lib = ml.current;
    if (!lib) throw new Error("The model code is still loading.");
    const nextConfig = lib.ganConfigSchema.parse(poolConfig);
    const loaded = new lib.GanTrainer(nextConfig);
    try {
      loaded.importState(weights as unknown as ML.GanTrainerState);
    } catch (error) {
      loaded.dispose();
      throw error;
    }
    abort.current?.abort();
    trainer.current?.dispose();
    trainer.current = loaded;
    const losses = await loaded.losses();
    latest.current = { iteration: loaded.iteration, ...losses, itsPerSec: 0 };
    series.current = { iterations: [], dLoss: [], gLoss: [] };
    setConfig(nextConfig);
    setConfigDirty(false);
    setBudget((b) => Math.max(b, loaded.iteration));
    setStats(latest.current);
    setChartVersion((v) => v + 1);
    setStatus("paused");
    setAnnouncement(`Loaded the pool-trained model at iteration ${loaded.iteration.toLocaleString()}.`);
    await refreshView(true);
  };

  const running = status === "running";
  const progress = Math.min(1, stats.iteration / budget);

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_360px]">
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
      <div className="space-y-6">
        <Card className="p-4">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <div className="flex flex-wrap gap-2" role="group" aria-label="Training controls">
              <Button onClick={() => void start()} disabled={running || status === "loading" || status === "failed" || configDirty || stats.iteration >= budget}>
                {stats.iteration > 0 ? "Resume" : "Start"}
              </Button>
              <Button variant="secondary" onClick={pause} disabled={!running}>
                Pause
              </Button>
              <Button variant="secondary" onClick={() => void stepOnce()} disabled={running || !trainer.current || configDirty}>
                Step
              </Button>
              <Button variant="secondary" onClick={() => config && void rebuild(config)} disabled={status === "loading" || !config}>
                Reset
              </Button>
            </div>
            <label className="flex items-center gap-2 text-sm">
              <span className="text-muted">Backend</span>
              <select
                className="rounded-md border border-line bg-white px-2 py-1"
                value={backend}
                onChange={(e) => void switchBackend(e.target.value)}
                disabled={running || status === "loading"}
                data-testid="backend-select"
              >
                {(backends.includes(backend) || !backend ? backends : [backend, ...backends]).map((b) => (
                  <option key={b} value={b}>
                    {b}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {configDirty && <p className="mt-3 text-sm text-amber-700">Settings changed: press Reset to build a new model with them.</p>}
          {failure && (
            <p role="alert" className="mt-3 text-sm text-red-700">
              {failure}
            </p>
          )}
          <dl className="mt-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4" data-testid="training-stats">
            <Stat label="Iteration" value={stats.iteration.toLocaleString()} testId="iteration" />
            <Stat label="D loss" value={fmt(stats.dLoss)} />
            <Stat label="G loss" value={fmt(stats.gLoss)} />
            <Stat label="Iterations/s" value={running ? stats.itsPerSec.toFixed(0) : "–"} />
          </dl>
          <div className="mt-4">
            <div className="flex justify-between text-xs text-muted">
              <label htmlFor="budget-progress">Progress toward the iteration budget</label>
              <span>
                {stats.iteration.toLocaleString()} / {budget.toLocaleString()}
              </span>
            </div>
            <progress id="budget-progress" className="mt-1 h-2 w-full accent-brand-600" value={progress} max={1} />
          </div>
        </Card>

        <div className="grid gap-6 xl:grid-cols-2">
          <Card className="p-4">
            <h2 className="mb-2 font-semibold">Samples and discriminator</h2>
            <RingCanvas ref={canvas} />
            <p className="mt-2 text-xs text-muted">
              Dark: real data. Orange: generator samples. Background: D(x), green where D says “real”, purple where it says “fake”.
            </p>
          </Card>
          <Card className="p-4">
            <h2 className="mb-2 font-semibold">Losses</h2>
            <LineChart
              data={[series.current.iterations, series.current.dLoss, series.current.gLoss]}
              series={LOSS_SERIES}
              xLabel="iteration"
              yLabel="loss"
              description="Discriminator and generator loss curves"
              version={chartVersion}
            />
            <p className="mt-2 text-xs text-muted">At the game's equilibrium D outputs ½ everywhere and its loss is 2·log 2 ≈ 1.386 (sum over real and fake).</p>
          </Card>
        </div>

        <SubmitPanel
          {...exercise}
          label="Submit 2,000 samples"
          description="The generator draws 2,000 samples; the server scores them and ranks them."
          canSubmit={!!trainer.current && status !== "loading" && status !== "failed"}
          build={async () => {
            const t = trainer.current;
            if (!t) throw new Error("The model is not ready.");
            const samples = await t.sample(SUBMIT_SAMPLES);
            const pairs: [number, number][] = [];
            for (let i = 0; i < samples.length; i += 2) pairs.push([samples[i], samples[i + 1]]);
            return { body: { samples: pairs }, config: t.config };
          }}
          estimate={(body) => ml.current!.scoreRingSamples(new Float32Array((body as { samples: [number, number][] }).samples.flat())) as unknown as Record<string, number>}
        />
      </div>

      <Card className="h-fit p-4">
        <h2 className="font-semibold">Hyperparameters</h2>
        {config && (
          <form className="mt-3 space-y-3" onSubmit={(e) => e.preventDefault()} aria-describedby="hp-help">
            <p id="hp-help" className="text-xs text-muted">
              Changes take effect when you press Reset.
            </p>
            <SelectField label="Optimizer" value={config.optimizer} options={[["adam", "Adam"], ["sgd-momentum", "SGD with momentum"]]} onChange={(v) => updateConfig({ optimizer: v as GanConfig["optimizer"] })} disabled={running} />
            <SelectField
              label="Generator loss"
              value={config.loss}
              options={[["non-saturating", "Non-saturating: max log D(G(z))"], ["minimax", "Minimax: min log(1 − D(G(z)))"]]}
              onChange={(v) => updateConfig({ loss: v as GanConfig["loss"] })}
              disabled={running}
            />
            {numberFields.map((f) => (
              <label key={f.key} className="block text-sm">
                <span className="flex justify-between">
                  <span>{f.label}</span>
                  <span className="text-xs text-muted">{f.help}</span>
                </span>
                <input
                  type="number"
                  className="mt-1 w-full rounded-md border border-line px-2 py-1"
                  value={String(config[f.key])}
                  step={f.step}
                  min={f.min}
                  max={f.max}
                  disabled={running}
                  onChange={(e) => {
                    const v = Number(e.target.value);
                    if (Number.isFinite(v)) updateConfig({ [f.key]: v } as Partial<GanConfig>);
                  }}
                />
              </label>
            ))}
            <label className="block text-sm">
              <span>Iteration budget</span>
              <input
                type="number"
                className="mt-1 w-full rounded-md border border-line px-2 py-1"
                value={budget}
                min={1}
                step={500}
                disabled={running}
                data-testid="budget-input"
                onChange={(e) => setBudget(Math.max(1, Math.floor(Number(e.target.value) || 1)))}
              />
            </label>
          </form>
        )}
      </Card>

      {exercise.pool && !liveRound && (
        <PoolPanel
          courseId={exercise.courseId}
          exerciseSlug={exercise.exerciseSlug}
          pool={exercise.pool}
          metrics={exercise.metrics}
          config={config}
          lossSeries={LOSS_SERIES}
          renderPreview={(preview, size) => <SampleThumbnail points={Float32Array.from(preview)} size={size} label={`${preview.length / 2} samples of the pool model`} />}
          onLoad={loadPoolModel}
          className="lg:col-span-2"
        />
      )}
    </div>
  );
}

function fmt(v: number) {
  return Number.isFinite(v) ? v.toFixed(3) : "–";
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="rounded-md bg-canvas px-3 py-2">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="font-mono text-base tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function SelectField({ label, value, options, onChange, disabled }: { label: string; value: string; options: [string, string][]; onChange: (v: string) => void; disabled?: boolean }) {
  return (
    <label className="block text-sm">
      <span>{label}</span>
      <select className="mt-1 w-full rounded-md border border-line bg-white px-2 py-1" value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
