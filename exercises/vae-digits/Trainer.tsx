"use client";
/** The vae-digits page: a variational auto-encoder trained on MNIST in the browser, with its latent space on view. */
import { useCallback, useEffect, useRef, useState } from "react";
import { Card } from "@/app/_components/Card";
import { useLiveRound } from "@/app/_components/live/LiveRoundContext";
import { DigitPreviewThumbnail } from "@/app/_components/pool/DigitPreviewThumbnail";
import { PoolPanel } from "@/app/_components/pool/PoolPanel";
import { loadDigitSplit } from "@/app/_lib/digits";
import { estimateImageMetrics } from "@/app/_lib/digit-evaluator";
import { base64ToBytes, bytesToBase64, digitsToFloat, DIGIT_PIXELS, type DigitSet, floatToDigits } from "@/lib/ml/datasets/digits";
import type { VaeLosses, VaeTrainer as Trainer, VaeTrainerState } from "@/lib/ml/models/vae";
import { DEFAULT_VAE_CONFIG, type VaeConfig, vaeConfigSchema } from "@/lib/ml/configs/vae";
import { DigitGrid, type DigitGridHandle } from "@/app/_components/trainer/deep/DigitGrid";
import { LatentMap } from "@/app/_components/trainer/deep/LatentMap";
import { HyperparameterForm, TrainingPanel, type NumberField } from "@/app/_components/trainer/TrainingPanel";
import { useTrainer } from "@/app/_components/trainer/useTrainer";
import { type ExerciseInfo, SubmitPanel } from "@/app/_components/trainer/SubmitPanel";
import { IMAGE_SUBMISSION_COUNT as SUBMIT_IMAGES } from "@/lib/exercises/digit-images";
import { Button } from "@/app/_components/Button";
import { VAE_PAGE_STEPS, VAE_SUBMISSION_SEED as SAMPLE_SEED } from "./spec";

const PREVIEW_ROWS = 4;
const PREVIEW_SEED = 7;
/** The decoded manifold: MANIFOLD × MANIFOLD codes evenly spaced over [−MANIFOLD_EXTENT, MANIFOLD_EXTENT]². */
const MANIFOLD = 10;
const MANIFOLD_EXTENT = 2.5;
/** Decoded points between the two interpolated digits' codes. */
const INTERPOLATION_STEPS = 10;
const VALIDATION_COUNT = 1000;
/** While training, the latent map (1,000 encodings) and the manifold are redrawn at most this often. */
const MAP_EVERY_MS = 1500;
const LOSSES = [
  { key: "elbo", label: "ELBO", stroke: "#6366f1" },
  { key: "reconstruction", label: "Reconstruction", stroke: "#ea580c" },
  { key: "kl", label: "KL", stroke: "#059669" },
];

const NUMBER_FIELDS: NumberField<VaeConfig>[] = [
  { key: "latent", label: "Latent dimension", min: 1, max: 32, step: 1, help: "2 draws the latent map; more gives sharper digits" },
  { key: "hidden", label: "Hidden units", min: 16, max: 1024, step: 32 },
  { key: "beta", label: "KL weight β", min: 0.1, max: 10, step: 0.1, help: "1 is the ELBO" },
  { key: "learningRate", label: "Learning rate (Adam)", min: 1e-5, max: 0.1, step: 1e-4 },
  { key: "batchSize", label: "Batch size", min: 1, max: 1024, step: 16 },
  { key: "seed", label: "Seed", min: 0, max: 2 ** 32 - 1, step: 1 },
];

/** Row r, column c: z = (−E + 2E·c/(M−1), E − 2E·r/(M−1)), so up on the grid is up in the latent map. */
function manifoldCodes(): Float32Array {
  const z = new Float32Array(MANIFOLD * MANIFOLD * 2);
  const at = (i: number) => -MANIFOLD_EXTENT + (2 * MANIFOLD_EXTENT * i) / (MANIFOLD - 1);
  for (let r = 0; r < MANIFOLD; r++)
    for (let c = 0; c < MANIFOLD; c++) {
      z[2 * (r * MANIFOLD + c)] = at(c);
      z[2 * (r * MANIFOLD + c) + 1] = -at(r);
    }
  return z;
}

export function VaeDigitsTrainer(exercise: ExerciseInfo) {
  const data = useRef<{ train: Float32Array; validation: Float32Array; validationSet: DigitSet } | null>(null);
  const samplesGrid = useRef<DigitGridHandle>(null);
  const manifoldGrid = useRef<DigitGridHandle>(null);
  const interpolationGrid = useRef<DigitGridHandle>(null);
  const [latentMap, setLatentMap] = useState<{ points: Float32Array; labels: Uint8Array } | null>(null);
  /** The built model's code size (null before the first build: the form's setting is shown). */
  const [latentDim, setLatentDim] = useState<number | null>(null);
  const [ends, setEnds] = useState({ from: 0, to: 1 });
  const [endLabels, setEndLabels] = useState<[number, number] | null>(null);
  const running = useRef(false);
  const lastMap = useRef(-Infinity);
  const liveRound = useLiveRound();

  const drawInterpolation = useCallback(async (t: Trainer, from: number, to: number) => {
    const d = data.current;
    if (!d) return;
    const digit = (i: number) => d.validation.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS);
    const path = await t.interpolate(digit(from), digit(to), INTERPOLATION_STEPS);
    // The strip: the original first digit, the decoded path, the original last digit.
    const strip = new Float32Array((INTERPOLATION_STEPS + 2) * DIGIT_PIXELS);
    strip.set(digit(from));
    strip.set(path, DIGIT_PIXELS);
    strip.set(digit(to), (INTERPOLATION_STEPS + 1) * DIGIT_PIXELS);
    interpolationGrid.current?.draw(strip, INTERPOLATION_STEPS + 2);
    setEndLabels([d.validationSet.labels[from], d.validationSet.labels[to]]);
  }, []);

  const state = useTrainer<VaeConfig, Trainer, VaeLosses>({
    courseId: exercise.courseId,
    exerciseSlug: exercise.exerciseSlug,
    engine: "tfjs",
    defaultConfig: DEFAULT_VAE_CONFIG,
    configSchema: vaeConfigSchema,
    defaultBudget: VAE_PAGE_STEPS,
    prepare: async (progress) => {
      const train = await loadDigitSplit("train", (f) => progress(0.9 * f, "Downloading 8,000 training digits…"));
      const validation = await loadDigitSplit("validation", (f) => progress(0.9 + 0.1 * f, "Downloading 1,000 validation digits…"));
      data.current = { train: digitsToFloat(train.images), validation: digitsToFloat(validation.images), validationSet: validation };
    },
    create: async (config) => {
      const { VaeTrainer } = await import("@/lib/ml/models/vae");
      return new VaeTrainer(config, data.current!.train);
    },
    onVisual: async (t) => {
      const d = data.current!;
      const drawMap = t.config.latent === 2 && (!running.current || performance.now() - lastMap.current >= MAP_EVERY_MS);
      if (drawMap) lastMap.current = performance.now();
      const [samples, codes, manifold] = await Promise.all([
        t.sample(PREVIEW_ROWS * 10, PREVIEW_SEED),
        drawMap ? t.encode(d.validation, VALIDATION_COUNT) : null,
        drawMap ? t.decode(manifoldCodes(), MANIFOLD * MANIFOLD) : null,
      ]);
      samplesGrid.current?.draw(samples, PREVIEW_ROWS * 10);
      if (manifold) manifoldGrid.current?.draw(manifold, MANIFOLD * MANIFOLD);
      setLatentDim(t.config.latent);
      if (codes) setLatentMap({ points: codes, labels: d.validationSet.labels });
      else if (t.config.latent !== 2) setLatentMap(null);
      await drawInterpolation(t, ends.from, ends.to);
    },
  });

  /** The code size of the model on the page, or of the one the form will build. */
  const latent = latentDim ?? state.config.latent;

  // Once training stops, draw everything for the model as it stands (the map may have been skipped).
  const { trainer, ready, running: isRunning, status, refreshVisual } = state;
  useEffect(() => {
    running.current = isRunning;
    if (status === "paused" || status === "done") void refreshVisual();
  }, [isRunning, status, refreshVisual]);

  // New ends: redraw the strip at once (training redraws it with the other visuals).
  useEffect(() => {
    if (ready && trainer.current) void drawInterpolation(trainer.current, ends.from, ends.to).catch(() => undefined);
  }, [ready, trainer, ends, drawInterpolation]);

  const endInput = (key: "from" | "to", label: string) => (
    <label className="text-sm">
      <span>{label}</span>
      <input
        type="number"
        className="mt-1 block w-28 rounded-md border border-line px-2 py-1"
        value={ends[key]}
        min={0}
        max={VALIDATION_COUNT - 1}
        step={1}
        onChange={(e) => {
          const v = Math.floor(Number(e.target.value));
          if (Number.isFinite(v)) setEnds((x) => ({ ...x, [key]: Math.min(VALIDATION_COUNT - 1, Math.max(0, v)) }));
        }}
      />
    </label>
  );

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_340px]">
      <div className="space-y-6">
        <TrainingPanel
          state={state}
          losses={LOSSES}
          lossHelp="Per digit, in nats, on the training batch: reconstruction = −log p(x | z) at one sampled z, KL = KL(q(z | x) ‖ N(0, I)), ELBO = −reconstruction − KL (a lower bound on log p(x); it should rise)."
        />
        <Card className="p-4">
          <h2 className="mb-2 font-semibold">Samples from the prior</h2>
          <DigitGrid ref={samplesGrid} columns={10} rows={PREVIEW_ROWS} label="Decoder means at codes drawn from the prior N(0, I)" />
          <p className="mt-2 text-xs text-muted">The same codes z ~ N(0, I) every time, decoded to pixel probabilities: you watch the same samples learn.</p>
        </Card>
        <Card className="p-4">
          <h2 className="mb-2 font-semibold">The latent space</h2>
          {latent !== 2 && (
            <div className="space-y-3 text-sm" data-testid="vae-latent-2d-note">
              <p>
                The map of the codes and the grid of decoded codes need a 2-D code: they draw one coordinate per axis. This model&apos;s code has {latent}{" "}
                dimensions, and a plot of two of them would hide the others. A 2-D code can be drawn, but every digit must then pass through two numbers, and
                the samples blur: with the other settings at their defaults, FID about 170 after {VAE_PAGE_STEPS.toLocaleString()} steps against 70 for the 16-D
                code.
              </p>
              <Button
                variant="secondary"
                aria-describedby="vae-latent-2d-help"
                onClick={() => void state.runFresh({ ...state.config, latent: 2 }, VAE_PAGE_STEPS)}
                disabled={!state.available}
              >
                Train a 2-D model instead
              </Button>
              <p id="vae-latent-2d-help" className="text-xs text-muted">
                Replaces the current model: sets the latent dimension to 2 (the other settings stay) and trains it for {VAE_PAGE_STEPS.toLocaleString()} steps.
                Set the latent dimension back and press Reset to return.
              </p>
            </div>
          )}
          <div className={`${latent === 2 ? "flex" : "hidden"} flex-wrap items-start gap-6`}>
            {latentMap && <LatentMap points={latentMap.points} labels={latentMap.labels} title="Posterior means μ(x) of the 1,000 validation digits" />}
            <figure>
              <figcaption className="mb-2 text-sm font-medium">
                Decoded codes over [−{MANIFOLD_EXTENT}, {MANIFOLD_EXTENT}]²
              </figcaption>
              <DigitGrid
                ref={manifoldGrid}
                columns={MANIFOLD}
                rows={MANIFOLD}
                label={`Decoder means on a ${MANIFOLD} by ${MANIFOLD} grid of codes from −${MANIFOLD_EXTENT} to ${MANIFOLD_EXTENT}; first coordinate left to right, second bottom to top`}
                scale={1.2}
              />
            </figure>
          </div>
        </Card>
        <Card className="p-4">
          <h2 className="mb-2 font-semibold">Interpolation between two validation digits</h2>
          <div className="mb-3 flex flex-wrap gap-4" role="group" aria-label="Digits to interpolate between">
            {endInput("from", "From validation digit #")}
            {endInput("to", "To validation digit #")}
          </div>
          <DigitGrid
            ref={interpolationGrid}
            columns={INTERPOLATION_STEPS + 2}
            rows={1}
            label={`Validation digit ${ends.from}${endLabels ? ` (a ${endLabels[0]})` : ""}, ${INTERPOLATION_STEPS} decoded points on the straight line between the codes, then validation digit ${ends.to}${endLabels ? ` (a ${endLabels[1]})` : ""}`}
          />
          <p className="mt-2 text-xs text-muted">
            First and last: the original digits{endLabels ? ` (a ${endLabels[0]} and a ${endLabels[1]})` : ""}. Between them: the decoder means at{" "}
            {INTERPOLATION_STEPS} evenly spaced points from μ(first) to μ(last).
          </p>
        </Card>
        <SubmitPanel
          {...exercise}
          label={`Submit ${SUBMIT_IMAGES.toLocaleString()} digits`}
          description={`The decoder turns ${SUBMIT_IMAGES.toLocaleString()} codes drawn from the prior into digits (its pixel probabilities); the server scores them with the evaluator CNN.`}
          canSubmit={state.ready}
          build={async () => {
            const t = state.trainer.current;
            if (!t) throw new Error("The model is not ready.");
            const samples = await t.sample(SUBMIT_IMAGES, SAMPLE_SEED);
            const images = { dtype: "uint8", shape: [SUBMIT_IMAGES, 28, 28], data: bytesToBase64(floatToDigits(samples)) };
            return { body: { images }, config: t.config };
          }}
          estimate={async (body) => {
            const metrics = await estimateImageMetrics(base64ToBytes((body as { images: { data: string } }).images.data)!);
            return { ...metrics };
          }}
        />
      </div>
      <HyperparameterForm<VaeConfig> state={state} numbers={NUMBER_FIELDS} />
      {exercise.pool && !liveRound && (
        <PoolPanel
          courseId={exercise.courseId}
          exerciseSlug={exercise.exerciseSlug}
          pool={exercise.pool}
          metrics={exercise.metrics}
          config={state.config}
          lossSeries={LOSSES}
          renderPreview={(preview, size) => <DigitPreviewThumbnail preview={preview} size={size} />}
          onLoad={async ({ config, weights }) => {
            await state.loadTrained(vaeConfigSchema.parse(config), (t) => t.importState(weights as unknown as VaeTrainerState));
          }}
          className="lg:col-span-2"
        />
      )}
    </div>
  );
}
