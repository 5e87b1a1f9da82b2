"use client";
/** The diffusion-2d page: a DDPM on the swiss roll, with its forward and reverse processes animated. */
import { useRef, useState } from "react";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { api } from "@/app/_trpc/react";
import type { DdpmTrainer as Trainer } from "@/lib/ml/models/ddpm";
import { type DdpmConfig, ddpmConfigSchema, DEFAULT_DDPM_CONFIG, DEFAULT_TRAINING_ITERATIONS } from "@/lib/ml/configs/ddpm";
import { PointsCanvas, type PointsCanvasHandle } from "@/app/_components/trainer/deep/PointsCanvas";
import { pointThumbnail } from "@/app/_components/trainer/point-thumbnail";
import { HyperparameterForm, TrainingPanel, type NumberField } from "@/app/_components/trainer/TrainingPanel";
import { useTrainer } from "@/app/_components/trainer/useTrainer";
import { type ExerciseInfo, SubmitPanel } from "@/app/_components/trainer/SubmitPanel";
import { DIFFUSION_2D, DIFFUSION_2D_SAMPLE_COUNT as SUBMIT_SAMPLES } from "./spec";

const MMD_BANDWIDTHS = DIFFUSION_2D.bandwidths;
const VIEW = { xMin: -3, xMax: 3, yMin: -3, yMax: 3 };
const SHOWN = 600;
const DATA_COLOR = "rgba(148, 163, 184, 0.45)"; // slate-400: grey on the light and the dark surface alike
const SAMPLE_COLOR = "rgba(234, 88, 12, 0.7)";
const SAMPLE_SEED = 4242;

const NUMBER_FIELDS: NumberField<DdpmConfig>[] = [
  { key: "steps", label: "Diffusion steps T", min: 25, max: 1000, step: 25, help: "β scaled so ᾱ_T ≈ 0" },
  { key: "learningRate", label: "Learning rate", min: 1e-5, max: 0.1, step: 5e-4 },
  { key: "hiddenWidth", label: "Hidden width", min: 16, max: 256, step: 16 },
  { key: "hiddenLayers", label: "Hidden layers", min: 1, max: 6, step: 1 },
  { key: "batchSize", label: "Batch size", min: 16, max: 1024, step: 16 },
  { key: "emaDecay", label: "EMA decay of the weights", min: 0, max: 0.999, step: 0.001, help: "0 samples with the raw weights" },
  { key: "seed", label: "Seed", min: 0, max: 2 ** 32 - 1, step: 1 },
];

export function Diffusion2dTrainer(exercise: ExerciseInfo) {
  const utils = api.useUtils();
  const data = useRef<Float32Array>(new Float32Array());
  const canvas = useRef<PointsCanvasHandle>(null);
  /** The samples last drawn over the data (the class grid's thumbnail shows some of them). */
  const lastSamples = useRef<Float32Array>(new Float32Array());
  const [forwardT, setForwardT] = useState(0);
  const [animating, setAnimating] = useState(false);

  const shownData = () => data.current.subarray(0, 2 * SHOWN);
  const state = useTrainer<DdpmConfig, Trainer, { loss: number }>({
    courseId: exercise.courseId,
    exerciseSlug: exercise.exerciseSlug,
    engine: "tfjs",
    defaultConfig: DEFAULT_DDPM_CONFIG,
    configSchema: ddpmConfigSchema,
    defaultBudget: DEFAULT_TRAINING_ITERATIONS,
    visualEvery: 30,
    prepare: async (progress) => {
      progress(0.2, "Loading the swiss roll…");
      const training = await utils.exercise.trainingData.fetch({ courseId: exercise.courseId, exerciseSlug: exercise.exerciseSlug });
      if (training?.kind !== "points") throw new Error("the training points did not arrive");
      data.current = Float32Array.from(training.points.flat());
      progress(1, "Loaded");
    },
    create: async (config) => {
      const { DdpmTrainer } = await import("@/lib/ml/models/ddpm");
      return new DdpmTrainer(config, data.current);
    },
    onVisual: async (t) => {
      const samples = await t.sample(SHOWN, SAMPLE_SEED);
      lastSamples.current = samples;
      canvas.current?.draw(
        [
          { points: shownData(), color: DATA_COLOR },
          { points: samples, color: SAMPLE_COLOR },
        ],
        `iteration ${t.iteration}: samples (orange) over the data (grey)`,
      );
    },
    // Sampling costs T passes: the class grid gets 64 of the page's latest samples instead of its own.
    thumbnail: () => pointThumbnail(lastSamples.current),
  });

  const T = state.config.steps;
  const showForward = (t: number) => {
    setForwardT(t);
    const trainer = state.trainer.current;
    if (!trainer) return;
    const noised = t === 0 ? shownData() : trainer.forwardNoised(shownData(), t, 7);
    canvas.current?.draw([{ points: noised, color: DATA_COLOR, radius: 2 }], `forward process q(x_t | x_0) at t = ${t} of ${T}`);
  };

  const animateReverse = async () => {
    const trainer = state.trainer.current;
    if (!trainer) return;
    setAnimating(true);
    state.setAnnouncement("Showing the reverse process from pure noise.");
    try {
      await trainer.sample(SHOWN, SAMPLE_SEED, {
        onStep: async (t, points) => {
          canvas.current?.draw(
            [
              { points: shownData(), color: DATA_COLOR },
              { points, color: SAMPLE_COLOR, radius: 2 },
            ],
            `reverse process p_θ(x_{t−1} | x_t): t = ${t} of ${T}`,
          );
          await new Promise((resolve) => setTimeout(resolve, Math.max(10, 2000 / T)));
        },
      });
    } finally {
      setAnimating(false);
    }
  };

  const busy = state.running || animating || !state.ready;
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_340px]">
      <div className="space-y-6">
        <TrainingPanel
          state={state}
          losses={[{ key: "loss", label: "Loss ‖ε − ε_θ‖²", stroke: "#6366f1" }]}
          lossHelp="The simplified DDPM loss (Ho et al. 2020, Algorithm 1): how badly the network predicts the noise that was added, averaged over random t."
        />
        <Card className="p-4">
          <h2 className="mb-2 font-semibold">Data, noise and samples</h2>
          <PointsCanvas ref={canvas} view={VIEW} label="The swiss roll and the model's samples" />
          <div className="mt-3 flex flex-wrap items-end gap-4">
            <Button variant="secondary" onClick={() => void animateReverse()} disabled={busy} data-testid="animate-reverse">
              Animate the reverse process
            </Button>
            <label className="text-sm">
              <span className="block">Forward process: t = {forwardT}</span>
              <input
                type="range"
                min={0}
                max={T}
                step={1}
                value={Math.min(forwardT, T)}
                disabled={busy}
                onChange={(e) => showForward(Number(e.target.value))}
                className="w-56"
                aria-valuetext={`t = ${forwardT} of ${T}`}
              />
            </label>
          </div>
          <p className="mt-2 text-xs text-muted">
            Forward (the slider): each step shrinks the points by √(1 − β_t) and adds Gaussian noise of variance β_t, so the spread stays bounded and by t = T
            the roll is, almost exactly, a standard normal blob; the slider draws x_t from q(x_t | x₀) = N(√ᾱ_t x₀, (1 − ᾱ_t) I) in one go. Reverse: starting
            from pure noise x_T, each step subtracts a fraction β_t / √(1 − ᾱ_t) of the noise ε_θ(x_t, t) the network predicts, rescales by 1 / √(1 − β_t) and
            adds fresh Gaussian noise of variance β_t (except at the last step) — a draw from {"p_θ(x_{t−1} | x_t)"}, Ho et al. 2020, Algorithm 2.
          </p>
        </Card>
        <SubmitPanel
          {...exercise}
          label={`Submit ${SUBMIT_SAMPLES.toLocaleString()} samples`}
          description={`The model draws ${SUBMIT_SAMPLES.toLocaleString()} points by ancestral sampling; the server computes MMD² against its own reference roll.`}
          canSubmit={state.ready && !animating}
          build={async () => {
            const t = state.trainer.current;
            if (!t) throw new Error("The model is not ready.");
            const samples = await t.sample(SUBMIT_SAMPLES, SAMPLE_SEED + 1);
            const pairs: [number, number][] = [];
            for (let i = 0; i < samples.length; i += 2) pairs.push([samples[i], samples[i + 1]]);
            return { body: { samples: pairs }, config: t.config };
          }}
          estimate={async (body) => {
            const { mmd2Unbiased } = await import("@/lib/ml/metrics/ring");
            return {
              mmd2: mmd2Unbiased((body as { samples: [number, number][] }).samples.flat(), data.current.subarray(0, 2 * SUBMIT_SAMPLES), MMD_BANDWIDTHS),
            };
          }}
        />
      </div>
      <HyperparameterForm<DdpmConfig> state={state} numbers={NUMBER_FIELDS} />
    </div>
  );
}
