"use client";
/** The flow-moons page: RealNVP on two moons, its exact density as a heat map, weights submitted. */
import { useRef } from "react";
import { Card } from "@/app/_components/Card";
import { api } from "@/app/_trpc/react";
import type { RealNvpTrainer as Trainer } from "@/lib/ml/train/realnvp-trainer";
import { DEFAULT_REALNVP_CONFIG, type RealNvpConfig, realNvpConfigSchema } from "@/lib/ml/configs/realnvp";
import { LIVE_THUMBNAIL_MAX_POINTS } from "@/lib/realtime/protocol";
import { PointsCanvas, type PointsCanvasHandle } from "@/app/_components/trainer/deep/PointsCanvas";
import { pointThumbnail } from "@/app/_components/trainer/point-thumbnail";
import { HyperparameterForm, TrainingPanel, type NumberField } from "@/app/_components/trainer/TrainingPanel";
import { useTrainer } from "@/app/_components/trainer/useTrainer";
import { type ExerciseInfo, SubmitPanel } from "@/app/_components/trainer/SubmitPanel";

const VIEW = { xMin: -1.7, xMax: 2.7, yMin: -1.7, yMax: 2.7 };
const HEAT_RESOLUTION = 48;
const SHOWN = 500;
const ESTIMATE_SEED = 5;
/** The samples drawn over the heat map: the same z every time, so you watch them move. */
const SAMPLE_SEED = 99;

const NUMBER_FIELDS: NumberField<RealNvpConfig>[] = [
  { key: "couplings", label: "Coupling layers", min: 1, max: 16, step: 1, help: "alternating which coordinate is transformed" },
  { key: "hiddenWidth", label: "Hidden width of s and t", min: 4, max: 128, step: 4 },
  { key: "hiddenLayers", label: "Hidden layers of s and t", min: 1, max: 3, step: 1 },
  { key: "learningRate", label: "Learning rate", min: 1e-5, max: 0.1, step: 5e-4 },
  { key: "batchSize", label: "Batch size", min: 16, max: 2048, step: 16 },
  { key: "seed", label: "Seed", min: 0, max: 2 ** 32 - 1, step: 1 },
];

export function FlowMoonsTrainer(exercise: ExerciseInfo) {
  const utils = api.useUtils();
  const data = useRef<Float32Array>(new Float32Array());
  const canvas = useRef<PointsCanvasHandle>(null);
  const state = useTrainer<RealNvpConfig, Trainer, { nll: number }>({
    courseId: exercise.courseId,
    exerciseSlug: exercise.exerciseSlug,
    engine: "tfjs",
    defaultConfig: DEFAULT_REALNVP_CONFIG,
    configSchema: realNvpConfigSchema,
    defaultBudget: 2000,
    visualEvery: 15,
    prepare: async (progress) => {
      progress(0.2, "Loading the two moons…");
      const training = await utils.exercise.trainingData.fetch({ courseId: exercise.courseId, exerciseSlug: exercise.exerciseSlug });
      if (training?.kind !== "points") throw new Error("the training points did not arrive");
      data.current = Float32Array.from(training.points.flat());
      progress(1, "Loaded");
    },
    create: async (config) => {
      const { RealNvpTrainer } = await import("@/lib/ml/train/realnvp-trainer");
      return new RealNvpTrainer(config, data.current);
    },
    onVisual: async (t) => {
      const [heat, samples] = await Promise.all([t.densityGrid(HEAT_RESOLUTION, VIEW), t.sample(SHOWN, SAMPLE_SEED)]);
      canvas.current?.draw(
        [
          { points: data.current.subarray(0, 2 * SHOWN), color: "rgba(100, 116, 139, 0.7)" },
          { points: samples, color: "rgba(234, 88, 12, 0.75)" },
        ],
        `iteration ${t.iteration}`,
        { values: heat, resolution: HEAT_RESOLUTION },
      );
    },
    // The class grid shows the first 64 of the samples drawn over the heat map (the same z).
    thumbnail: async (t) => pointThumbnail(await t.sample(LIVE_THUMBNAIL_MAX_POINTS, SAMPLE_SEED)),
  });

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_340px]">
      <div className="space-y-6">
        <TrainingPanel
          state={state}
          losses={[{ key: "nll", label: "NLL per point", stroke: "#6366f1" }]}
          lossHelp="−log p(x) = −log N(f(x); 0, I) − log |det ∂f/∂x|, with f the flow from data x to noise z, averaged over a batch: the exact likelihood that a flow can compute and GANs cannot."
        />
        <Card className="p-4">
          <h2 className="mb-2 font-semibold">Exact density p(x)</h2>
          <PointsCanvas ref={canvas} view={VIEW} label="The flow's density as a heat map, with training points (grey) and samples (orange)" />
          <p className="mt-2 text-xs text-muted">
            Shading: p(x) on a 48 × 48 grid, computed exactly through the change of variables. Grey dots: data. Orange: samples x = g(z) = f⁻¹(z), z ~ N(0, I),
            where f maps data to noise (the normalising direction) and g = f⁻¹ maps noise to data.
          </p>
        </Card>
        <SubmitPanel
          {...exercise}
          label="Submit the weights"
          description="The flow's architecture and weights are sent as JSON; the server recomputes the exact mean log-likelihood of moons it has kept hidden."
          canSubmit={state.ready}
          build={async () => {
            const t = state.trainer.current;
            if (!t) throw new Error("The model is not ready.");
            return { body: await t.exportWeights(), config: t.config };
          }}
          estimate={async (): Promise<Record<string, number>> => {
            const t = state.trainer.current;
            if (!t) return {};
            // Fresh moons from another seed: an honest stand-in for the server's hidden ones.
            const { sampleMoons } = await import("@/lib/ml/datasets/toy2d");
            const log = await t.logDensity(sampleMoons(2000, ESTIMATE_SEED));
            let sum = 0;
            for (const v of log) sum += v;
            return { meanLogLikelihood: sum / log.length };
          }}
        />
      </div>
      <HyperparameterForm<RealNvpConfig> state={state} numbers={NUMBER_FIELDS} />
    </div>
  );
}
