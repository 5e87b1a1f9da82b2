"use client";
/**
 * The aae-digits page: an adversarial auto-encoder with a 2-D code trained in the browser
 * (lib/ml/models/aae.ts), its codes drawn over samples of the prior they are pushed towards, and
 * the model submitted (encoder and decoder, lib/ml/models/aae-submission.ts). The estimate is the
 * server's computation (scoreAae) on the public validation digits.
 */
import { useEffect, useRef, useState } from "react";
import { Card } from "@/app/_components/Card";
import { loadDigitSplit } from "@/app/_lib/digits";
import { estimateImageMetrics } from "@/app/_lib/digit-evaluator";
import { DIGIT_PIXELS, digitsToFloat, type DigitSet, floatToDigits } from "@/lib/ml/datasets/digits";
import { reconstructionMse } from "@/lib/ml/metrics/images";
import { mulberry32 } from "@/lib/ml/random";
import { AAE_LATENT, type AaeConfig, aaeConfigSchema, AAE_MAX_HIDDEN, DEFAULT_AAE_CONFIG } from "@/lib/ml/configs/aae";
import type { AaeLosses, AaeTrainer as Trainer } from "@/lib/ml/models/aae";
import { codeMmd2, compileAae, priorSamples, scoreAae } from "@/lib/ml/models/aae-submission";
import type { AutoencoderSubmission } from "@/lib/ml/models/autoencoder-submission";
import { DigitGrid, type DigitGridHandle } from "@/app/_components/trainer/deep/DigitGrid";
import { LatentMap } from "@/app/_components/trainer/deep/LatentMap";
import { PointsCanvas, type PointsCanvasHandle } from "@/app/_components/trainer/deep/PointsCanvas";
import { pointThumbnail } from "@/app/_components/trainer/point-thumbnail";
import { HyperparameterForm, TrainingPanel, type NumberField } from "@/app/_components/trainer/TrainingPanel";
import { useTrainer } from "@/app/_components/trainer/useTrainer";
import { type ExerciseInfo, SubmitPanel } from "@/app/_components/trainer/SubmitPanel";
import { LIVE_THUMBNAIL_MAX_POINTS } from "@/lib/realtime/protocol";
import { AAE_MAX_MMD2, AAE_MEAN_DIGIT_MSE, AAE_PAGE_STEPS, AAE_PRIOR_COUNT, AAE_SAMPLE_COUNT, AAE_TEST_COUNT } from "./spec";

const VALIDATION_COUNT = 1000;
/** The page's own prior samples (the server draws its own): the codes are compared with these, and drawn over them. */
const PRIOR = priorSamples(AAE_PRIOR_COUNT, mulberry32(314159));
/** Prior samples drawn in grey behind the codes: as many as the codes. */
const PRIOR_SHOWN = PRIOR.subarray(0, AAE_LATENT * VALIDATION_COUNT);
/** The codes whose digits the estimate's FID measures. */
const ESTIMATE_SEED = 271828;
/** The decoded samples on view: the same codes every time, so you watch the same samples learn. */
const SAMPLE_SEED = 7;
const SAMPLE_ROWS = 4;
/** Validation digits shown with their reconstructions. */
const SHOWN = 10;
/** Both clouds on the same axes: ±4 holds all but about 3 in 10,000 samples of N(0, I) in 2-D. */
const VIEW = { xMin: -4, xMax: 4, yMin: -4, yMax: 4 };
/** While training, the 1,000 validation digits are encoded and decoded at most this often. */
const CODES_EVERY_MS = 1500;
const PRIOR_COLOUR = "rgba(100, 116, 139, 0.55)";
const CODE_COLOUR = "rgba(234, 88, 12, 0.7)";

const LOSSES = [
  { key: "reconstruction", label: "Reconstruction", stroke: "#6366f1" },
  { key: "discriminator", label: "Discriminator", stroke: "#ea580c" },
  { key: "encoder", label: "Encoder (fooling D)", stroke: "#059669" },
];

const NUMBER_FIELDS: NumberField<AaeConfig>[] = [
  { key: "hidden", label: "Auto-encoder hidden units", min: 16, max: AAE_MAX_HIDDEN, step: 16, help: `at most ${AAE_MAX_HIDDEN}` },
  { key: "discriminatorHidden", label: "Discriminator width", min: 4, max: 512, step: 8, help: "two hidden layers" },
  { key: "learningRate", label: "Reconstruction learning rate (Adam)", min: 1e-5, max: 0.1, step: 1e-4 },
  { key: "discriminatorLr", label: "Discriminator learning rate", min: 1e-5, max: 0.1, step: 1e-4 },
  { key: "encoderLr", label: "Encoder's adversarial learning rate", min: 1e-5, max: 0.1, step: 1e-4 },
  { key: "batchSize", label: "Batch size", min: 2, max: 1024, step: 16 },
  { key: "seed", label: "Seed", min: 0, max: 2 ** 32 - 1, step: 1 },
];

interface CodesView {
  points: Float32Array;
  /** MMD² of the validation digits' codes to the page's prior samples. */
  mmd2: number;
  /** Reconstruction MSE per pixel of the validation digits. */
  mse: number;
}

export function AaeDigitsTrainer(exercise: ExerciseInfo) {
  const data = useRef<{ train: Float32Array; validation: Float32Array; validationSet: DigitSet } | null>(null);
  const [labels, setLabels] = useState<DigitSet["labels"] | null>(null);
  const [codes, setCodes] = useState<CodesView | null>(null);
  const cloud = useRef<PointsCanvasHandle>(null);
  const samplesGrid = useRef<DigitGridHandle>(null);
  const originalsGrid = useRef<DigitGridHandle>(null);
  const reconstructionsGrid = useRef<DigitGridHandle>(null);
  const running = useRef(false);
  const lastCodes = useRef(-Infinity);

  const state = useTrainer<AaeConfig, Trainer, AaeLosses>({
    courseId: exercise.courseId,
    exerciseSlug: exercise.exerciseSlug,
    engine: "tfjs",
    defaultConfig: DEFAULT_AAE_CONFIG,
    configSchema: aaeConfigSchema,
    defaultBudget: AAE_PAGE_STEPS,
    prepare: async (progress) => {
      const train = await loadDigitSplit("train", (f) => progress(0.9 * f, "Downloading 8,000 training digits…"));
      const validation = await loadDigitSplit("validation", (f) => progress(0.9 + 0.1 * f, "Downloading 1,000 validation digits…"));
      originalsGrid.current?.draw(validation.images, SHOWN, validation.labels);
      setLabels(validation.labels);
      data.current = { train: digitsToFloat(train.images), validation: digitsToFloat(validation.images), validationSet: validation };
    },
    create: async (config) => {
      const { AaeTrainer } = await import("@/lib/ml/models/aae");
      return new AaeTrainer(config, data.current!.train);
    },
    onVisual: async (t) => {
      const d = data.current!;
      samplesGrid.current?.draw(await t.sample(SAMPLE_ROWS * 10, SAMPLE_SEED), SAMPLE_ROWS * 10);
      if (running.current && performance.now() - lastCodes.current < CODES_EVERY_MS) return;
      lastCodes.current = performance.now();
      const points = await t.encode(d.validation, VALIDATION_COUNT);
      const reconstructions = floatToDigits(await t.decode(points, VALIDATION_COUNT));
      reconstructionsGrid.current?.draw(reconstructions, SHOWN, d.validationSet.labels);
      cloud.current?.draw(
        [
          { points: PRIOR_SHOWN, color: PRIOR_COLOUR },
          { points, color: CODE_COLOUR },
        ],
        `iteration ${t.iteration.toLocaleString()}`,
      );
      setCodes({ points, mmd2: codeMmd2(points, PRIOR), mse: reconstructionMse(reconstructions, d.validationSet.images) });
    },
    // The class grid shows where the first 64 validation digits' codes lie.
    thumbnail: async (t) =>
      pointThumbnail(await t.encode(data.current!.validation.subarray(0, LIVE_THUMBNAIL_MAX_POINTS * DIGIT_PIXELS), LIVE_THUMBNAIL_MAX_POINTS)),
  });

  // The target before any code exists: the prior alone.
  useEffect(() => cloud.current?.draw([{ points: PRIOR_SHOWN, color: PRIOR_COLOUR }], "the prior N(0, I)"), []);

  // Once training stops, draw the model as it stands (the last frames' codes may have been skipped).
  const { running: isRunning, status, refreshVisual } = state;
  useEffect(() => {
    running.current = isRunning;
    if (status === "paused" || status === "done") void refreshVisual();
  }, [isRunning, status, refreshVisual]);

  const fmt4 = (v: number) => v.toFixed(4);

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_340px]">
      <div className="space-y-6">
        <TrainingPanel
          state={state}
          losses={LOSSES}
          lossHelp="On the training batch. Reconstruction: binary cross-entropy per digit in nats, summed over the 784 pixels (the reconstruction phase). Discriminator: its cross-entropy, averaged over the prior samples and the codes; Encoder: −log D(z) on the codes (the regularisation phase). Both sit near log 2 ≈ 0.693 when D cannot tell codes from prior samples."
        />
        <Card className="p-4">
          <h2 className="mb-2 font-semibold">The codes and the prior</h2>
          <p className="text-sm" data-testid="aae-validation" aria-live="polite">
            {codes
              ? `Validation digits: MMD² of their codes to N(0, I) ${fmt4(codes.mmd2)}, reconstruction MSE per pixel ${fmt4(codes.mse)}.`
              : "Train, or press Step, to see the codes."}
          </p>
          {codes && (codes.mmd2 > AAE_MAX_MMD2 || codes.mse > AAE_MEAN_DIGIT_MSE) && (
            <p className="mt-1 text-sm text-red-700" data-testid="aae-flag-warning">
              {codes.mse > AAE_MEAN_DIGIT_MSE
                ? `The server flags a model that reconstructs worse than the mean digit (MSE above ${AAE_MEAN_DIGIT_MSE}).`
                : `The server flags a model whose codes are this far from the prior (MMD² above ${AAE_MAX_MMD2}): train on.`}
            </p>
          )}
          <div className="mt-3 flex flex-wrap items-start gap-6">
            {codes && labels && <LatentMap points={codes.points} labels={labels} title="Codes of the 1,000 validation digits, by digit" />}
            <figure>
              <figcaption className="mb-2 text-sm font-medium">The same codes (orange) over samples of the prior (grey), from −4 to 4</figcaption>
              <PointsCanvas
                ref={cloud}
                view={VIEW}
                label="Codes of the validation digits in orange over as many samples of the prior N(0, I) in grey, both axes from −4 to 4"
              />
            </figure>
          </div>
          <p className="mt-2 text-xs text-muted">
            The discriminator sees only these 2-D points: it learns to tell the grey ones (real) from the orange ones (fake), and the encoder learns to move the
            orange cloud until it cannot. MMD² uses the Gaussian kernel with bandwidth 1. Compare the map with the VAE&apos;s in the variational auto-encoder
            exercise.
          </p>
        </Card>
        <Card className="p-4">
          <h2 className="mb-2 font-semibold">Digits decoded from the prior</h2>
          <DigitGrid ref={samplesGrid} columns={10} rows={SAMPLE_ROWS} label="The decoder's images of codes drawn from the prior N(0, I)" />
          <p className="mt-2 text-xs text-muted">The same codes z ~ N(0, I) every time, decoded: what the server scores with FID, 1,000 of them.</p>
        </Card>
        <Card className="p-4">
          <h2 className="mb-2 font-semibold">Reconstructions of the first {SHOWN} validation digits</h2>
          <div className="space-y-3">
            <figure>
              <figcaption className="mb-1 text-sm text-muted">Originals</figcaption>
              <DigitGrid ref={originalsGrid} columns={SHOWN} rows={1} label="The first validation digits" />
            </figure>
            <figure>
              <figcaption className="mb-1 text-sm text-muted">Decoded from their codes</figcaption>
              <DigitGrid ref={reconstructionsGrid} columns={SHOWN} rows={1} label="Their reconstructions by the adversarial auto-encoder" />
            </figure>
          </div>
        </Card>
        <SubmitPanel
          {...exercise}
          label="Submit the encoder and decoder"
          description={`The two networks' weights go to the server, which encodes and reconstructs ${AAE_TEST_COUNT.toLocaleString("en")} hidden test digits and decodes ${AAE_SAMPLE_COUNT.toLocaleString("en")} samples of the prior; the estimate is the same computation on the ${VALIDATION_COUNT.toLocaleString("en")} validation digits.`}
          canSubmit={state.ready}
          build={async () => {
            const t = state.trainer.current;
            if (!t) throw new Error("The model is not ready.");
            return { body: { model: await t.exportModel() }, config: t.config };
          }}
          estimate={async (body) =>
            scoreAae(compileAae(body as AutoencoderSubmission), {
              digits: data.current!.validationSet.images,
              prior: PRIOR,
              sampleCodes: priorSamples(AAE_SAMPLE_COUNT, mulberry32(ESTIMATE_SEED)),
              fid: async (images) => (await estimateImageMetrics(images)).fid,
            })
          }
        />
      </div>
      <HyperparameterForm<AaeConfig> state={state} numbers={NUMBER_FIELDS} />
    </div>
  );
}
