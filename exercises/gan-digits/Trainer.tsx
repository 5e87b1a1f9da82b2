"use client";
/** The gan-digits and cgan-digits pages: an MLP GAN (optionally conditional) trained on MNIST in the browser. */
import { useRef } from "react";
import { Card } from "@/app/_components/Card";
import { loadDigitSplit } from "@/app/_lib/digits";
import { estimateImageMetrics } from "@/app/_lib/digit-evaluator";
import type { DigitSet } from "@/lib/ml/datasets/digits";
import type { DigitGanTrainer as Trainer } from "@/lib/ml/models/digit-gan";
import { DEFAULT_DIGIT_CGAN_CONFIG, DEFAULT_DIGIT_GAN_CONFIG, type DigitGanConfig, digitGanConfigSchema } from "@/lib/ml/configs/digit-gan";
import { DigitGrid, type DigitGridHandle } from "@/app/_components/trainer/deep/DigitGrid";
import { HyperparameterForm, TrainingPanel, type NumberField } from "@/app/_components/trainer/TrainingPanel";
import { useTrainer } from "@/app/_components/trainer/useTrainer";
import { type ExerciseInfo, SubmitPanel } from "@/app/_components/trainer/SubmitPanel";
import { IMAGE_SUBMISSION_COUNT as SUBMIT_IMAGES } from "@/lib/exercises/digit-images";

const GRID_ROWS = 6;
const SAMPLE_SEED = 12345;

const NUMBER_FIELDS: NumberField<DigitGanConfig>[] = [
  { key: "generatorLr", label: "Generator learning rate", min: 1e-5, max: 0.1, step: 1e-4 },
  { key: "discriminatorLr", label: "Discriminator learning rate", min: 1e-5, max: 0.1, step: 1e-4 },
  { key: "beta1", label: "Adam β₁", min: 0, max: 0.99, step: 0.05 },
  { key: "dSteps", label: "D steps per G step (k)", min: 1, max: 10, step: 1 },
  { key: "generatorWidth", label: "Generator width", min: 8, max: 1024, step: 32 },
  { key: "discriminatorWidth", label: "Discriminator width", min: 8, max: 1024, step: 32 },
  { key: "depth", label: "Hidden layers", min: 1, max: 3, step: 1 },
  { key: "noiseDim", label: "Noise dimension", min: 1, max: 256, step: 8 },
  { key: "batchSize", label: "Batch size", min: 2, max: 1024, step: 16 },
  { key: "seed", label: "Seed", min: 0, max: 2 ** 32 - 1, step: 1 },
];

const LABEL_SCALE_FIELD: NumberField<DigitGanConfig> = {
  key: "labelScale",
  label: "Label strength",
  min: 0.1,
  max: 100,
  step: 0.5,
  help: "value of the one-hot label's hot entry",
};

function DigitGanPage({ exercise, conditional }: { exercise: ExerciseInfo; conditional: boolean }) {
  const data = useRef<DigitSet | null>(null);
  const grid = useRef<DigitGridHandle>(null);
  const state = useTrainer<DigitGanConfig, Trainer, { dLoss: number; gLoss: number }>({
    courseId: exercise.courseId,
    exerciseSlug: exercise.exerciseSlug,
    engine: "tfjs",
    defaultConfig: conditional ? DEFAULT_DIGIT_CGAN_CONFIG : DEFAULT_DIGIT_GAN_CONFIG,
    configSchema: digitGanConfigSchema,
    defaultBudget: 3000,
    prepare: async (progress) => {
      data.current = await loadDigitSplit("train", (f) => progress(f, "Downloading 8,000 training digits…"));
    },
    create: async (config) => {
      const { DigitGanTrainer } = await import("@/lib/ml/models/digit-gan");
      return new DigitGanTrainer(config, data.current!);
    },
    onVisual: async (t) => {
      const { images, labels } = await t.sampleGrid(GRID_ROWS);
      grid.current?.draw(images, GRID_ROWS * 10, labels);
    },
  });

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_340px]">
      <div className="space-y-6">
        <TrainingPanel
          state={state}
          losses={[
            { key: "dLoss", label: "D loss", stroke: "#6366f1" },
            { key: "gLoss", label: "G loss", stroke: "#ea580c" },
          ]}
          lossHelp="D loss is the discriminator's cross-entropy on real and fake digits (about 2·log 2 ≈ 1.39 when it cannot tell them apart); G loss is −log D(G(z))."
        />
        <Card className="p-4">
          <h2 className="mb-2 font-semibold">{conditional ? "Samples: one row per noise vector, one column per label 0–9" : "Samples from fixed noise"}</h2>
          <DigitGrid ref={grid} columns={10} rows={GRID_ROWS} label={conditional ? "Generated digits; column c was asked for digit c" : "Generated digits"} />
          <p className="mt-2 text-xs text-muted">The same noise is drawn every time, so you watch the same samples learn.</p>
        </Card>
        <SubmitPanel
          {...exercise}
          label={`Submit ${SUBMIT_IMAGES.toLocaleString()} digits`}
          description={`The generator draws ${SUBMIT_IMAGES.toLocaleString()} digits${conditional ? " (100 of each label)" : ""}; the server scores them with the evaluator CNN.`}
          canSubmit={state.ready}
          build={async () => {
            const t = state.trainer.current;
            if (!t) throw new Error("The model is not ready.");
            const [{ bytesToBase64, floatToDigits }, samples] = await Promise.all([import("@/lib/ml/datasets/digits"), t.sample(SUBMIT_IMAGES, SAMPLE_SEED)]);
            const images = { dtype: "uint8", shape: [SUBMIT_IMAGES, 28, 28], data: bytesToBase64(floatToDigits(samples.images)) };
            const body = conditional ? { images, labels: Array.from(samples.labels ?? []) } : { images };
            return { body, config: t.config };
          }}
          estimate={async (body) => {
            const { base64ToBytes } = await import("@/lib/ml/datasets/digits");
            const b = body as { images: { data: string }; labels?: number[] };
            const metrics = await estimateImageMetrics(base64ToBytes(b.images.data)!, b.labels);
            return { ...metrics };
          }}
        />
      </div>
      <HyperparameterForm<DigitGanConfig> state={state} numbers={conditional ? [LABEL_SCALE_FIELD, ...NUMBER_FIELDS] : NUMBER_FIELDS} />
    </div>
  );
}

export function GanDigitsTrainer(exercise: ExerciseInfo) {
  return <DigitGanPage exercise={exercise} conditional={false} />;
}

/** The cgan-digits page (exercises/trainers.tsx loads it from here). */
export function CganDigitsTrainer(exercise: ExerciseInfo) {
  return <DigitGanPage exercise={exercise} conditional />;
}
