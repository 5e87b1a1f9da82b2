"use client";
import { useId, useState } from "react";
import { Button } from "@/app/_components/Button";
import { hmmForward, viterbi, type Hmm } from "@/lib/ml/density/hmm";
import { TableDisclosure } from "./TableDisclosure";

/*
 * The module's 2-state HMM (π = (0.6, 0.4), A = [[0.7, 0.3], [0.4, 0.6]], P(a) = 0.9 in state 1 and 0.2 in
 * state 2). Edit a sequence of up to 8 symbols; the trellis shows the forward probabilities
 * α_t(i) = P(y_{1:t}, z_t = i) per node (from hmmForward's scaled variables times the running product of
 * its scale factors) and highlights the Viterbi path. A table of the same numbers is the text alternative.
 */

const MODEL: Hmm = {
  initial: [0.6, 0.4],
  transition: [
    [0.7, 0.3],
    [0.4, 0.6],
  ],
  emission: [
    [0.9, 0.1],
    [0.2, 0.8],
  ],
};
const SYMBOLS = ["a", "b"];
const MAX_T = 8;

function fmt(v: number): string {
  if (v === 0) return "0";
  return v >= 0.001 ? v.toFixed(4) : v.toExponential(2);
}

export function HmmTrellis() {
  const uid = useId();
  const [obs, setObs] = useState<number[]>([0, 0]);

  const T = obs.length;
  const fwd = hmmForward(MODEL, obs);
  const alpha: number[][] = [];
  let scale = 1;
  for (let t = 0; t < T; t++) {
    scale *= fwd.scales[t];
    alpha.push(Array.from(fwd.alpha[t], (v) => v * scale));
  }
  const likelihood = Math.exp(fwd.logLikelihood);
  const vit = viterbi(MODEL, obs);
  const vitProb = Math.exp(vit.logProbability);
  const pathText = vit.path.map((s) => s + 1).join(", ");

  const W = 360;
  const colW = (W - 60) / Math.max(1, MAX_T - 1);
  const nodeX = (t: number) => 40 + t * colW;
  const nodeY = (i: number) => 40 + i * 70;
  const H = 160;
  const R = 15;

  return (
    <figure className="my-6 rounded-lg border border-line bg-white p-4 text-sm" aria-labelledby={`${uid}-title`}>
      <figcaption id={`${uid}-title`} className="font-semibold text-ink">
        Try it: forward probabilities and the Viterbi path on the trellis
      </figcaption>
      <p className="!my-1 text-xs text-slate-600">Model: π = (0.6, 0.4); A = [[0.7, 0.3], [0.4, 0.6]]; P(a | state 1) = 0.9, P(a | state 2) = 0.2.</p>

      <fieldset className="mt-3">
        <legend className="text-slate-700">Observations y₁ … y_T (click a step to switch a ↔ b)</legend>
        <div className="mt-1 flex flex-wrap gap-1.5">
          {obs.map((y, t) => (
            <Button
              key={t}
              size="sm"
              variant="secondary"
              aria-label={`Step ${t + 1}: ${SYMBOLS[y]}. Switch to ${SYMBOLS[1 - y]}`}
              onClick={() => setObs((o) => o.map((v, s) => (s === t ? 1 - v : v)))}
            >
              <span className="tabular-nums">
                y{t + 1}={SYMBOLS[y]}
              </span>
            </Button>
          ))}
        </div>
        <div className="mt-2 flex flex-wrap gap-2">
          <Button size="sm" variant="ghost" disabled={T >= MAX_T} onClick={() => setObs((o) => [...o, 0])}>
            Add a
          </Button>
          <Button size="sm" variant="ghost" disabled={T >= MAX_T} onClick={() => setObs((o) => [...o, 1])}>
            Add b
          </Button>
          <Button size="sm" variant="ghost" disabled={T <= 1} onClick={() => setObs((o) => o.slice(0, -1))}>
            Remove last
          </Button>
        </div>
      </fieldset>

      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="mt-3 h-auto w-full"
        role="img"
        aria-label={`Trellis with 2 states and ${T} steps; the Viterbi path (${pathText}) is drawn thick. The table below lists the numbers.`}
      >
        {[0, 1].map((i) => (
          <text key={i} x={4} y={nodeY(i) + 3} fontSize="9" className="fill-slate-600">
            z={i + 1}
          </text>
        ))}
        {obs.map((y, t) => (
          <text key={t} x={nodeX(t)} y={H - 6} fontSize="10" textAnchor="middle" className="fill-slate-900">
            {SYMBOLS[y]}
          </text>
        ))}
        {obs.slice(1).map((_, s) => {
          const t = s + 1;
          return [0, 1].flatMap((i) =>
            [0, 1].map((j) => {
              const onPath = vit.path[t - 1] === i && vit.path[t] === j;
              return (
                <line
                  key={`${t}-${i}-${j}`}
                  x1={nodeX(t - 1) + R}
                  y1={nodeY(i)}
                  x2={nodeX(t) - R}
                  y2={nodeY(j)}
                  className={onPath ? "stroke-red-600" : "stroke-slate-300"}
                  strokeWidth={onPath ? 3 : 1}
                />
              );
            }),
          );
        })}
        {obs.map((_, t) =>
          [0, 1].map((i) => {
            const onPath = vit.path[t] === i;
            return (
              <g key={`${t}-${i}`}>
                <circle
                  cx={nodeX(t)}
                  cy={nodeY(i)}
                  r={R}
                  className={onPath ? "fill-red-100 stroke-red-600" : "fill-slate-50 stroke-slate-400"}
                  strokeWidth={onPath ? 2.5 : 1}
                />
                <text x={nodeX(t)} y={nodeY(i) + 3} fontSize="7" textAnchor="middle" className="fill-slate-900">
                  {fmt(alpha[t][i]).replace(/^0\./, ".")}
                </text>
              </g>
            );
          }),
        )}
      </svg>
      <p className="!my-1 text-xs text-slate-600">Each node shows α_t(i) = P(y₁…y_t, z_t = i); thick red: the Viterbi path.</p>

      <p className="!my-1 text-slate-700" aria-live="polite">
        y = ({obs.map((y) => SYMBOLS[y]).join(", ")}): likelihood P(y) = Σᵢ α_T(i) = {fmt(likelihood)}. Most probable path z* = ({pathText}) with P(y, z*) ={" "}
        {fmt(vitProb)}, which is {((100 * vitProb) / likelihood).toFixed(1)}% of P(y).
      </p>

      <TableDisclosure caption="Forward probabilities and Viterbi state per step">
        <thead>
          <tr className="border-b border-line">
            <th scope="col" className="px-1 py-1">
              t
            </th>
            <th scope="col" className="px-1 py-1">
              y_t
            </th>
            <th scope="col" className="px-1 py-1">
              α_t(1)
            </th>
            <th scope="col" className="px-1 py-1">
              α_t(2)
            </th>
            <th scope="col" className="px-1 py-1">
              Viterbi
            </th>
          </tr>
        </thead>
        <tbody>
          {obs.map((y, t) => (
            <tr key={t}>
              <th scope="row" className="px-1 py-0.5 font-normal">
                {t + 1}
              </th>
              <td className="px-1 py-0.5">{SYMBOLS[y]}</td>
              <td className="px-1 py-0.5">{fmt(alpha[t][0])}</td>
              <td className="px-1 py-0.5">{fmt(alpha[t][1])}</td>
              <td className="px-1 py-0.5">{vit.path[t] + 1}</td>
            </tr>
          ))}
        </tbody>
      </TableDisclosure>
    </figure>
  );
}
