"use client";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { LECTURE_CHAIN, PowerIteration, type PowerIterationLosses } from "@/lib/ml/sampling/markov-chain";
import { LineChart } from "@/app/_components/trainer/LineChart";
import { TrainingPanel } from "@/app/_components/trainer/TrainingPanel";
import { useTrainer } from "@/app/_components/trainer/useTrainer";
import { type ExerciseInfo, SubmitPanel } from "@/app/_components/trainer/SubmitPanel";

const STATES = ["1", "2", "3"];
type Start = "1" | "2" | "3" | "uniform";
/** The run's config: where the chain starts. */
interface Config {
  start: Start;
}
const STARTS: { start: Start; label: string; x: number[] }[] = [
  { start: "1", label: "Start in state 1", x: [1, 0, 0] },
  { start: "2", label: "Start in state 2", x: [0, 1, 0] },
  { start: "3", label: "Start in state 3", x: [0, 0, 1] },
  { start: "uniform", label: "Uniform start", x: [1 / 3, 1 / 3, 1 / 3] },
];
const startOf = (start: Start) => STARTS.find((s) => s.start === start) ?? STARTS[0];
const SERIES = STATES.map((s, i) => ({ label: `P(state ${s})`, stroke: ["#6366f1", "#ea580c", "#16a34a"][i] }));
const LOSSES = [{ key: "change", label: "Last change ‖x_t − x_{t−1}‖₁", stroke: "#6366f1" }];
/** The spec's default: 100 multiplications reach π to ~1e-5. */
const DEFAULT_STEPS = 100;

/** What the page shows of the chain, refreshed with the visuals. */
interface ChainView {
  t: number;
  x: readonly number[];
  change: number | null;
  history: (readonly number[])[];
}

/**
 * The lecture's chain x_{t+1} = P x_t: the student iterates it from a start of their choice,
 * watches the three probabilities settle, and submits the distribution they reached as π.
 */
export function MarkovChainTrainer(exercise: ExerciseInfo) {
  const [view, setView] = useState<ChainView | null>(null);
  /** A start or step button's request, carried out once its config or budget is rendered (the hook reads both from it). */
  const [request, setRequest] = useState<{ kind: "build" | "run"; id: number } | null>(null);
  const handled = useRef(0);

  const state = useTrainer<Config, PowerIteration, PowerIterationLosses>({
    courseId: exercise.courseId,
    exerciseSlug: exercise.exerciseSlug,
    engine: "js",
    defaultConfig: { start: "1" },
    defaultBudget: DEFAULT_STEPS,
    create: (config) => new PowerIteration(LECTURE_CHAIN, startOf(config.start).x),
    onVisual: (chain) => setView({ t: chain.iteration, x: chain.distribution, change: chain.change, history: chain.history.slice() }),
  });

  const { reset, start, updateConfig, setBudget, trainer, running } = state;
  useEffect(() => {
    if (!request || request.id === handled.current) return;
    handled.current = request.id;
    if (request.kind === "build") void reset();
    else void start();
  }, [request, reset, start]);

  const ask = (kind: "build" | "run") => setRequest((r) => ({ kind, id: (r?.id ?? 0) + 1 }));
  const restartFrom = (s: Start) => {
    updateConfig({ start: s });
    ask("build");
  };
  /** n more multiplications: the budget moves n past the chain, then the shared loop runs them. */
  const runSteps = (n: number) => {
    setBudget((trainer.current?.iteration ?? 0) + n);
    ask("run");
  };

  const t = view?.t ?? 0;
  const x = view?.x ?? startOf(state.config.start).x;
  const history = view?.history ?? [x];
  const chart = [history.map((_, i) => i), ...STATES.map((_, k) => history.map((v) => v[k]))];
  const busy = running || !state.ready;
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_320px]">
      <div className="space-y-6">
        <TrainingPanel
          state={state}
          losses={LOSSES}
          iterationLabel="Step t"
          lossHelp="How much the last multiplication moved the distribution: it shrinks geometrically as x_t approaches π."
        />
        <Card className="p-4">
          <h2 className="font-semibold">Iterate the chain</h2>
          <p className="mt-1 text-sm text-muted">Each step multiplies the current distribution by P. Where does it settle — and does the start matter?</p>
          <div className="mt-3 flex flex-wrap gap-2" role="group" aria-label="Start distribution">
            {STARTS.map((s) => (
              <Button
                key={s.label}
                variant="secondary"
                size="sm"
                onClick={() => restartFrom(s.start)}
                disabled={!state.ready}
                aria-pressed={state.config.start === s.start}
              >
                {s.label}
              </Button>
            ))}
          </div>
          <div className="mt-3 flex flex-wrap gap-2" role="group" aria-label="Steps">
            <Button variant="secondary" onClick={() => runSteps(10)} disabled={busy}>
              10 steps
            </Button>
            <Button variant="secondary" onClick={() => runSteps(100)} disabled={busy}>
              100 steps
            </Button>
          </div>
          <table className="mt-4 w-full max-w-md text-sm" data-testid="chain-state">
            <caption className="text-left text-muted" aria-live="polite">
              After <span data-testid="chain-steps">{t}</span> step{t === 1 ? "" : "s"}
              {view?.change != null && ` · last change ${view.change.toExponential(2)}`}
            </caption>
            <thead>
              <tr className="text-left text-xs text-muted">
                {STATES.map((s) => (
                  <th key={s} scope="col" className="py-1 font-medium">
                    state {s}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr className="font-mono tabular-nums">
                {x.map((v, i) => (
                  <td key={i} className="py-1">
                    {v.toFixed(6)}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </Card>
        <Card className="p-4">
          <h2 className="mb-2 font-semibold">The distribution over time</h2>
          <LineChart data={chart} series={SERIES} xLabel="step t" yLabel="probability" description="Probability of each state after each step" version={t} />
          {t >= history.length && <p className="mt-2 text-xs text-muted">The chart shows the first {(history.length - 1).toLocaleString()} steps.</p>}
        </Card>
        <SubmitPanel
          {...exercise}
          label="Submit this distribution as π"
          description="Submits the distribution after the last step; the server compares it with the exact π."
          canSubmit={state.ready && !running}
          build={async () => {
            const chain = trainer.current;
            if (!chain) throw new Error("The chain is not ready.");
            const reached = chain.distribution;
            const total = reached.reduce((s, v) => s + v, 0);
            return { body: { pi: reached.map((v) => v / total) }, config: { method: "power-iteration", iterations: chain.iteration } };
          }}
        />
      </div>
      <Card className="h-fit p-4">
        <h2 className="font-semibold">The transition matrix P</h2>
        <p className="mt-1 text-xs text-muted">Column j holds the probabilities of moving from state j; each column sums to 1.</p>
        <table className="mt-3 w-full text-center font-mono text-sm">
          <caption className="sr-only">P[i][j] = probability of moving to state i from state j</caption>
          <thead>
            <tr className="text-xs text-muted">
              <th scope="col">to \ from</th>
              {STATES.map((s) => (
                <th key={s} scope="col">
                  {s}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {LECTURE_CHAIN.map((row, i) => (
              <tr key={i}>
                <th scope="row" className="text-xs text-muted">
                  {STATES[i]}
                </th>
                {row.map((v, j) => (
                  <td key={j} className="py-1">
                    {v}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </div>
  );
}
