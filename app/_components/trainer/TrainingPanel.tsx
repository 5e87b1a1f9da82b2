"use client";
/** Controls, numbers, progress and loss curves of a useTrainer() run: the same on every exercise page. */
import { useRef } from "react";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { LineChart } from "./LineChart";
import { MAX_BUDGET } from "./saved-runs";
import type { TrainerState } from "./useTrainer";

export interface LossSpec {
  key: string;
  label: string;
  stroke: string;
}

const fmt = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v.toFixed(3) : "–");

/** What the start button does now: start, resume, or train another budget's worth once the budget is reached. */
function startLabel(iteration: number, budget: number, defaultBudget: number, finished: boolean): string {
  if (finished) return "Finished";
  if (iteration === 0) return "Start";
  return iteration < budget ? "Resume" : `Train ${defaultBudget.toLocaleString()} more`;
}

export function TrainingPanel({
  state,
  losses,
  lossHelp,
  iterationLabel = "Iteration",
}: {
  state: TrainerState;
  losses: LossSpec[];
  lossHelp?: string;
  iterationLabel?: string;
}) {
  const { stats, budget, running, status } = state;
  const progress = Math.min(1, stats.iteration / budget);
  // A button that disables itself would drop keyboard focus to the page: hand it to its counterpart.
  const startButton = useRef<HTMLButtonElement>(null);
  const pauseButton = useRef<HTMLButtonElement>(null);
  const focusSoon = (button: React.RefObject<HTMLButtonElement | null>) => requestAnimationFrame(() => button.current?.focus());
  return (
    <>
      <p className="sr-only" aria-live="polite">
        {state.announcement}
      </p>
      {state.savedRun && (
        <Card className="border-brand-600 p-4" data-testid="saved-run">
          <p className="text-sm">
            You trained this exercise in this browser before: your run stopped at iteration {state.savedRun.iteration.toLocaleString()} (
            {new Date(state.savedRun.savedAt).toLocaleString()}).
          </p>
          <div className="mt-2 flex flex-wrap gap-2">
            <Button onClick={() => void state.resumeSaved()} data-testid="resume-saved">
              Resume from step {state.savedRun.iteration.toLocaleString()}
            </Button>
            <Button variant="secondary" onClick={state.discardSaved}>
              Discard it
            </Button>
          </div>
        </Card>
      )}
      <Card className="p-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="flex flex-wrap gap-2" role="group" aria-label="Training controls">
            <Button
              ref={startButton}
              onClick={() => {
                void state.start();
                focusSoon(pauseButton);
              }}
              disabled={running || !state.available || state.configDirty || state.finished}
              data-testid="train-start"
            >
              {startLabel(stats.iteration, budget, state.defaultBudget, state.finished)}
            </Button>
            <Button
              ref={pauseButton}
              variant="secondary"
              onClick={() => {
                state.pause();
                focusSoon(startButton);
              }}
              disabled={!running}
            >
              Pause
            </Button>
            <Button variant="secondary" onClick={() => void state.step()} disabled={running || !state.available || state.configDirty || state.finished}>
              Step
            </Button>
            <Button variant="secondary" onClick={() => void state.reset()} disabled={status === "loading" && !state.failure}>
              Reset
            </Button>
          </div>
          {state.engine === "js" ? (
            <p className="text-sm text-muted">Runs in plain JavaScript: no GPU needed.</p>
          ) : state.idle ? (
            <p className="text-sm text-muted" data-testid="loads-on-start">
              TensorFlow.js and the data load when you start.
            </p>
          ) : !state.backend ? (
            <p className="text-sm text-muted" role="status">
              Choosing the fastest backend…
            </p>
          ) : (
            <label className="flex items-center gap-2 text-sm">
              <span className="text-muted">Backend</span>
              <select
                className="rounded-md border border-line bg-white px-2 py-1"
                value={state.backend}
                onChange={(e) => void state.switchBackend(e.target.value)}
                disabled={running || status === "loading"}
                data-testid="backend-select"
              >
                {(state.backends.includes(state.backend) || !state.backend ? state.backends : [state.backend, ...state.backends]).map((b) => (
                  <option key={b} value={b}>
                    {b}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        {state.preparing && (
          <div className="mt-3" role="status">
            <div className="flex justify-between text-xs text-muted">
              <span>{state.preparing.label}</span>
              <span>{Math.round(state.preparing.fraction * 100)}%</span>
            </div>
            <progress className="mt-1 h-2 w-full accent-brand-600" value={state.preparing.fraction} max={1} aria-label={state.preparing.label} />
          </div>
        )}
        {state.configDirty && <p className="mt-3 text-sm text-amber-700">Settings changed: press Reset to build a new model with them.</p>}
        {state.finished && <p className="mt-3 text-sm text-muted">This run is complete: Reset starts a new one.</p>}
        {state.failure && (
          <p role="alert" className="mt-3 text-sm text-red-700">
            {state.failure}
          </p>
        )}
        <dl className="mt-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4" data-testid="training-stats">
          <Stat label={iterationLabel} value={stats.iteration.toLocaleString()} testId="iteration" />
          {losses.map((l) => (
            <Stat key={l.key} label={l.label} value={fmt(stats.losses[l.key])} />
          ))}
          <Stat label="Iterations/s" value={running ? stats.itsPerSec.toFixed(0) : "–"} />
        </dl>
        <div className="mt-4">
          <div className="flex justify-between text-xs text-muted">
            <label htmlFor="budget-progress">Progress toward the iteration budget</label>
            <span>
              {stats.iteration.toLocaleString()} / {budget.toLocaleString()}
            </span>
          </div>
          <progress id="budget-progress" className="mt-1 h-2 w-full accent-brand-600" value={progress} max={1} />
        </div>
      </Card>
      <Card className="p-4">
        <h2 className="mb-2 font-semibold">Training curves</h2>
        <LineChart
          data={[state.history.iterations, ...losses.map((l) => state.history.losses[l.key] ?? [])]}
          series={losses.map(({ label, stroke }) => ({ label, stroke }))}
          xLabel="iteration"
          yLabel="value"
          description={`${losses.map((l) => l.label).join(", ")} per iteration`}
        />
        {lossHelp && <p className="mt-2 text-xs text-muted">{lossHelp}</p>}
      </Card>
    </>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="rounded-md bg-canvas px-3 py-2">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="font-mono text-base tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

export interface NumberField<C> {
  key: keyof C & string;
  label: string;
  min: number;
  max: number;
  step: number;
  help?: string;
}
export interface ChoiceField<C> {
  key: keyof C & string;
  label: string;
  options: [string, string][];
  help?: string;
}

/** The hyperparameter form: numbers and choices of the config, plus the iteration budget. */
export function HyperparameterForm<C extends Record<string, unknown>>({
  state,
  numbers,
  choices = [],
  budgetStep = 500,
}: {
  state: TrainerState;
  numbers: NumberField<C>[];
  choices?: ChoiceField<C>[];
  budgetStep?: number;
}) {
  const config = state.config as C;
  const disabled = state.running;
  return (
    <Card className="h-fit p-4">
      <h2 className="font-semibold">Hyperparameters</h2>
      <form className="mt-3 space-y-3" onSubmit={(e) => e.preventDefault()} aria-describedby="hp-help">
        <p id="hp-help" className="text-xs text-muted">
          Changes take effect when you press Reset.
        </p>
        {choices.map((f) => (
          <label key={f.key} className="block text-sm">
            <span className="flex justify-between gap-2">
              <span>{f.label}</span>
              {f.help && <span className="text-right text-xs text-muted">{f.help}</span>}
            </span>
            <select
              className="mt-1 w-full rounded-md border border-line bg-white px-2 py-1"
              value={String(config[f.key])}
              disabled={disabled}
              onChange={(e) => {
                const raw = e.target.value;
                state.updateConfig({ [f.key]: raw === "true" ? true : raw === "false" ? false : raw } as Partial<C>);
              }}
            >
              {f.options.map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
          </label>
        ))}
        {numbers.map((f) => (
          <label key={f.key} className="block text-sm">
            <span className="flex justify-between gap-2">
              <span>{f.label}</span>
              {f.help && <span className="text-right text-xs text-muted">{f.help}</span>}
            </span>
            <input
              type="number"
              className="mt-1 w-full rounded-md border border-line px-2 py-1"
              value={String(config[f.key])}
              step={f.step}
              min={f.min}
              max={f.max}
              disabled={disabled}
              onChange={(e) => {
                const v = Number(e.target.value);
                if (Number.isFinite(v)) state.updateConfig({ [f.key]: v } as Partial<C>);
              }}
            />
          </label>
        ))}
        <label className="block text-sm">
          <span>Iteration budget</span>
          <input
            type="number"
            className="mt-1 w-full rounded-md border border-line px-2 py-1"
            value={state.budget}
            min={1}
            max={MAX_BUDGET}
            step={budgetStep}
            disabled={disabled}
            data-testid="budget-input"
            onChange={(e) => state.setBudget(Math.min(MAX_BUDGET, Math.max(1, Math.floor(Number(e.target.value) || 1))))}
          />
        </label>
      </form>
    </Card>
  );
}
