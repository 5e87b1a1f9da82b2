"use client";
/** The gan-ring page: a GAN on the 8-Gaussian ring, trained in the browser (or on the worker pool), its samples drawn over D(x). */
import { useEffect, useRef } from "react";
import { Card } from "@/app/_components/Card";
import { useLiveRound } from "@/app/_components/live/LiveRoundContext";
import { PoolPanel } from "@/app/_components/pool/PoolPanel";
import { SampleThumbnail } from "@/app/_components/SampleThumbnail";
import { type GanConfig, ganConfigSchema } from "@/lib/ml/configs/gan";
import { sampleRing } from "@/lib/ml/datasets/ring";
import { scoreRingSamples } from "@/lib/ml/metrics/ring";
import { mulberry32 } from "@/lib/ml/random";
import type { GanLosses, GanTrainer as Trainer } from "@/lib/ml/train/gan-trainer";
import { LIVE_THUMBNAIL_MAX_POINTS } from "@/lib/realtime/protocol";
import { type ChoiceField, HyperparameterForm, type NumberField, TrainingPanel } from "@/app/_components/trainer/TrainingPanel";
import { useTrainer } from "@/app/_components/trainer/useTrainer";
import { type ExerciseInfo, SubmitPanel } from "@/app/_components/trainer/SubmitPanel";
import { HEATMAP_RESOLUTION, RingCanvas, type RingCanvasHandle, VIEW_EXTENT } from "@/app/_components/trainer/RingCanvas";
import { GAN_RING_SAMPLE_COUNT as SUBMIT_SAMPLES } from "./spec";

const DRAW_SAMPLES = 500;
const REAL_POINTS_SEED = 7;
/** The heat map costs a forward pass over 48² points: while training, refresh it every few redraws only. */
const HEATMAP_EVERY_DRAWS = 8;
const LOSSES = [
  { key: "dLoss", label: "D loss", stroke: "#6366f1" },
  { key: "gLoss", label: "G loss", stroke: "#ea580c" },
];

const CHOICE_FIELDS: ChoiceField<GanConfig>[] = [
  {
    key: "optimizer",
    label: "Optimizer",
    options: [
      ["adam", "Adam"],
      ["sgd-momentum", "SGD with momentum"],
    ],
  },
  {
    key: "loss",
    label: "Generator loss",
    options: [
      ["non-saturating", "Non-saturating: max log D(G(z))"],
      ["minimax", "Minimax: min log(1 − D(G(z)))"],
    ],
  },
];

const NUMBER_FIELDS: NumberField<GanConfig>[] = [
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
  const canvas = useRef<RingCanvasHandle>(null);
  const realPoints = useRef<Float32Array | null>(null);
  const heat = useRef<Float32Array | null>(null);
  const draws = useRef(0);
  const running = useRef(false);
  const liveRound = useLiveRound();

  const state = useTrainer<GanConfig, Trainer, GanLosses>({
    courseId: exercise.courseId,
    exerciseSlug: exercise.exerciseSlug,
    engine: "tfjs",
    defaultConfig: exercise.defaultHyperparameters as GanConfig,
    configSchema: ganConfigSchema,
    defaultBudget: 5000,
    create: async (config) => {
      const { GanTrainer } = await import("@/lib/ml/train/gan-trainer");
      return new GanTrainer(config);
    },
    // Samples every frame (they are cheap); the heat map every few frames while training, always when stopped.
    visualEvery: 1,
    onVisual: async (t) => {
      realPoints.current ??= sampleRing(DRAW_SAMPLES, mulberry32(REAL_POINTS_SEED));
      const fake = await t.sample(DRAW_SAMPLES);
      if (!running.current || draws.current++ % HEATMAP_EVERY_DRAWS === 0) heat.current = await t.discriminatorGrid(HEATMAP_RESOLUTION, VIEW_EXTENT);
      canvas.current?.draw({ real: realPoints.current, fake, heat: heat.current });
    },
    thumbnail: async (t) => Array.from(await t.sample(LIVE_THUMBNAIL_MAX_POINTS)),
  });

  // Once training stops, redraw with a fresh heat map (the last one may be a few frames old).
  const { running: isRunning, status, refreshVisual } = state;
  useEffect(() => {
    running.current = isRunning;
    if (status === "paused" || status === "done") void refreshVisual();
  }, [isRunning, status, refreshVisual]);

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_360px]">
      <div className="space-y-6">
        <TrainingPanel
          state={state}
          losses={LOSSES}
          lossHelp="D loss: the discriminator's binary cross-entropy, averaged over the real and the fake batch; log 2 ≈ 0.693 when D cannot tell them apart (the game's equilibrium, where D outputs ½ everywhere). G loss: the generator's loss as chosen (non-saturating: −log D(G(z)))."
        />
        <Card className="p-4">
          <h2 className="mb-2 font-semibold">Samples and discriminator</h2>
          <RingCanvas ref={canvas} />
          <p className="mt-2 text-xs text-muted">
            Grey: real data. Orange: generator samples. Background: D(x), green where D says “real”, purple where it says “fake”.
          </p>
        </Card>
        <SubmitPanel
          {...exercise}
          label="Submit 2,000 samples"
          description="The generator draws 2,000 samples; the server scores them and ranks them."
          canSubmit={state.ready}
          build={async () => {
            const t = state.trainer.current;
            if (!t) throw new Error("The model is not ready.");
            const samples = await t.sample(SUBMIT_SAMPLES);
            const pairs: [number, number][] = [];
            for (let i = 0; i < samples.length; i += 2) pairs.push([samples[i], samples[i + 1]]);
            return { body: { samples: pairs }, config: t.config };
          }}
          estimate={(body) => scoreRingSamples(new Float32Array((body as { samples: [number, number][] }).samples.flat())) as unknown as Record<string, number>}
        />
      </div>
      <HyperparameterForm<GanConfig> state={state} choices={CHOICE_FIELDS} numbers={NUMBER_FIELDS} />
      {exercise.pool && !liveRound && (
        <PoolPanel
          courseId={exercise.courseId}
          exerciseSlug={exercise.exerciseSlug}
          pool={exercise.pool}
          metrics={exercise.metrics}
          config={state.config}
          lossSeries={LOSSES}
          renderPreview={(preview, size) => (
            <SampleThumbnail points={Float32Array.from(preview)} size={size} label={`${preview.length / 2} samples of the pool model`} />
          )}
          onLoad={async ({ config, weights }) => {
            await state.loadTrained(ganConfigSchema.parse(config), (t) => t.importState(weights));
          }}
          className="lg:col-span-2"
        />
      )}
    </div>
  );
}
