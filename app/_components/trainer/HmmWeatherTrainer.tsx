"use client";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { api } from "@/app/_trpc/react";
import { baumWelchStep, hmmLogLikelihood, randomHmm, type Hmm } from "@/lib/ml/density/hmm";
import { LineChart } from "./LineChart";
import { type ExerciseInfo, SubmitPanel } from "./SubmitPanel";

/** Mirrors hmm-weather's defaultHyperparameters (lib/exercises/hmm-weather.ts stays server-side). */
const DEFAULTS = { states: 3, iterations: 200, tolerance: 1e-8, seed: 1 };
const MAX_STATES = 8;
const STRIP_DAYS = 120;
const SYMBOL_COLOURS = ["#facc15", "#2563eb", "#94a3b8", "#67e8f9", "#f1f5f9"];
const ITER_PER_FRAME = 4;

interface Run {
  model: Hmm;
  /** log P(sequence) before each step, then of the current model. */
  logLikelihoods: number[];
  converged: boolean;
}

function ProbabilityTable({ caption, rowLabel, rows, columns, matrix }: { caption: string; rowLabel: string; rows: string[]; columns: string[]; matrix: number[][] }) {
  return (
    <div className="overflow-x-auto">
      <table className="text-center font-mono text-xs tabular-nums">
        <caption className="mb-1 text-left font-sans text-sm text-muted">{caption}</caption>
        <thead>
          <tr className="text-muted">
            <th scope="col" className="px-2 py-1 font-sans font-medium">{rowLabel}</th>
            {columns.map((c) => <th key={c} scope="col" className="px-2 py-1 font-sans font-medium">{c}</th>)}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => (
            <tr key={i}>
              <th scope="row" className="px-2 py-1 font-sans text-muted">{rows[i]}</th>
              {row.map((v, j) => (
                <td key={j} className="px-2 py-1" style={{ backgroundColor: `rgba(79, 70, 229, ${Math.min(1, Math.max(0, v)) * 0.45})` }}>
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
  const training = api.exercise.trainingData.useQuery({ courseId: exercise.courseId, exerciseSlug: exercise.exerciseSlug });
  const data = training.data?.kind === "symbols" ? training.data : null;
  const [states, setStates] = useState(DEFAULTS.states);
  const [seed, setSeed] = useState(DEFAULTS.seed);
  const [run, setRun] = useState<Run | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const frame = useRef<number | null>(null);
  const runRef = useRef<Run | null>(null);
  runRef.current = run;
  const used = useRef({ states, seed });

  useEffect(() => () => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
  }, []);

  if (training.isLoading) return <Card className="p-4" aria-live="polite">Loading the training weather…</Card>;
  if (training.error) return <Card className="p-4"><p role="alert" className="text-red-700">Could not load the training data: {training.error.message}</p></Card>;
  if (!data || data.sequence.length < 2) return <Card className="p-4"><p role="alert">This exercise has no symbol sequence to train on.</p></Card>;

  const { symbols, sequence } = data;
  const T = sequence.length;

  const start = (s = states, sd = seed): Run | null => {
    try {
      const model = randomHmm(s, symbols.length, sd);
      used.current = { states: s, seed: sd };
      setError(null);
      return { model, logLikelihoods: [hmmLogLikelihood(model, sequence)], converged: false };
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return null;
    }
  };
  const advance = (r: Run): Run => {
    const step = baumWelchStep(r.model, sequence, symbols.length);
    const lls = [...r.logLikelihoods];
    lls[lls.length - 1] = step.logLikelihood;
    const next = hmmLogLikelihood(step.model, sequence);
    lls.push(next);
    return { model: step.model, logLikelihoods: lls, converged: Math.abs(next - step.logLikelihood) < DEFAULTS.tolerance * Math.abs(next) };
  };
  const sameConfig = () => used.current.states === states && used.current.seed === seed;
  const stop = () => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    frame.current = null;
    setRunning(false);
  };
  const reset = () => {
    stop();
    setRun(start());
  };
  const stepOnce = () => {
    const r = runRef.current && sameConfig() ? runRef.current : start();
    if (r) setRun(advance(r));
  };
  const runToConvergence = (fromDefaults: boolean) => {
    stop();
    let r: Run | null;
    if (fromDefaults) {
      setStates(DEFAULTS.states);
      setSeed(DEFAULTS.seed);
      r = start(DEFAULTS.states, DEFAULTS.seed);
    } else r = runRef.current && sameConfig() ? runRef.current : start();
    if (!r) return;
    setRunning(true);
    let current = r;
    const done = () => current.converged || current.logLikelihoods.length - 1 >= DEFAULTS.iterations;
    const tick = () => {
      for (let i = 0; i < ITER_PER_FRAME && !done(); i++) current = advance(current);
      setRun(current);
      if (done()) {
        frame.current = null;
        setRunning(false);
      } else frame.current = requestAnimationFrame(tick);
    };
    frame.current = requestAnimationFrame(tick);
  };

  const counts = symbols.map((_, j) => sequence.filter((v) => v === j).length);
  const strip = sequence.slice(0, STRIP_DAYS);
  const steps = run ? run.logLikelihoods.length - 1 : 0;
  const perSymbol = run ? run.logLikelihoods.map((v) => v / T) : [];
  const chart = [perSymbol.map((_, i) => i), perSymbol];
  const stateNames = run ? run.model.initial.map((_, i) => `state ${i + 1}`) : [];

  return (
    <div className="space-y-6">
      <Card className="p-4">
        <h2 className="font-semibold">The training weather</h2>
        <p className="mt-1 text-sm text-muted">{T} days, one symbol a day. Counts: {symbols.map((s, j) => `${s} ${counts[j]}`).join(", ")}.</p>
        <ul className="mt-2 flex flex-wrap gap-3 text-xs" aria-label="Legend">
          {symbols.map((s, j) => (
            <li key={s} className="flex items-center gap-1">
              <span aria-hidden className="inline-block h-3 w-3 rounded-sm border" style={{ backgroundColor: SYMBOL_COLOURS[j % SYMBOL_COLOURS.length] }} />
              {s}
            </li>
          ))}
        </ul>
        <div className="mt-2 flex flex-wrap gap-px" role="img" aria-label={`The first ${strip.length} days as coloured cells: ${strip.map((v) => symbols[v]).join(", ")}`}>
          {strip.map((v, i) => (
            <span key={i} aria-hidden className="inline-block h-4 w-2.5 border border-slate-200" style={{ backgroundColor: SYMBOL_COLOURS[v % SYMBOL_COLOURS.length] }} title={`day ${i + 1}: ${symbols[v]}`} />
          ))}
        </div>
      </Card>
      <Card className="p-4">
        <h2 className="font-semibold">Baum–Welch</h2>
        <p className="mt-1 text-sm text-muted">Each step runs forward–backward over all {T} days and re-estimates the initial, transition and emission probabilities. The log-likelihood never goes down.</p>
        <div className="mt-3 flex flex-wrap items-end gap-4 text-sm">
          <label className="flex flex-col gap-1">
            Hidden states S
            <select className="rounded border px-2 py-1" value={states} disabled={running} onChange={(e) => setStates(Number(e.target.value))}>
              {Array.from({ length: MAX_STATES }, (_, i) => i + 1).map((k) => <option key={k} value={k}>{k}</option>)}
            </select>
          </label>
          <label className="flex flex-col gap-1">
            Seed
            <input type="number" min={0} max={2 ** 32 - 1} step={1} className="w-28 rounded border px-2 py-1" value={seed} disabled={running}
              onChange={(e) => { const v = Math.floor(Number(e.target.value)); if (Number.isFinite(v) && v >= 0 && v <= 2 ** 32 - 1) setSeed(v); }} />
          </label>
        </div>
        <div className="mt-3 flex flex-wrap gap-2">
          <Button data-testid="run-default" onClick={() => runToConvergence(true)} disabled={running}>Run defaults to convergence</Button>
          <Button variant="secondary" onClick={() => runToConvergence(false)} disabled={running}>Run to convergence</Button>
          <Button variant="secondary" onClick={stepOnce} disabled={running}>Step</Button>
          {running ? <Button variant="secondary" onClick={stop}>Pause</Button> : <Button variant="secondary" onClick={reset}>Reset</Button>}
        </div>
        <div className="mt-3 h-2 w-full max-w-md rounded bg-slate-200" role="progressbar" aria-label="Baum–Welch iterations" aria-valuemin={0} aria-valuemax={DEFAULTS.iterations} aria-valuenow={steps}>
          <div className="h-2 rounded bg-indigo-600" style={{ width: `${(run?.converged ? 1 : Math.min(1, steps / DEFAULTS.iterations)) * 100}%` }} />
        </div>
        <p className="mt-2 text-sm" aria-live="polite" data-testid="hmm-status">
          {error ? <span role="alert" className="text-red-700">{error}</span>
            : !run ? "Press Step or Run to start from a seeded random HMM."
            : `S = ${used.current.states} · ${steps} step${steps === 1 ? "" : "s"}${run.converged ? " · converged" : running ? " · running…" : ""} · log L per day = ${perSymbol[perSymbol.length - 1].toFixed(4)} nats`}
        </p>
        <div className="mt-3">
          <LineChart data={chart} series={[{ label: "log L / day", stroke: "#4f46e5" }]} xLabel="Baum–Welch step" yLabel="log-likelihood per symbol (nats)" description={`Training log-likelihood per symbol after each of ${steps} steps`} version={steps} />
        </div>
      </Card>
      {run && (
        <Card className="space-y-4 p-4">
          <h2 className="font-semibold">The fitted model</h2>
          <ProbabilityTable caption="Initial distribution" rowLabel="" rows={["π"]} columns={stateNames} matrix={[run.model.initial]} />
          <ProbabilityTable caption="Transition: row i = P(next state | now state i)" rowLabel="from \ to" rows={stateNames} columns={stateNames} matrix={run.model.transition} />
          <ProbabilityTable caption="Emission: row i = P(weather | state i)" rowLabel="state" rows={stateNames} columns={symbols} matrix={run.model.emission} />
        </Card>
      )}
      <SubmitPanel
        {...exercise}
        label="Submit this HMM"
        description={`Submits initial, transition and emission (columns in the order ${symbols.join(", ")}); the server scores a held-out year.`}
        canSubmit={!!run && steps > 0 && !running}
        build={async () => {
          const m = run!.model;
          return {
            body: { initial: m.initial, transition: m.transition, emission: m.emission },
            config: { states: used.current.states, iterations: Math.min(5000, Math.max(1, steps)), tolerance: DEFAULTS.tolerance, seed: used.current.seed },
          };
        }}
      />
    </div>
  );
}
