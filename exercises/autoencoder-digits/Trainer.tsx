"use client";
/**
 * The autoencoder-digits page: probabilistic PCA fitted in closed form (plain JS) next to an MLP
 * auto-encoder trained in the browser, both squeezing digits through a low-dimensional code. The
 * student submits the model itself (lib/ml/models/autoencoder-submission.ts); the server
 * reconstructs hidden test digits with it, and the page's estimate is the same computation on the
 * validation digits.
 */
import { useEffect, useRef, useState } from "react";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { loadDigitSplit } from "@/app/_lib/digits";
import { errorMessage } from "@/app/_lib/errors";
import { digitsToFloat, DIGIT_PIXELS, type DigitSet, floatToDigits } from "@/lib/ml/datasets/digits";
import { reconstructionMse } from "@/lib/ml/metrics/images";
import type { AutoencoderLosses, AutoencoderTrainer as Trainer } from "@/lib/ml/models/autoencoder";
import { type AutoencoderConfig, autoencoderConfigSchema, DEFAULT_AUTOENCODER_CONFIG } from "@/lib/ml/configs/autoencoder";
import {
  AUTOENCODER_LIMITS,
  type AutoencoderSubmission,
  autoencoderMse,
  compileAutoencoder,
  mlpAutoencoderParameterCount,
  ppcaJson,
  reconstructDigitImages,
} from "@/lib/ml/models/autoencoder-submission";
import type { PpcaModel } from "@/lib/ml/models/ppca";
import { DigitGrid, type DigitGridHandle } from "@/app/_components/trainer/deep/DigitGrid";
import { LatentMap } from "@/app/_components/trainer/deep/LatentMap";
import { type ChoiceField, HyperparameterForm, TrainingPanel, type NumberField } from "@/app/_components/trainer/TrainingPanel";
import { useTrainer } from "@/app/_components/trainer/useTrainer";
import { type ExerciseInfo, SubmitPanel } from "@/app/_components/trainer/SubmitPanel";
import { AUTOENCODER_TEST_COUNT as TEST_COUNT } from "./spec";

/** The public validation digits the page reconstructs (its estimate and pictures). */
const VALIDATION_COUNT = 1000;
const TRAIN_COUNT = 8000;
/** Validation digits whose reconstructions are shown (10 per row). */
const SHOWN = 20;
const MAX_Q = 32;
/** While training, the 1,000 validation digits are encoded and decoded at most this often. */
const VISUAL_EVERY_MS = 1500;

const NUMBER_FIELDS: NumberField<AutoencoderConfig>[] = [
  { key: "latent", label: "Code dimension", min: 1, max: 32, step: 1, help: "2 draws the latent map" },
  { key: "hidden", label: "Hidden units", min: 16, max: 1024, step: 32 },
  { key: "learningRate", label: "Learning rate (Adam)", min: 1e-5, max: 0.1, step: 1e-4 },
  { key: "batchSize", label: "Batch size", min: 1, max: 1024, step: 16 },
  { key: "seed", label: "Seed", min: 0, max: 2 ** 32 - 1, step: 1 },
];

const CHOICE_FIELDS: ChoiceField<AutoencoderConfig>[] = [
  {
    key: "loss",
    label: "Training loss",
    options: [
      ["bce", "Binary cross-entropy"],
      ["mse", "Squared error"],
    ],
  },
];

interface PpcaResult {
  /** The fitted model, as submitted. */
  model: PpcaModel;
  q: number;
  seconds: number;
  sigma2: number;
  /** Share of the pixel variance along the q principal directions. */
  explained: number;
  /** The 1,000 validation digits' reconstructions, as the server makes them (images). */
  reconstructions: Uint8Array;
  mse: number;
  /** Posterior means E[z | x] of the validation digits when q = 2. */
  codes: Float32Array | null;
}

type Source = "mlp" | "ppca";

export function AutoencoderDigitsTrainer(exercise: ExerciseInfo) {
  const data = useRef<{ train: Float32Array; validation: Float32Array; validationSet: DigitSet } | null>(null);
  /** The validation digits' labels, for the latent maps (rendered, so state, not the ref above). */
  const [labels, setLabels] = useState<DigitSet["labels"] | null>(null);
  const [dataReady, setDataReady] = useState(false);
  const originalsGrid = useRef<DigitGridHandle>(null);
  const ppcaGrid = useRef<DigitGridHandle>(null);
  const mlpGrid = useRef<DigitGridHandle>(null);

  const [q, setQ] = useState(2);
  const [fitting, setFitting] = useState(false);
  const [ppca, setPpca] = useState<PpcaResult | null>(null);
  const [ppcaFailure, setPpcaFailure] = useState<string | null>(null);
  const [mlp, setMlp] = useState<{ mse: number; codes: Float32Array | null; latent: number } | null>(null);
  const [source, setSource] = useState<Source>("mlp");
  const running = useRef(false);
  const lastVisual = useRef(-Infinity);

  const state = useTrainer<AutoencoderConfig, Trainer, AutoencoderLosses>({
    courseId: exercise.courseId,
    exerciseSlug: exercise.exerciseSlug,
    engine: "tfjs",
    defaultConfig: DEFAULT_AUTOENCODER_CONFIG,
    // The MLP part of the spec's config schema (a PPCA run's config has nothing to train here).
    configSchema: autoencoderConfigSchema,
    defaultBudget: 5000,
    prepare: async (progress) => {
      const train = await loadDigitSplit("train", (f) => progress(0.9 * f, "Downloading 8,000 training digits…"));
      const validation = await loadDigitSplit("validation", (f) => progress(0.9 + 0.1 * f, "Downloading 1,000 validation digits…"));
      data.current = { train: digitsToFloat(train.images), validation: digitsToFloat(validation.images), validationSet: validation };
      setLabels(validation.labels);
      originalsGrid.current?.draw(validation.images, SHOWN, validation.labels);
      setDataReady(true);
    },
    create: async (config) => {
      const { AutoencoderTrainer } = await import("@/lib/ml/models/autoencoder");
      return new AutoencoderTrainer(config, data.current!.train);
    },
    onVisual: async (t) => {
      if (running.current && performance.now() - lastVisual.current < VISUAL_EVERY_MS) return;
      lastVisual.current = performance.now();
      const d = data.current!;
      const codes = await t.encode(d.validation, VALIDATION_COUNT);
      const bytes = floatToDigits(await t.decode(codes, VALIDATION_COUNT));
      mlpGrid.current?.draw(bytes, SHOWN, d.validationSet.labels);
      setMlp({ mse: reconstructionMse(bytes, d.validationSet.images), codes: t.config.latent === 2 ? codes : null, latent: t.config.latent });
    },
  });

  // Once training stops, draw the model as it stands (the last frames' visuals may have been skipped).
  const { running: isRunning, status, refreshVisual } = state;
  useEffect(() => {
    running.current = isRunning;
    if (status === "paused" || status === "done") void refreshVisual();
  }, [isRunning, status, refreshVisual]);

  useEffect(() => {
    if (ppca) ppcaGrid.current?.draw(ppca.reconstructions, SHOWN, data.current?.validationSet.labels);
  }, [ppca]);

  const fitPpcaModel = async () => {
    // The digits come with the first model (useTrainer loads both when first wanted).
    if (!data.current && !(await state.load())) return;
    const d = data.current;
    if (!d) return;
    setFitting(true);
    setPpcaFailure(null);
    try {
      const { fitPpca, ppcaEncode } = await import("@/lib/ml/models/ppca");
      // The fit blocks the page for a moment: let "Fitting…" paint first.
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      const started = performance.now();
      const model = fitPpca(d.train, TRAIN_COUNT, DIGIT_PIXELS, q);
      const seconds = (performance.now() - started) / 1000;
      const reconstructions = reconstructDigitImages({ kind: "ppca", ppca: model }, d.validationSet.images);
      setPpca({
        model,
        q,
        seconds,
        sigma2: model.sigma2,
        explained: model.eigenvalues.reduce((a, b) => a + b, 0) / model.totalVariance,
        reconstructions,
        mse: reconstructionMse(reconstructions, d.validationSet.images),
        codes: q === 2 ? Float32Array.from(ppcaEncode(model, d.validation)) : null,
      });
    } catch (error) {
      setPpcaFailure(`PPCA could not be fitted: ${errorMessage(error)}`);
    } finally {
      setFitting(false);
    }
  };

  const qValid = Number.isInteger(q) && q >= 1 && q <= MAX_Q;
  // The model a submission would send (its settings: Reset builds the model from them).
  const mlpConfig = state.config;
  const mlpParameters = mlpAutoencoderParameterCount(mlpConfig.hidden, mlpConfig.latent);
  const mlpTooLarge = mlpParameters > AUTOENCODER_LIMITS.mlpMaxParameters;
  // The leaderboard compares 2-D codes; larger ones are for exploring here.
  const codeSize = source === "mlp" ? mlpConfig.latent : (ppca?.q ?? q);
  const codeTooLarge = codeSize > AUTOENCODER_LIMITS.submittedMaxCode;
  const fmtMse = (v: number) => v.toFixed(4);

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_340px]">
      <div className="space-y-6">
        <Card className="p-4">
          <h2 className="font-semibold">1 · Probabilistic PCA, in closed form</h2>
          <p className="mt-1 text-sm text-muted">
            The maximum-likelihood PPCA of the 8,000 training digits (Tipping &amp; Bishop 1999): the top q principal directions of the pixel covariance,
            computed in plain JavaScript. Each validation digit is reconstructed from its posterior mean code E[z | x].
          </p>
          <div className="mt-3 flex flex-wrap items-end gap-3">
            <label className="text-sm">
              <span>Latent dimension q</span>
              <input
                type="number"
                className="mt-1 block w-28 rounded-md border border-line px-2 py-1"
                value={q}
                min={1}
                max={MAX_Q}
                step={1}
                disabled={fitting}
                aria-invalid={!qValid}
                aria-describedby="ppca-q-help"
                onChange={(e) => setQ(Math.floor(Number(e.target.value)))}
              />
            </label>
            <Button onClick={() => void fitPpcaModel()} disabled={!(dataReady || state.available) || fitting || !qValid} data-testid="fit-ppca">
              {fitting ? "Fitting…" : "Fit PPCA"}
            </Button>
          </div>
          <p id="ppca-q-help" className="mt-1 text-xs text-muted">
            From 1 to {MAX_Q}; q = 2 draws the latent map.
          </p>
          <p className="mt-3 text-sm" role="status" data-testid="ppca-result">
            {fitting
              ? "Fitting…"
              : ppca
                ? `Fitted with q = ${ppca.q} in ${ppca.seconds.toFixed(2)} s: the ${ppca.q} direction${ppca.q === 1 ? "" : "s"} explain ${(100 * ppca.explained).toFixed(1)}% of the pixel variance, noise variance σ² = ${ppca.sigma2.toFixed(4)}. Validation MSE per pixel: ${fmtMse(ppca.mse)}.`
                : dataReady || state.idle
                  ? "Not fitted yet."
                  : "Waiting for the digits…"}
          </p>
          {ppcaFailure && (
            <p role="alert" className="mt-2 text-sm text-red-700">
              {ppcaFailure}
            </p>
          )}
          {ppca?.codes && labels && (
            <div className="mt-4">
              <LatentMap points={ppca.codes} labels={labels} title="PPCA: posterior means E[z | x] of the 1,000 validation digits" />
            </div>
          )}
          {ppca && !ppca.codes && <p className="mt-3 text-sm text-muted">The latent map needs q = 2.</p>}
        </Card>

        <h2 className="text-lg font-semibold">2 · MLP auto-encoder, trained in your browser</h2>
        <TrainingPanel
          state={state}
          losses={[{ key: "loss", label: "Loss per digit", stroke: "#6366f1" }]}
          lossHelp="On the training batch, summed over the 784 pixels: binary cross-entropy in nats, or the squared error (divide it by 784 to compare with the per-pixel MSE of the submission)."
        />
        <Card className="p-4">
          <h2 className="mb-2 font-semibold">The MLP&apos;s codes</h2>
          <p className="text-sm" data-testid="mlp-mse">
            Validation MSE per pixel: {mlp ? fmtMse(mlp.mse) : "–"}
            {ppca ? ` (PPCA with q = ${ppca.q}: ${fmtMse(ppca.mse)})` : ""}
          </p>
          {mlp?.codes && labels ? (
            <div className="mt-3">
              <LatentMap points={mlp.codes} labels={labels} title="MLP: codes of the 1,000 validation digits" />
            </div>
          ) : (
            mlp && (
              <p className="mt-2 text-sm text-muted">
                The latent map needs a 2-D code; this model&apos;s code has {mlp.latent} dimensions. Set the code dimension to 2 and press Reset to see it.
              </p>
            )
          )}
        </Card>

        <Card className="p-4">
          <h2 className="mb-2 font-semibold">Reconstructions of the first {SHOWN} validation digits</h2>
          <div className="space-y-3">
            <figure>
              <figcaption className="mb-1 text-sm text-muted">Originals</figcaption>
              <DigitGrid ref={originalsGrid} columns={10} rows={SHOWN / 10} label="The first validation digits" />
            </figure>
            <figure>
              <figcaption className="mb-1 text-sm text-muted">{ppca ? `PPCA, q = ${ppca.q}` : "PPCA (press Fit PPCA)"}</figcaption>
              {ppca ? (
                <DigitGrid ref={ppcaGrid} columns={10} rows={SHOWN / 10} label={`PPCA reconstructions with q = ${ppca.q}`} />
              ) : (
                <p className="text-sm text-muted">Not fitted yet.</p>
              )}
            </figure>
            <figure>
              <figcaption className="mb-1 text-sm text-muted">MLP auto-encoder</figcaption>
              <DigitGrid ref={mlpGrid} columns={10} rows={SHOWN / 10} label="MLP auto-encoder reconstructions" />
            </figure>
          </div>
        </Card>

        <Card className="p-4">
          <fieldset>
            <legend className="font-semibold">What to submit</legend>
            <p className="mt-1 text-sm text-muted">
              You submit the model itself, not images: the server reconstructs {TEST_COUNT.toLocaleString("en")} digits you have never seen with it and measures
              the MSE per pixel. The numbers on this page are the same computation on the validation digits.
            </p>
            <div className="mt-2 space-y-1 text-sm">
              <label className="flex items-center gap-2">
                <input type="radio" name="autoencoder-source" value="mlp" checked={source === "mlp"} onChange={() => setSource("mlp")} />
                Submit the MLP auto-encoder&apos;s weights{mlp ? ` (validation MSE ${fmtMse(mlp.mse)})` : ""}
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" name="autoencoder-source" value="ppca" checked={source === "ppca"} onChange={() => setSource("ppca")} />
                Submit the PPCA model{ppca ? ` (q = ${ppca.q}, validation MSE ${fmtMse(ppca.mse)})` : " (fit it first)"}
              </label>
            </div>
            {codeTooLarge && (
              <p role="alert" className="mt-2 text-sm text-red-700">
                This model has a {codeSize}-D code; the leaderboard compares models with a code of at most {AUTOENCODER_LIMITS.submittedMaxCode} numbers per
                digit (a larger code wins by its size alone). Explore larger codes here, and submit a {AUTOENCODER_LIMITS.submittedMaxCode}-D one.
              </p>
            )}
            {source === "mlp" && mlpTooLarge && (
              <p role="alert" className="mt-2 text-sm text-red-700">
                This MLP has {mlpParameters.toLocaleString("en")} parameters; a submission may have at most{" "}
                {AUTOENCODER_LIMITS.mlpMaxParameters.toLocaleString("en")}. Use fewer hidden units and press Reset.
              </p>
            )}
          </fieldset>
        </Card>
        <SubmitPanel
          {...exercise}
          label={source === "mlp" ? "Submit the MLP" : "Submit PPCA"}
          description={`${source === "mlp" ? "The MLP's encoder and decoder weights" : "PPCA's mean, W and σ²"} go to the server, which reconstructs ${TEST_COUNT.toLocaleString("en")} hidden test digits with them; the estimate is the same computation on the ${VALIDATION_COUNT.toLocaleString("en")} validation digits.`}
          canSubmit={!codeTooLarge && (source === "mlp" ? state.ready && !mlpTooLarge : ppca !== null && !fitting)}
          build={async () => {
            if (source === "ppca") {
              if (!ppca) throw new Error("Fit PPCA first.");
              return { body: { model: ppcaJson(ppca.model) }, config: { method: "ppca", q: ppca.q } };
            }
            const t = state.trainer.current;
            if (!t) throw new Error("The model is not ready.");
            return { body: { model: await t.exportModel() }, config: t.config };
          }}
          estimate={(body) => ({ mse: autoencoderMse(compileAutoencoder(body as AutoencoderSubmission), data.current!.validationSet.images) })}
        />
      </div>
      <HyperparameterForm<AutoencoderConfig> state={state} numbers={NUMBER_FIELDS} choices={CHOICE_FIELDS} />
    </div>
  );
}
