"use client";
/** The hmm-weather page: Baum–Welch for a discrete HMM of Seattle's weather, trained with the shared trainer hook. */
import { useRef, useState } from "react";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { api } from "@/app/_trpc/react";
import { describeValidationError } from "@/lib/exercises/validation";
import type { EmLosses, EmTrainer } from "@/lib/ml/density/em-trainer";
import { createBaumWelchTrainer, type Hmm } from "@/lib/ml/density/hmm";
import { type ExerciseInfo, SubmitPanel } from "@/app/_components/trainer/SubmitPanel";
import { HyperparameterForm, TrainingPanel, type NumberField } from "@/app/_components/trainer/TrainingPanel";
import { useTrainer } from "@/app/_components/trainer/useTrainer";
import { DEFAULT_HMM_WEATHER_CONFIG as DEFAULTS, HMM_MAX_STATES as MAX_STATES, hmmWeatherConfigSchema, type HmmWeatherConfig } from "./spec";

const STRIP_DAYS = 120;
const SYMBOL_COLOURS = ["#facc15", "#2563eb", "#94a3b8", "#67e8f9", "#f1f5f9"];
const LOSSES = [{ key: "log-likelihood", label: "log L per day (training)", stroke: "#6366f1" }];
const NUMBER_FIELDS: NumberField<HmmWeatherConfig>[] = [
  { key: "states", label: "Hidden states S", min: 1, max: MAX_STATES, step: 1 },
  { key: "seed", label: "Seed", min: 0, max: 2 ** 32 - 1, step: 1 },
];

type Trainer = EmTrainer<Hmm>;

/** What the page draws, copied out of the trainer after each frame. */
interface View {
  model: Hmm;
  config: HmmWeatherConfig;
  iteration: number;
  converged: boolean;
  /** Training log-likelihood per day of the current model. */
  perSymbol: number;
}

function ProbabilityTable({
  caption,
  rowLabel,
  rows,
  columns,
  matrix,
}: {
  caption: string;
  rowLabel: string;
  rows: string[];
  columns: string[];
  matrix: number[][];
}) {
  return (
    <div className="overflow-x-auto">
      <table className="text-center font-mono text-xs tabular-nums">
        <caption className="mb-1 text-left font-sans text-sm text-muted">{caption}</caption>
        <thead>
          <tr className="text-muted">
            <th scope="col" className="px-2 py-1 font-sans font-medium">
              {rowLabel}
            </th>
            {columns.map((c) => (
              <th key={c} scope="col" className="px-2 py-1 font-sans font-medium">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => (
            <tr key={i}>
              <th scope="row" className="px-2 py-1 font-sans text-muted">
                {rows[i]}
              </th>
              {row.map((v, j) => (
                <td key={j} className="px-2 py-1" style={{ backgroundColor: `rgba(99, 102, 241, ${Math.min(1, Math.max(0, v)) * 0.45})` }}>
                  {v.toFixed(3)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Baum–Welch for a discrete HMM on Seattle's training weather: step or run to convergence, with the
 * log-likelihood per symbol and the transition/emission matrices as shaded tables.
 */
export function HmmWeatherTrainer(exercise: ExerciseInfo) {
  const utils = api.useUtils();
  const [data, setData] = useState<{ symbols: string[]; sequence: number[] } | null>(null);
  const sequence = useRef<number[]>([]);
  const symbolCount = useRef(0);
  /** The config each trainer was built from (the form may have changed since). */
  const configs = useRef(new WeakMap<Trainer, HmmWeatherConfig>());
  const [view, setView] = useState<View | null>(null);

  const state = useTrainer<HmmWeatherConfig, Trainer, EmLosses>({
    courseId: exercise.courseId,
    exerciseSlug: exercise.exerciseSlug,
    engine: "js",
    defaultConfig: DEFAULTS,
    configSchema: hmmWeatherConfigSchema,
    defaultBudget: DEFAULTS.iterations,
    // Cheap to draw: every frame.
    visualEvery: 1,
    prepare: async (progress) => {
      progress(0.2, "Loading the training weather…");
      const training = await utils.exercise.trainingData.fetch({ courseId: exercise.courseId, exerciseSlug: exercise.exerciseSlug });
      if (training?.kind !== "symbols" || training.sequence.length < 2) throw new Error("this exercise has no symbol sequence to train on");
      sequence.current = training.sequence;
      symbolCount.current = training.symbols.length;
      setData({ symbols: training.symbols, sequence: training.sequence });
      progress(1, "Loaded");
    },
    create: (config) => {
      // The form's numbers are not clamped: refuse what the submission's config would refuse.
      const parsed = hmmWeatherConfigSchema.safeParse(config);
      if (!parsed.success) throw new Error(describeValidationError(parsed.error, config, "The settings"));
      const t = createBaumWelchTrainer(sequence.current, {
        states: config.states,
        symbols: symbolCount.current,
        seed: config.seed,
        tolerance: config.tolerance,
      });
      configs.current.set(t, config);
      return t;
    },
    onVisual: (t) => {
      setView({
        model: t.model,
        config: configs.current.get(t) ?? DEFAULTS,
        iteration: t.iteration,
        converged: t.converged,
        perSymbol: t.currentLogLikelihood() / sequence.current.length,
      });
      // Converged Baum–Welch steps change nothing: stop the run here rather than spin until the budget.
    },
  });

  // "Run defaults to convergence": a fresh model with the defaults, trained until EM converges.
  const runDefaults = () => state.runFresh(DEFAULTS, DEFAULTS.iterations);

  const running = state.running;
  const steps = view?.iteration ?? 0;
  const symbols = data?.symbols ?? [];
  const days = data?.sequence ?? [];
  const T = days.length;
  const counts = symbols.map((_, j) => days.filter((v) => v === j).length);
  const strip = days.slice(0, STRIP_DAYS);
  const stateNames = view ? view.model.initial.map((_, i) => `state ${i + 1}`) : [];

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_320px]">
      <div className="min-w-0 space-y-6">
        <Card className="p-4">
          <h2 className="font-semibold">The training weather</h2>
          {!data ? (
            !state.failure && (
              <p className="mt-1 text-sm text-muted" aria-live="polite">
                Loading the training weather…
              </p>
            )
          ) : (
            <>
              <p className="mt-1 text-sm text-muted">
                {T} days, one symbol a day. Counts: {symbols.map((s, j) => `${s} ${counts[j]}`).join(", ")}.
              </p>
              <ul className="mt-2 flex flex-wrap gap-3 text-xs" aria-label="Legend">
                {symbols.map((s, j) => (
                  <li key={s} className="flex items-center gap-1">
                    <span
                      aria-hidden
                      className="inline-block h-3 w-3 rounded-sm border"
                      style={{ backgroundColor: SYMBOL_COLOURS[j % SYMBOL_COLOURS.length] }}
                    />
                    {s}
                  </li>
                ))}
              </ul>
              <div
                className="mt-2 flex flex-wrap gap-px"
                role="img"
                aria-label={`The first ${strip.length} days as coloured cells: ${strip.map((v) => symbols[v]).join(", ")}`}
              >
                {strip.map((v, i) => (
                  <span
                    key={i}
                    aria-hidden
                    className="inline-block h-4 w-2.5 border border-slate-200"
                    style={{ backgroundColor: SYMBOL_COLOURS[v % SYMBOL_COLOURS.length] }}
                    title={`day ${i + 1}: ${symbols[v]}`}
                  />
                ))}
              </div>
            </>
          )}
        </Card>
        <TrainingPanel
          state={state}
          losses={LOSSES}
          iterationLabel="Baum–Welch step"
          lossHelp="Training log-likelihood of the current model per day, in nats. The log-likelihood never goes down."
        />
        <Card className="p-4">
          <h2 className="font-semibold">Baum–Welch</h2>
          <p className="mt-1 text-sm text-muted">
            Each step runs forward–backward over all {T || "the"} days and re-estimates the initial, transition and emission probabilities. Start runs until the
            log-likelihood stops improving (or the budget runs out).
          </p>
          <div className="mt-3 flex flex-wrap gap-2">
            <Button data-testid="run-default" onClick={() => void runDefaults()} disabled={running || !state.ready}>
              Run defaults to convergence
            </Button>
          </div>
          <p className="mt-2 text-sm" aria-live="polite" data-testid="hmm-status">
            {!view
              ? state.failure
                ? ""
                : "Loading the training weather…"
              : steps === 0
                ? `S = ${view.config.states} · a seeded random HMM · log L per day = ${view.perSymbol.toFixed(4)} nats. Press Start, Step or Run defaults to convergence.`
                : `S = ${view.config.states} · ${steps} step${steps === 1 ? "" : "s"}${view.converged ? " · converged" : running ? " · running…" : ""} · log L per day = ${view.perSymbol.toFixed(4)} nats`}
          </p>
        </Card>
        {view && (
          <Card className="space-y-4 p-4">
            <h2 className="font-semibold">The {steps === 0 ? "starting" : "fitted"} model</h2>
            <ProbabilityTable caption="Initial distribution" rowLabel="" rows={["π"]} columns={stateNames} matrix={[view.model.initial]} />
            <ProbabilityTable
              caption="Transition: row i = P(next state | now state i)"
              rowLabel="from \ to"
              rows={stateNames}
              columns={stateNames}
              matrix={view.model.transition}
            />
            <ProbabilityTable
              caption="Emission: row i = P(weather | state i)"
              rowLabel="state"
              rows={stateNames}
              columns={symbols}
              matrix={view.model.emission}
            />
          </Card>
        )}
        <SubmitPanel
          {...exercise}
          label="Submit this HMM"
          description={`Submits initial, transition and emission (columns in the order ${symbols.join(", ")}); the server scores a held-out year.`}
          canSubmit={!!view && steps > 0 && !running}
          build={async () => {
            const t = state.trainer.current;
            if (!t || t.iteration === 0) throw new Error("Run Baum–Welch first.");
            const m = t.model;
            const config = configs.current.get(t) ?? DEFAULTS;
            return {
              body: { initial: m.initial, transition: m.transition, emission: m.emission },
              config: { ...config, iterations: Math.min(5000, Math.max(1, t.iteration)) },
            };
          }}
        />
      </div>
      <HyperparameterForm<HmmWeatherConfig> state={state} numbers={NUMBER_FIELDS} budgetStep={50} />
    </div>
  );
}
