"use client";
import { useState } from "react";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { applyChain, LECTURE_CHAIN } from "@/lib/ml/sampling/markov-chain";
import { LineChart } from "./LineChart";
import { type ExerciseInfo, SubmitPanel } from "./SubmitPanel";

const STATES = ["1", "2", "3"];
const STARTS: { label: string; x: number[] }[] = [
  { label: "Start in state 1", x: [1, 0, 0] },
  { label: "Start in state 2", x: [0, 1, 0] },
  { label: "Start in state 3", x: [0, 0, 1] },
  { label: "Uniform start", x: [1 / 3, 1 / 3, 1 / 3] },
];
const SERIES = STATES.map((s, i) => ({ label: `P(state ${s})`, stroke: ["#4f46e5", "#ea580c", "#16a34a"][i] }));

/**
 * The lecture's chain x_{t+1} = P x_t: the student iterates it from a start of their choice,
 * watches the three probabilities settle, and submits the distribution they reached as π.
 */
export function MarkovChainTrainer(exercise: ExerciseInfo) {
  const [history, setHistory] = useState<number[][]>([STARTS[0].x]);
  const x = history[history.length - 1];
  const t = history.length - 1;
  const change = t === 0 ? null : x.reduce((s, v, i) => s + Math.abs(v - history[t - 1][i]), 0);

  const step = (n: number) =>
    setHistory((h) => {
      const next = [...h];
      for (let i = 0; i < n; i++) next.push(applyChain(LECTURE_CHAIN, next[next.length - 1]));
      return next;
    });

  const chart = [history.map((_, i) => i), ...STATES.map((_, k) => history.map((v) => v[k]))];
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_320px]">
      <div className="space-y-6">
        <Card className="p-4">
          <h2 className="font-semibold">Iterate the chain</h2>
          <p className="mt-1 text-sm text-muted">Each step multiplies the current distribution by P. Where does it settle — and does the start matter?</p>
          <div className="mt-3 flex flex-wrap gap-2" role="group" aria-label="Start distribution">
            {STARTS.map((s) => (
              <Button key={s.label} variant="secondary" size="sm" onClick={() => setHistory([s.x])}>
                {s.label}
              </Button>
            ))}
          </div>
          <div className="mt-3 flex flex-wrap gap-2" role="group" aria-label="Steps">
            <Button onClick={() => step(1)}>Step</Button>
            <Button variant="secondary" onClick={() => step(10)}>
              10 steps
            </Button>
            <Button variant="secondary" onClick={() => step(100)}>
              100 steps
            </Button>
          </div>
          <table className="mt-4 w-full max-w-md text-sm" data-testid="chain-state">
            <caption className="text-left text-muted" aria-live="polite">
              After <span data-testid="chain-steps">{t}</span> step{t === 1 ? "" : "s"}
              {change !== null && ` · last change ${change.toExponential(2)}`}
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
        </Card>
        <SubmitPanel
          {...exercise}
          label="Submit this distribution as π"
          description="Submits the distribution after the last step; the server compares it with the exact π."
          canSubmit={true}
          build={async () => {
            const total = x.reduce((s, v) => s + v, 0);
            return { body: { pi: x.map((v) => v / total) }, config: { method: "power-iteration", iterations: t } };
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
