"use client";
import { useEffect, useId, useState } from "react";
import { Button } from "@/app/_components/Button";
import { LECTURE_CHAIN, applyChain } from "@/lib/ml/sampling/markov-chain";
import { TableDisclosure } from "./TableDisclosure";

/*
 * The lecture's 3-state chain x_{t+1} = P x_t (column-stochastic P, errata 3). Pick a start
 * distribution, step or play, and watch the three state probabilities approach
 * π = (4/51, 40/51, 7/51). A table of the same numbers is the text alternative.
 */

const PI = [4 / 51, 40 / 51, 7 / 51];
const MAX_STEPS = 20;
const COLORS = ["#dc2626", "#6366f1", "#059669"]; // red, indigo, green: distinct also in greyscale via dash patterns
const DASHES = ["", "6 3", "2 3"];

const STARTS: { id: string; label: string; x0: number[] }[] = [
  { id: "s1", label: "Surely in state 1", x0: [1, 0, 0] },
  { id: "s2", label: "Surely in state 2", x0: [0, 1, 0] },
  { id: "s3", label: "Surely in state 3", x0: [0, 0, 1] },
  { id: "uniform", label: "Uniform (⅓, ⅓, ⅓)", x0: [1 / 3, 1 / 3, 1 / 3] },
];

function trajectory(x0: number[], steps: number): number[][] {
  const out = [x0];
  for (let t = 0; t < steps; t++) out.push(applyChain(LECTURE_CHAIN, out[t]));
  return out;
}

const fmt = (v: number) => v.toFixed(4);

export function MarkovChainConvergence() {
  const [startId, setStartId] = useState(STARTS[0].id);
  const [steps, setSteps] = useState(0);
  const [playing, setPlaying] = useState(false);
  const uid = useId();

  const start = STARTS.find((s) => s.id === startId) ?? STARTS[0];
  const xs = trajectory(start.x0, steps);
  const current = xs[steps];
  const distance = current.reduce((s, v, i) => s + Math.abs(v - PI[i]), 0) / 2;

  // Playing stops by itself at the last step (derived, not set from an effect).
  const running = playing && steps < MAX_STEPS;
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => setSteps((s) => Math.min(MAX_STEPS, s + 1)), 450);
    return () => clearTimeout(timer);
  }, [running, steps]);

  // Plot geometry (SVG user units; the SVG scales to the container width).
  const W = 360;
  const H = 200;
  const pad = { l: 34, r: 10, t: 10, b: 26 };
  const px = (t: number) => pad.l + (t / MAX_STEPS) * (W - pad.l - pad.r);
  const py = (p: number) => H - pad.b - p * (H - pad.t - pad.b);

  return (
    <figure className="my-6 rounded-lg border border-line bg-white p-4 text-sm" aria-labelledby={`${uid}-title`}>
      <figcaption id={`${uid}-title`} className="font-semibold text-ink">
        Try it: the lecture&apos;s chain converging to π
      </figcaption>

      <fieldset className="mt-3">
        <legend className="text-slate-700">Start distribution x₀</legend>
        <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
          {STARTS.map((s) => (
            <label key={s.id} className="inline-flex items-center gap-1.5">
              <input
                type="radio"
                name={`${uid}-start`}
                value={s.id}
                checked={startId === s.id}
                onChange={() => {
                  setStartId(s.id);
                  setSteps(0);
                  setPlaying(false);
                }}
              />
              {s.label}
            </label>
          ))}
        </div>
      </fieldset>

      <div className="mt-3 flex flex-wrap gap-2">
        <Button size="sm" variant="secondary" onClick={() => setSteps((s) => Math.min(MAX_STEPS, s + 1))} disabled={steps >= MAX_STEPS}>
          Step
        </Button>
        <Button
          size="sm"
          onClick={() => {
            if (steps >= MAX_STEPS) {
              setSteps(0);
              setPlaying(true);
            } else setPlaying(!running);
          }}
          aria-pressed={running}
        >
          {running ? "Pause" : "Play"}
        </Button>
        <Button
          size="sm"
          variant="ghost"
          onClick={() => {
            setSteps(0);
            setPlaying(false);
          }}
        >
          Reset
        </Button>
      </div>

      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="mt-3 h-auto w-full"
        role="img"
        aria-label={`Probabilities of states 1, 2 and 3 over ${steps} steps; dotted grey lines mark the stationary values 0.078, 0.784 and 0.137.`}
      >
        {/* axes */}
        <line x1={pad.l} y1={py(0)} x2={W - pad.r} y2={py(0)} className="stroke-slate-400" />
        <line x1={pad.l} y1={py(0)} x2={pad.l} y2={py(1)} className="stroke-slate-400" />
        {[0, 0.5, 1].map((p) => (
          <text key={p} x={pad.l - 4} y={py(p) + 3} fontSize="9" textAnchor="end" className="fill-slate-600">
            {p}
          </text>
        ))}
        {[0, 5, 10, 15, 20].map((t) => (
          <text key={t} x={px(t)} y={H - pad.b + 12} fontSize="9" textAnchor="middle" className="fill-slate-600">
            {t}
          </text>
        ))}
        <text x={(pad.l + W - pad.r) / 2} y={H - 2} fontSize="9" textAnchor="middle" className="fill-slate-600">
          step t
        </text>
        {/* stationary values */}
        {PI.map((p, i) => (
          <line key={i} x1={pad.l} x2={W - pad.r} y1={py(p)} y2={py(p)} className="stroke-slate-400" strokeDasharray="1 3" />
        ))}
        {/* trajectories */}
        {[0, 1, 2].map((i) => (
          <g key={i}>
            <polyline fill="none" stroke={COLORS[i]} strokeWidth="2" strokeDasharray={DASHES[i]} points={xs.map((x, t) => `${px(t)},${py(x[i])}`).join(" ")} />
            {xs.map((x, t) => (
              <circle key={t} cx={px(t)} cy={py(x[i])} r="2.2" fill={COLORS[i]} />
            ))}
          </g>
        ))}
      </svg>

      <ul className="!my-2 flex flex-wrap gap-x-4 !space-y-0 !pl-0" style={{ listStyle: "none" }}>
        {[0, 1, 2].map((i) => (
          <li key={i} className="inline-flex items-center gap-1.5">
            <svg width="22" height="8" aria-hidden="true">
              <line x1="0" y1="4" x2="22" y2="4" stroke={COLORS[i]} strokeWidth="2" strokeDasharray={DASHES[i]} />
            </svg>
            state {i + 1}: {fmt(current[i])} (π = {fmt(PI[i])})
          </li>
        ))}
      </ul>

      <p className="!my-1 text-slate-700" aria-live="polite">
        Step {steps}: x = ({current.map(fmt).join(", ")}). Total-variation distance to π: {distance.toExponential(2)}.
      </p>

      <TableDisclosure caption={`State probabilities per step, starting from: ${start.label}`}>
        <thead>
          <tr className="border-b border-line">
            <th scope="col" className="px-2 py-1">
              t
            </th>
            <th scope="col" className="px-2 py-1">
              P(state 1)
            </th>
            <th scope="col" className="px-2 py-1">
              P(state 2)
            </th>
            <th scope="col" className="px-2 py-1">
              P(state 3)
            </th>
          </tr>
        </thead>
        <tbody>
          {xs.map((x, t) => (
            <tr key={t}>
              <th scope="row" className="px-2 py-0.5 font-normal">
                {t}
              </th>
              {x.map((v, i) => (
                <td key={i} className="px-2 py-0.5">
                  {fmt(v)}
                </td>
              ))}
            </tr>
          ))}
          <tr className="border-t border-line">
            <th scope="row" className="px-2 py-0.5">
              π
            </th>
            {PI.map((v, i) => (
              <td key={i} className="px-2 py-0.5 font-semibold">
                {fmt(v)}
              </td>
            ))}
          </tr>
        </tbody>
      </TableDisclosure>
    </figure>
  );
}
