"use client";
/**
 * The img2img-digits page: pix2pix on digits, trained in the browser. A generator completes the
 * lower half of a digit from its upper half, pulled towards the true lower half by an L1 loss and
 * pushed towards a sharp, plausible one by a discriminator that sees the whole digit. The student
 * submits the generator itself (lib/ml/models/img2img-submission.ts); the server completes hidden
 * test digits with it, and the page's estimate is the same computation on the validation digits.
 */
import { useEffect, useRef, useState } from "react";
import { Card } from "@/app/_components/Card";
import { loadDigitSplit } from "@/app/_lib/digits";
import { browserDigitEvaluator, estimateImageMetrics } from "@/app/_lib/digit-evaluator";
import { DIGIT_CLASSES, DIGIT_PIXELS, type DigitSet, digitsToFloat, floatToDigits } from "@/lib/ml/datasets/digits";
import { predictedClasses } from "@/lib/ml/metrics/images";
import type { Img2ImgLosses, Img2ImgTrainer as Trainer } from "@/lib/ml/models/img2img";
import { DEFAULT_IMG2IMG_CONFIG, type Img2ImgConfig, img2imgConfigSchema } from "@/lib/ml/configs/img2img";
import {
  compileImg2Img,
  completeDigitImages,
  HALF_PIXELS,
  IMG2IMG_LIMITS,
  type Img2ImgSubmission,
  img2imgParameterCount,
  lowerHalfL1,
  upperHalves,
  withLowerHalves,
} from "@/lib/ml/models/img2img-submission";
import { DigitGrid, type DigitGridHandle } from "@/app/_components/trainer/deep/DigitGrid";
import { HyperparameterForm, TrainingPanel, type NumberField } from "@/app/_components/trainer/TrainingPanel";
import { useTrainer } from "@/app/_components/trainer/useTrainer";
import { type ExerciseInfo, SubmitPanel } from "@/app/_components/trainer/SubmitPanel";
import { IMG2IMG_DEFAULT_BUDGET, IMG2IMG_TEST_COUNT as TEST_COUNT } from "./spec";

/** The first validation digits, completed on every redraw (10 per row). */
const SHOWN = 20;
/** While training, the evaluator reads the completions at most this often. */
const READ_EVERY_MS = 1500;

const LOSSES = [
  { key: "l1", label: "L1 per pixel", stroke: "#6366f1" },
  { key: "gAdversarial", label: "G adversarial", stroke: "#ea580c" },
  { key: "dLoss", label: "D loss", stroke: "#059669" },
];

const NUMBER_FIELDS: NumberField<Img2ImgConfig>[] = [
  { key: "l1Weight", label: "L1 weight λ", min: 0, max: 1000, step: 1, help: "pix2pix's 100 is 200 on this 0–1 scale" },
  { key: "adversarialWeight", label: "Adversarial weight", min: 0, max: 10, step: 0.5, help: "0 trains on L1 alone" },
  { key: "generatorWidth", label: "Generator width", min: 8, max: 1024, step: 32 },
  { key: "generatorDepth", label: "Generator hidden layers", min: 1, max: IMG2IMG_LIMITS.maxDepth, step: 1 },
  { key: "discriminatorWidth", label: "Discriminator width", min: 8, max: 1024, step: 32 },
  { key: "generatorLr", label: "Generator learning rate", min: 1e-5, max: 0.1, step: 1e-4 },
  { key: "discriminatorLr", label: "Discriminator learning rate", min: 1e-5, max: 0.1, step: 1e-4 },
  { key: "beta1", label: "Adam β₁", min: 0, max: 0.99, step: 0.05 },
  { key: "batchSize", label: "Batch size", min: 2, max: 1024, step: 16 },
  { key: "seed", label: "Seed", min: 0, max: 2 ** 32 - 1, step: 1 },
];

interface PageData {
  train: Float32Array;
  validation: DigitSet;
  /** The first SHOWN validation digits, and their upper halves as the generator's input. */
  shown: Uint8Array;
  shownUpper: Float32Array;
}

/** What the evaluator made of the shown completions. */
interface Readings {
  predicted: Int32Array;
  labels: Uint8Array;
  l1: number;
}

function ReadingsText({ readings }: { readings: Readings | null }) {
  if (!readings) return <p className="mt-2 text-sm text-muted">The evaluator reads the completions once the model has trained a little.</p>;
  const misread = Array.from(readings.predicted, (p, i) => ({ i, p, label: readings.labels[i] })).filter(({ p, label }) => p !== label);
  return (
    <p className="mt-2 text-sm" data-testid="completion-readings">
      The evaluator reads {SHOWN - misread.length} of these {SHOWN} completed digits as the digit they really are
      {misread.length ? `; misread: ${misread.map(({ i, p, label }) => `no. ${i + 1} (${label === 8 ? "an" : "a"} ${label}) read as ${p}`).join(", ")}` : ""}.
      L1 error per pixel of their lower halves: {readings.l1.toFixed(3)}.
    </p>
  );
}

export function Img2ImgDigitsTrainer(exercise: ExerciseInfo) {
  const data = useRef<PageData | null>(null);
  const givenGrid = useRef<DigitGridHandle>(null);
  const completedGrid = useRef<DigitGridHandle>(null);
  const truthGrid = useRef<DigitGridHandle>(null);
  const [readings, setReadings] = useState<Readings | null>(null);
  const running = useRef(false);
  const lastReading = useRef(-Infinity);

  const state = useTrainer<Img2ImgConfig, Trainer, Img2ImgLosses>({
    courseId: exercise.courseId,
    exerciseSlug: exercise.exerciseSlug,
    engine: "tfjs",
    defaultConfig: DEFAULT_IMG2IMG_CONFIG,
    configSchema: img2imgConfigSchema,
    defaultBudget: IMG2IMG_DEFAULT_BUDGET,
    prepare: async (progress) => {
      const train = await loadDigitSplit("train", (f) => progress(0.9 * f, "Downloading 8,000 training digits…"));
      const validation = await loadDigitSplit("validation", (f) => progress(0.9 + 0.1 * f, "Downloading 1,000 validation digits…"));
      const shown = validation.images.slice(0, SHOWN * DIGIT_PIXELS);
      data.current = { train: digitsToFloat(train.images), validation, shown, shownUpper: Float32Array.from(upperHalves(shown)) };
      const labels = validation.labels.subarray(0, SHOWN);
      givenGrid.current?.draw(withLowerHalves(shown, new Uint8Array(SHOWN * HALF_PIXELS)), SHOWN, labels);
      truthGrid.current?.draw(shown, SHOWN, labels);
    },
    create: async (config) => {
      const { Img2ImgTrainer } = await import("@/lib/ml/models/img2img");
      return new Img2ImgTrainer(config, data.current!.train);
    },
    onVisual: async (t) => {
      const d = data.current!;
      const completed = withLowerHalves(d.shown, floatToDigits(await t.complete(d.shownUpper, SHOWN)));
      const labels = d.validation.labels.subarray(0, SHOWN);
      completedGrid.current?.draw(completed, SHOWN, labels);
      // The evaluator (onnxruntime-web, loaded once) reads 20 digits in a few milliseconds; not at every frame while training.
      if (t.iteration === 0) return setReadings(null); // a fresh model: nothing learnt to read yet
      if (running.current && performance.now() - lastReading.current < READ_EVERY_MS) return;
      lastReading.current = performance.now();
      const { model } = await browserDigitEvaluator();
      const { probabilities } = await model.evaluate(completed, SHOWN);
      setReadings({ predicted: predictedClasses(probabilities, SHOWN, DIGIT_CLASSES), labels, l1: lowerHalfL1(completed, d.shown) });
    },
  });

  // Once training stops, redraw for the model as it stands (the last frames' readings may have been skipped).
  const { running: isRunning, status, refreshVisual } = state;
  useEffect(() => {
    running.current = isRunning;
    if (status === "paused" || status === "done") void refreshVisual();
  }, [isRunning, status, refreshVisual]);

  const { generatorWidth, generatorDepth } = state.config;
  const parameters = img2imgParameterCount(generatorWidth, generatorDepth);
  const tooLarge = parameters > IMG2IMG_LIMITS.maxParameters;

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_340px]">
      <div className="space-y-6">
        <Card className="p-4">
          <h2 className="font-semibold">The task</h2>
          <p className="mt-1 text-sm text-muted">
            The generator G sees the upper half of a digit (its top 14 rows) and draws the lower half. Its loss is λ times the mean absolute difference (L1) to
            the true lower half, plus the adversarial weight times −log D(upper, G(upper)): the discriminator D sees whole digits, real ones and completed ones,
            and learns to tell them apart. Set the adversarial weight to 0 and press Reset to train on L1 alone, then compare the completions.
          </p>
        </Card>
        <TrainingPanel
          state={state}
          losses={LOSSES}
          lossHelp="L1 per pixel: the mean |true − completed| over the batch's lower halves, on the 0–1 grey scale. G adversarial: −log D(upper, G(upper)), high when D spots the completions. D loss: the discriminator's cross-entropy on real and completed digits (log 2 ≈ 0.69 when it cannot tell them apart; near 0 when it always can)."
        />
        <Card className="p-4">
          <h2 className="mb-2 font-semibold">The first {SHOWN} validation digits</h2>
          <div className="space-y-3">
            <figure>
              <figcaption className="mb-1 text-sm text-muted">Given: the upper half</figcaption>
              <DigitGrid ref={givenGrid} columns={10} rows={SHOWN / 10} label="The upper halves the generator is given" />
            </figure>
            <figure>
              <figcaption className="mb-1 text-sm text-muted">Completed by the generator</figcaption>
              <DigitGrid ref={completedGrid} columns={10} rows={SHOWN / 10} label="The upper halves with the generator's lower halves" />
            </figure>
            <figure>
              <figcaption className="mb-1 text-sm text-muted">The real digits</figcaption>
              <DigitGrid ref={truthGrid} columns={10} rows={SHOWN / 10} label="The real digits" />
            </figure>
          </div>
          <ReadingsText readings={readings} />
          {tooLarge && (
            <p role="alert" className="mt-2 text-sm text-red-700">
              This generator has {parameters.toLocaleString("en")} parameters; a submission may have at most {IMG2IMG_LIMITS.maxParameters.toLocaleString("en")}
              . Use fewer or narrower hidden layers and press Reset.
            </p>
          )}
        </Card>
        <SubmitPanel
          {...exercise}
          label="Submit the generator"
          description={`The generator's weights go to the server, which completes the lower halves of ${TEST_COUNT.toLocaleString("en")} hidden test digits with them; the estimate is the same computation on the 1,000 validation digits.`}
          canSubmit={state.ready && !tooLarge}
          build={async () => {
            const t = state.trainer.current;
            if (!t) throw new Error("The model is not ready.");
            return { body: { model: await t.exportModel() }, config: t.config };
          }}
          estimate={async (body) => {
            const { images, labels } = data.current!.validation;
            const completed = completeDigitImages(compileImg2Img(body as Img2ImgSubmission), images);
            const { intraClassFid, conditionalAccuracy, fid } = await estimateImageMetrics(completed, labels);
            return { intraClassFid: intraClassFid ?? NaN, accuracy: conditionalAccuracy ?? 0, fid, l1: lowerHalfL1(completed, images) };
          }}
        />
      </div>
      <HyperparameterForm<Img2ImgConfig> state={state} numbers={NUMBER_FIELDS} />
    </div>
  );
}
