"use client";
/**
 * The adversarial-digits page: FGSM or PGD against the evaluator CNN (its weights read from the
 * same ONNX file the server scores with), on the first 200 validation digits, within ε = 0.1. The
 * attack runs under the shared trainer hook: its model is a GradientAttack (lib/ml/attacks), one
 * step of which is one signed-gradient step.
 */
import { useCallback, useRef, useState } from "react";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { loadDigitSplit } from "@/app/_lib/digits";
import type { GradientAttack, GradientAttackLosses } from "@/lib/ml/attacks/gradient-attacks";
import { digitsToFloat } from "@/lib/ml/datasets/digits";
import type { EvaluatorWeights } from "@/lib/ml/evaluator/digit-cnn";
import { DigitGrid, type DigitGridHandle } from "@/app/_components/trainer/deep/DigitGrid";
import { TrainingPanel } from "@/app/_components/trainer/TrainingPanel";
import { useTrainer } from "@/app/_components/trainer/useTrainer";
import { type ExerciseInfo, SubmitPanel } from "@/app/_components/trainer/SubmitPanel";
import {
  ADVERSARIAL_COUNT as COUNT,
  ADVERSARIAL_EPSILON as EPSILON,
  ADVERSARIAL_MAX_LEVELS as MAX_LEVELS,
  type AdversarialConfig,
  adversarialConfigSchema,
  DEFAULT_ADVERSARIAL_CONFIG as DEFAULTS,
} from "./spec";

const SHOWN = 10;
const MAX_STEPS = 200;
const LOSSES = [
  { key: "fooled", label: "Fooled fraction", stroke: "#6366f1" },
  { key: "meanChange", label: "Mean |δ| per pixel", stroke: "#ea580c" },
];

type Method = AdversarialConfig["method"];
/** Steps a run of this config takes: FGSM's one, or PGD's `steps`. */
const stepsOf = (c: AdversarialConfig) => (c.method === "fgsm" ? 1 : c.steps);

/** What the page shows of an attack, read after a frame, a step or a stop. */
interface AttackView {
  method: Method;
  iteration: number;
  /** The perturbed digits as grey levels within the budget: what a submission sends. */
  levels: Uint8Array;
  predicted: Int32Array;
  fooled: number;
  meanChange: number;
}

export function AdversarialDigitsTrainer(exercise: ExerciseInfo) {
  const data = useRef<{ weights: EvaluatorWeights<Float32Array>; originals: Uint8Array; images: Float32Array; labels: Uint8Array } | null>(null);
  const originalsGrid = useRef<DigitGridHandle>(null);
  const perturbedGrid = useRef<DigitGridHandle>(null);
  const differenceGrid = useRef<DigitGridHandle>(null);
  const [labels, setLabels] = useState<Uint8Array | null>(null);
  const [view, setView] = useState<AttackView | null>(null);

  const show = useCallback(async (t: GradientAttack) => {
    const r = await t.result();
    const originals = data.current!.originals;
    const difference = new Uint8Array(SHOWN * 784);
    for (let i = 0; i < difference.length; i++) difference[i] = Math.min(255, Math.abs(r.levels[i] - originals[i]) * 10); // ×10 so the pattern is visible
    perturbedGrid.current?.draw(r.levels, SHOWN, r.predicted);
    differenceGrid.current?.draw(difference, SHOWN);
    setView({ method: t.options.method, iteration: t.iteration, ...r });
  }, []);

  const state = useTrainer<AdversarialConfig, GradientAttack, GradientAttackLosses>({
    courseId: exercise.courseId,
    exerciseSlug: exercise.exerciseSlug,
    engine: "tfjs",
    defaultConfig: DEFAULTS,
    configSchema: adversarialConfigSchema,
    defaultBudget: stepsOf(DEFAULTS),
    // One attack step per frame at most: the verdict the losses read is the one drawn.
    visualEvery: 1,
    prepare: async (progress) => {
      progress(0, "Downloading the evaluator and the digits…");
      const [{ readEvaluatorWeights }, modelResponse, validation] = await Promise.all([
        import("@/lib/ml/evaluator/onnx"),
        fetch("/models/digit-evaluator.onnx"),
        loadDigitSplit("validation", (f) => progress(0.9 * f, "Downloading the evaluator and the digits…")),
      ]);
      if (!modelResponse.ok) throw new Error(`the evaluator model could not be downloaded (HTTP ${modelResponse.status})`);
      const weights = readEvaluatorWeights(new Uint8Array(await modelResponse.arrayBuffer()));
      const originals = validation.images.slice(0, COUNT * 784);
      data.current = { weights, originals, images: digitsToFloat(originals), labels: validation.labels.slice(0, COUNT) };
      originalsGrid.current?.draw(originals, SHOWN, data.current.labels);
      setLabels(data.current.labels);
      progress(1, "Ready");
    },
    create: async (config) => {
      const { GradientAttack } = await import("@/lib/ml/attacks/gradient-attacks");
      const d = data.current!;
      return new GradientAttack(d.weights, d.images, d.labels, config);
    },
    onVisual: show,
  });

  const { config, setBudget, trainer, running, stats } = state;
  // A new config (edited, forked, restored): the budget becomes the attack's length, PGD's steps (Start past it takes
  // more) or FGSM's one. Adjusted while rendering, React's way to derive state from state.
  const [budgetFor, setBudgetFor] = useState(config);
  if (budgetFor !== config) {
    setBudgetFor(config);
    setBudget(stepsOf(config));
  }

  // "Attack": a fresh attack with the form's settings, run to its end.
  const attack = () => state.runFresh(config, stepsOf(config));

  const busy = running || !state.available;
  // Only a view of the attack as it stands now (not a frame behind) reports a result.
  const settled = view !== null && view.iteration > 0 && view.iteration === stats.iteration && !running;
  const update = (patch: Partial<AdversarialConfig>) => state.updateConfig(patch);
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_340px]">
      <div className="space-y-6">
        <Card className="p-4">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <Button onClick={() => void attack()} disabled={busy} data-testid="run-attack">
              {running ? "Attacking…" : `Attack ${COUNT} digits`}
            </Button>
            <span className="text-sm text-muted">A fresh attack with the settings on the right; Pause, Step and Reset below act on it.</span>
          </div>
          <p className="mt-3 text-sm" aria-live="polite" data-testid="attack-result">
            {settled
              ? `The evaluator now misreads ${Math.round(view.fooled * COUNT)} of ${COUNT} digits (${(view.fooled * 100).toFixed(1)}%) after ${view.iteration} ${
                  view.method === "fgsm" ? "FGSM step" : `PGD step${view.iteration === 1 ? "" : "s"}`
                }; mean change per pixel ${view.meanChange.toFixed(4)}.`
              : running && view && view.iteration > 0
                ? `Attacking: after step ${view.iteration}, ${Math.round(view.fooled * COUNT)} of ${COUNT} digits are fooled.`
                : "Run an attack to see how many digits the evaluator misreads."}
          </p>
        </Card>
        <TrainingPanel
          state={state}
          losses={LOSSES}
          iterationLabel="Attack step"
          lossHelp={`On the ${COUNT} digits as grey levels within the budget (what a submission sends): the share the evaluator misreads (higher is a stronger attack) and the mean absolute change per pixel on the 0–1 scale (at most ε).`}
        />
        <Card className="space-y-3 p-4">
          <h2 className="font-semibold">The first {SHOWN} digits</h2>
          <figure>
            <figcaption className="text-xs text-muted">Originals (true labels {labels ? Array.from(labels.subarray(0, SHOWN)).join(" ") : "…"})</figcaption>
            <DigitGrid ref={originalsGrid} columns={SHOWN} rows={1} label="Original validation digits" />
          </figure>
          <figure>
            <figcaption className="text-xs text-muted">
              Perturbed{view ? ` — read as ${Array.from(view.predicted.subarray(0, SHOWN)).join(" ")}` : ""}
            </figcaption>
            <DigitGrid ref={perturbedGrid} columns={SHOWN} rows={1} label="Perturbed digits" />
          </figure>
          <figure>
            <figcaption className="text-xs text-muted">|perturbation| × 10</figcaption>
            <DigitGrid ref={differenceGrid} columns={SHOWN} rows={1} label="Size of the perturbation of each pixel, magnified ten times" />
          </figure>
        </Card>
        <SubmitPanel
          {...exercise}
          label={`Submit ${COUNT} perturbed digits`}
          description={`The server checks that no pixel moved by more than ${MAX_LEVELS} of 255 grey levels (ε = ${EPSILON}) and counts the digits its evaluator misreads.`}
          canSubmit={settled}
          build={async () => {
            const t = trainer.current;
            if (!t || t.iteration === 0) throw new Error("Run an attack first.");
            const [{ bytesToBase64 }, r] = await Promise.all([import("@/lib/ml/datasets/digits"), t.result()]);
            const { method, epsilon, stepSize } = t.options;
            return {
              body: { images: { dtype: "uint8", shape: [COUNT, 28, 28], data: bytesToBase64(r.levels) } },
              config: { method, epsilon, steps: t.iteration, stepSize: method === "fgsm" ? epsilon : stepSize } satisfies AdversarialConfig,
            };
          }}
          estimate={(): Record<string, number> => (view ? { fooledFraction: view.fooled, meanPerturbation: view.meanChange } : {})}
        />
      </div>
      <Card className="h-fit p-4">
        <h2 className="font-semibold">Attack</h2>
        <form className="mt-3 space-y-3" onSubmit={(e) => e.preventDefault()} aria-describedby="attack-help">
          <p id="attack-help" className="text-xs text-muted">
            “Attack {COUNT} digits” starts a fresh attack with these settings (Reset below does too).
          </p>
          <label className="block text-sm">
            <span>Method</span>
            <select
              className="mt-1 w-full rounded-md border border-line bg-white px-2 py-1"
              value={config.method}
              onChange={(e) => update({ method: e.target.value as Method })}
              disabled={running}
            >
              <option value="fgsm">FGSM: one step of size ε along sign(∇ₓL)</option>
              <option value="pgd">PGD: repeated small steps, projected into the ε-ball</option>
            </select>
          </label>
          <label className="block text-sm">
            <span>ε (at most {EPSILON})</span>
            <input
              type="number"
              className="mt-1 w-full rounded-md border border-line px-2 py-1"
              value={config.epsilon}
              min={0}
              max={EPSILON}
              step={0.01}
              disabled={running}
              onChange={(e) => update({ epsilon: Math.min(EPSILON, Math.max(0, Number(e.target.value) || 0)) })}
            />
          </label>
          {config.method === "pgd" && (
            <>
              <label className="block text-sm">
                <span>Steps</span>
                <input
                  type="number"
                  className="mt-1 w-full rounded-md border border-line px-2 py-1"
                  value={config.steps}
                  min={1}
                  max={MAX_STEPS}
                  step={1}
                  disabled={running}
                  onChange={(e) => update({ steps: Math.min(MAX_STEPS, Math.max(1, Math.floor(Number(e.target.value) || 1))) })}
                />
              </label>
              <label className="block text-sm">
                <span>Step size α</span>
                <input
                  type="number"
                  className="mt-1 w-full rounded-md border border-line px-2 py-1"
                  value={config.stepSize}
                  min={0.001}
                  max={1}
                  step={0.005}
                  disabled={running}
                  onChange={(e) => update({ stepSize: Math.min(1, Math.max(0.001, Number(e.target.value) || 0.001)) })}
                />
              </label>
            </>
          )}
        </form>
      </Card>
    </div>
  );
}
