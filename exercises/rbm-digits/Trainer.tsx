"use client";
/** The rbm-digits page: a binary RBM trained with CD-k or persistent CD on binarised MNIST in the browser. */
import { useEffect, useRef, useState } from "react";
import { Card } from "@/app/_components/Card";
import { loadDigitSplit } from "@/app/_lib/digits";
import { estimateImageMetrics } from "@/app/_lib/digit-evaluator";
import { base64ToBytes, binarizeDigits, bytesToBase64, digitsToFloat, DIGIT_PIXELS, floatToDigits } from "@/lib/ml/datasets/digits";
import type { RbmLosses, RbmTrainer as Trainer } from "@/lib/ml/models/rbm";
import { DEFAULT_RBM_CONFIG, type RbmConfig, rbmConfigSchema } from "@/lib/ml/configs/rbm";
import { DigitGrid, type DigitGridHandle } from "@/app/_components/trainer/deep/DigitGrid";
import { HyperparameterForm, TrainingPanel, type ChoiceField, type NumberField } from "@/app/_components/trainer/TrainingPanel";
import { useTrainer } from "@/app/_components/trainer/useTrainer";
import { type ExerciseInfo, SubmitPanel } from "@/app/_components/trainer/SubmitPanel";
import { IMAGE_SUBMISSION_COUNT as SUBMIT_IMAGES } from "@/lib/exercises/digit-images";
import { RBM_SUBMISSION, sampleRbmSubmission } from "./sampling";
import { RBM_PAGE_STEPS } from "./spec";

/** Validation digits whose reconstructions are shown (10 per row). */
const SHOWN = 20;
/** The live Gibbs chains: how many, how long, how often. */
const PREVIEW_CHAINS = 20;
const PREVIEW_STEPS = 50;
const PREVIEW_SEED = 7;
const PREVIEW_EVERY_MS = 2000;
const FILTERS = 16;

const NUMBER_FIELDS: NumberField<RbmConfig>[] = [
  { key: "k", label: "Gibbs steps per update (k)", min: 1, max: 20, step: 1 },
  { key: "hidden", label: "Hidden units", min: 1, max: 1024, step: 16 },
  { key: "learningRate", label: "Learning rate", min: 1e-4, max: 1, step: 0.01 },
  { key: "momentum", label: "Momentum", min: 0, max: 0.99, step: 0.05 },
  { key: "weightDecay", label: "Weight decay (L2 on W)", min: 0, max: 0.01, step: 1e-4 },
  { key: "batchSize", label: "Batch size", min: 1, max: 1024, step: 16 },
  { key: "seed", label: "Seed", min: 0, max: 2 ** 32 - 1, step: 1 },
];

const CHOICE_FIELDS: ChoiceField<RbmConfig>[] = [
  {
    key: "persistent",
    label: "Negative phase",
    options: [
      ["false", "CD-k: chains start at the batch"],
      ["true", "Persistent CD: chains carry over"],
    ],
  },
];

/** Unit j's weights W_{·j} (column j of the 784 × hidden matrix) as an image: grey 0, dark positive, light negative. */
function filterImages(weights: Float32Array, hidden: number, count: number): Float32Array {
  const out = new Float32Array(count * DIGIT_PIXELS);
  for (let j = 0; j < count; j++) {
    let scale = 0;
    for (let i = 0; i < DIGIT_PIXELS; i++) scale = Math.max(scale, Math.abs(weights[i * hidden + j]));
    for (let i = 0; i < DIGIT_PIXELS; i++) out[j * DIGIT_PIXELS + i] = 0.5 + (scale > 0 ? weights[i * hidden + j] / (2 * scale) : 0);
  }
  return out;
}

export function RbmDigitsTrainer(exercise: ExerciseInfo) {
  const data = useRef<{ train: Float32Array; validation: Float32Array; shown: Float32Array; shownLabels: Uint8Array } | null>(null);
  const originalsGrid = useRef<DigitGridHandle>(null);
  const reconstructionGrid = useRef<DigitGridHandle>(null);
  const samplesGrid = useRef<DigitGridHandle>(null);
  const filtersGrid = useRef<DigitGridHandle>(null);
  const [submitSteps, setSubmitSteps] = useState<number>(RBM_SUBMISSION.gibbsSteps);
  const [sampling, setSampling] = useState(false);
  const [samplingText, setSamplingText] = useState("");
  const running = useRef(false);
  const lastSamples = useRef(-Infinity);

  const state = useTrainer<RbmConfig, Trainer, RbmLosses>({
    courseId: exercise.courseId,
    exerciseSlug: exercise.exerciseSlug,
    engine: "tfjs",
    defaultConfig: DEFAULT_RBM_CONFIG,
    configSchema: rbmConfigSchema,
    defaultBudget: RBM_PAGE_STEPS,
    prepare: async (progress) => {
      const train = await loadDigitSplit("train", (f) => progress(0.9 * f, "Downloading 8,000 training digits…"));
      const validation = await loadDigitSplit("validation", (f) => progress(0.9 + 0.1 * f, "Downloading 1,000 validation digits…"));
      const validationFloats = digitsToFloat(validation.images);
      const shown = binarizeDigits(validationFloats.subarray(0, SHOWN * DIGIT_PIXELS));
      data.current = { train: digitsToFloat(train.images), validation: validationFloats, shown, shownLabels: validation.labels.slice(0, SHOWN) };
      originalsGrid.current?.draw(shown, SHOWN, data.current.shownLabels);
    },
    create: async (config) => {
      const { RbmTrainer } = await import("@/lib/ml/models/rbm");
      // The validation digits are the held-out set of the free-energy gap, so every training digit is trained on.
      return new RbmTrainer(config, data.current!.train, data.current!.validation);
    },
    onVisual: async (t) => {
      const d = data.current!;
      const [reconstructions, parameters] = await Promise.all([t.reconstruct(d.shown, SHOWN), t.parameters()]);
      reconstructionGrid.current?.draw(reconstructions, SHOWN, d.shownLabels);
      const filters = Math.min(FILTERS, t.config.hidden);
      filtersGrid.current?.draw(filterImages(parameters.weights, t.config.hidden, filters), filters);
      // The chains cost PREVIEW_STEPS passes through the RBM: while training, at most every PREVIEW_EVERY_MS.
      if (running.current && performance.now() - lastSamples.current < PREVIEW_EVERY_MS) return;
      lastSamples.current = performance.now();
      samplesGrid.current?.draw(await t.sampleGibbs(PREVIEW_CHAINS, PREVIEW_STEPS, PREVIEW_SEED), PREVIEW_CHAINS);
    },
  });
  // Once training stops, draw everything for the model as it stands (the chains may have been skipped).
  const { running: isRunning, status, refreshVisual } = state;
  useEffect(() => {
    running.current = isRunning;
    if (status === "paused" || status === "done") void refreshVisual();
  }, [isRunning, status, refreshVisual]);

  const stepsValid = Number.isInteger(submitSteps) && submitSteps >= 1 && submitSteps <= 5000;

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_340px]">
      <div className="space-y-6">
        <TrainingPanel
          state={state}
          losses={[
            { key: "reconstructionError", label: "Reconstruction error", stroke: "#6366f1" },
            { key: "freeEnergyGap", label: "Free-energy gap", stroke: "#ea580c" },
          ]}
          lossHelp="Reconstruction error: squared error of one up-down pass on a training batch, summed over the 784 pixels (a rough guide, not what CD optimises). Free-energy gap: mean F(validation digit) − mean F(training digit); it grows when the RBM starts to overfit."
        />
        <Card className="p-4">
          <h2 className="mb-2 font-semibold">Reconstructions of validation digits</h2>
          <div className="flex flex-wrap gap-6">
            <figure>
              <figcaption className="mb-1 text-sm text-muted">Binarised originals</figcaption>
              <DigitGrid ref={originalsGrid} columns={10} rows={SHOWN / 10} label="Binarised validation digits" />
            </figure>
            <figure>
              <figcaption className="mb-1 text-sm text-muted">p(v | h = p(h | v))</figcaption>
              <DigitGrid ref={reconstructionGrid} columns={10} rows={SHOWN / 10} label="Mean-field reconstructions of the validation digits" />
            </figure>
          </div>
        </Card>
        <Card className="p-4">
          <h2 className="mb-2 font-semibold">Gibbs samples</h2>
          <DigitGrid ref={samplesGrid} columns={10} rows={PREVIEW_CHAINS / 10} label={`${PREVIEW_CHAINS} Gibbs samples after ${PREVIEW_STEPS} steps`} />
          <p className="mt-2 text-xs text-muted">
            {PREVIEW_CHAINS} chains started from the pixels&apos; base rates, shown after {PREVIEW_STEPS} rounds of block Gibbs sampling (the probabilities p(v
            = 1 | h) of the last round); redrawn at most every {PREVIEW_EVERY_MS / 1000} s.
          </p>
        </Card>
        <Card className="p-4">
          <h2 className="mb-2 font-semibold">Filters of the first {FILTERS} hidden units</h2>
          <DigitGrid ref={filtersGrid} columns={8} rows={FILTERS / 8} label={`Weights of the first ${FILTERS} hidden units as 28×28 images`} />
          <p className="mt-2 text-xs text-muted">
            Each image is one column of W, scaled to its largest weight: dark pixels excite the unit, light ones inhibit it, grey is 0.
          </p>
        </Card>
        <Card className="p-4">
          <h2 className="font-semibold">Sampling the submission</h2>
          <label className="mt-2 block max-w-xs text-sm">
            <span>Gibbs steps per submitted digit</span>
            <input
              type="number"
              className="mt-1 w-full rounded-md border border-line px-2 py-1"
              value={submitSteps}
              min={1}
              max={5000}
              step={50}
              disabled={sampling}
              aria-describedby="rbm-steps-help"
              aria-invalid={!stepsValid}
              onChange={(e) => setSubmitSteps(Math.floor(Number(e.target.value)))}
            />
          </label>
          <p id="rbm-steps-help" className="mt-1 text-xs text-muted">
            Between 1 and 5,000. More steps let the chains forget their start and come nearer the model&apos;s own distribution, but take longer; a briefly
            trained model&apos;s chains then gather on the digits it over-weights.
          </p>
          <p className="mt-2 text-sm" role="status" data-testid="rbm-sampling">
            {samplingText}
          </p>
        </Card>
        <SubmitPanel
          {...exercise}
          label={`Submit ${SUBMIT_IMAGES.toLocaleString()} digits`}
          description={`The RBM draws ${SUBMIT_IMAGES.toLocaleString()} digits by ${stepsValid ? submitSteps.toLocaleString() : "…"} Gibbs steps each; the server scores them with the evaluator CNN.`}
          canSubmit={state.ready && stepsValid && !sampling}
          build={async () => {
            const t = state.trainer.current;
            if (!t) throw new Error("The model is not ready.");
            if (state.running) state.pause(); // every digit comes from the same model
            let samples: Float32Array;
            setSampling(true);
            try {
              samples = await sampleRbmSubmission(
                (n, seed) => t.sampleGibbs(n, submitSteps, seed),
                async (done) => {
                  setSamplingText(`Sampling ${done.toLocaleString()} / ${SUBMIT_IMAGES.toLocaleString()}…`);
                  await new Promise((resolve) => setTimeout(resolve, 0)); // let the page show the progress
                },
              );
              setSamplingText(`Sampled ${SUBMIT_IMAGES.toLocaleString()} digits with ${submitSteps.toLocaleString()} Gibbs steps each.`);
            } catch (error) {
              setSamplingText("The sampling stopped: the model was reset or replaced.");
              throw error;
            } finally {
              setSampling(false);
            }
            const images = { dtype: "uint8", shape: [SUBMIT_IMAGES, 28, 28], data: bytesToBase64(floatToDigits(samples)) };
            return { body: { images }, config: t.config };
          }}
          estimate={async (body) => {
            const metrics = await estimateImageMetrics(base64ToBytes((body as { images: { data: string } }).images.data)!);
            return { ...metrics };
          }}
        />
      </div>
      <HyperparameterForm<RbmConfig> state={state} numbers={NUMBER_FIELDS} choices={CHOICE_FIELDS} />
    </div>
  );
}
