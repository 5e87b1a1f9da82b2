"use client";
import { useId, useMemo, useState } from "react";

/**
 * Attention as soft retrieval: one 2-D query against five fixed key–value pairs. Shows the scaled
 * dot-product scores q·k/√d_k, the softmax weights as bars, and the output Σ αᵢ vᵢ. The query is set
 * with two sliders; the list below the plot is the text alternative (and is announced on change).
 */

const D_K = 2;
const ITEMS = [
  { name: "k₁", key: [2, 0], value: 10, color: "#6366f1" },
  { name: "k₂", key: [1.4, 1.4], value: 20, color: "#0891b2" },
  { name: "k₃", key: [0, 2], value: 30, color: "#16a34a" },
  { name: "k₄", key: [-2, 0], value: 40, color: "#d97706" },
  { name: "k₅", key: [0, -2], value: 50, color: "#dc2626" },
] as const;

function softmax(scores: number[]): number[] {
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

const fmt = (x: number, digits = 2) => (Object.is(Math.round(x * 10 ** digits), -0) ? 0 : x).toFixed(digits).replace("-", "−");

export function AttentionRetrieval() {
  const [q, setQ] = useState<[number, number]>([1, 0.5]);
  const baseId = useId();

  const { scores, weights, output } = useMemo(() => {
    const scores = ITEMS.map((it) => (q[0] * it.key[0] + q[1] * it.key[1]) / Math.sqrt(D_K));
    const weights = softmax(scores);
    const output = weights.reduce((acc, w, i) => acc + w * ITEMS[i].value, 0);
    return { scores, weights, output };
  }, [q]);

  const best = weights.indexOf(Math.max(...weights));
  const summary = `Query (${fmt(q[0], 1)}, ${fmt(q[1], 1)}). Largest weight ${fmt(weights[best] * 100, 0)}% on ${ITEMS[best].name}. Output ${fmt(output, 2)}.`;

  // Plot: data coordinates in [−3, 3]², SVG 0..200.
  const sx = (x: number) => 100 + (x / 3) * 90;
  const sy = (y: number) => 100 - (y / 3) * 90;

  const sliders: { label: string; index: 0 | 1 }[] = [
    { label: "Query component q₁ (horizontal)", index: 0 },
    { label: "Query component q₂ (vertical)", index: 1 },
  ];

  return (
    <figure className="my-6 rounded-xl border border-line bg-white p-4 shadow-sm" aria-labelledby={`${baseId}-title`}>
      <figcaption id={`${baseId}-title`} className="text-base font-semibold text-ink">
        Try it: a query against five keys
      </figcaption>
      <div className="mt-1 text-sm text-muted">
        Keys are 2-D (d<sub>k</sub> = 2), values are numbers. Move the query and watch the softmax weights and the output Σ α<sub>i</sub> v<sub>i</sub>.
      </div>

      <div className="mt-4 flex flex-col gap-4 sm:flex-row sm:items-start">
        <svg viewBox="0 0 200 200" className="mx-auto h-44 w-44 shrink-0 rounded-lg border border-line bg-slate-50" aria-hidden="true">
          <line x1="10" y1="100" x2="190" y2="100" className="stroke-slate-300" />
          <line x1="100" y1="10" x2="100" y2="190" className="stroke-slate-300" />
          {ITEMS.map((it, i) => (
            <g key={it.name}>
              <line
                x1="100"
                y1="100"
                x2={sx(it.key[0])}
                y2={sy(it.key[1])}
                stroke={it.color}
                strokeOpacity={0.25 + 0.75 * weights[i]}
                strokeWidth={1 + 4 * weights[i]}
              />
              <circle cx={sx(it.key[0])} cy={sy(it.key[1])} r={5} fill={it.color} />
              <text x={sx(it.key[0]) + (it.key[0] < 0 ? -16 : 6)} y={sy(it.key[1]) + (it.key[1] < 0 ? 14 : -6)} fontSize="11" className="fill-slate-700">
                {it.name}
              </text>
            </g>
          ))}
          <circle cx={sx(q[0])} cy={sy(q[1])} r={6} fill="none" className="stroke-slate-900" strokeWidth={2.5} />
          <text x={sx(q[0]) + 8} y={sy(q[1]) + 4} fontSize="11" fontWeight="bold" className="fill-slate-900">
            q
          </text>
        </svg>

        <div className="flex-1 space-y-3">
          {sliders.map(({ label, index }) => (
            <div key={index}>
              <label htmlFor={`${baseId}-q${index}`} className="flex justify-between text-sm font-medium text-ink">
                <span>{label}</span>
                <output htmlFor={`${baseId}-q${index}`} className="tabular-nums">
                  {fmt(q[index], 1)}
                </output>
              </label>
              <input
                id={`${baseId}-q${index}`}
                type="range"
                min={-3}
                max={3}
                step={0.1}
                value={q[index]}
                aria-valuetext={fmt(q[index], 1)}
                onChange={(e) => {
                  const v = Number(e.target.value);
                  setQ((old) => (index === 0 ? [v, old[1]] : [old[0], v]));
                }}
                className="w-full accent-brand-600"
              />
            </div>
          ))}
          <button type="button" onClick={() => setQ([0, 0])} className="rounded-md border border-line px-2 py-1 text-sm text-ink hover:bg-slate-50">
            Set q = 0 (uniform weights)
          </button>
        </div>
      </div>

      <table className="mt-4 w-full table-fixed text-sm">
        <caption className="sr-only">Scaled score, softmax weight and value for each key</caption>
        <thead>
          <tr className="text-left text-xs text-muted">
            <th scope="col" className="w-[22%] pb-1 font-medium">
              Key
            </th>
            <th scope="col" className="w-[18%] pb-1 font-medium">
              q·k/√2
            </th>
            <th scope="col" className="pb-1 font-medium">
              Weight α
            </th>
            <th scope="col" className="w-[14%] pb-1 text-right font-medium">
              Value
            </th>
          </tr>
        </thead>
        <tbody>
          {ITEMS.map((it, i) => (
            <tr key={it.name}>
              <th scope="row" className="py-1 text-left font-normal">
                <span className="mr-1 inline-block h-2.5 w-2.5 rounded-full" style={{ background: it.color }} aria-hidden="true" />
                {it.name}
                <span className="block text-xs text-muted tabular-nums">
                  ({fmt(it.key[0], 1)}, {fmt(it.key[1], 1)})
                </span>
              </th>
              <td className="py-1 tabular-nums">{fmt(scores[i])}</td>
              <td className="py-1">
                <div className="flex items-center gap-2">
                  <div className="h-3 flex-1 rounded bg-slate-100" aria-hidden="true">
                    <div className="h-3 rounded" style={{ width: `${(weights[i] * 100).toFixed(1)}%`, background: it.color }} />
                  </div>
                  <span className="w-11 text-right tabular-nums">{fmt(weights[i] * 100, 0)}%</span>
                </div>
              </td>
              <td className="py-1 text-right tabular-nums">{it.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="mt-3 rounded-lg bg-brand-50 px-3 py-2 text-sm text-ink">
        Output Σ α<sub>i</sub> v<sub>i</sub> = <strong className="tabular-nums">{fmt(output)}</strong>
        <span className="text-muted"> (a plain average of the values would be 30)</span>
      </div>
      <p className="sr-only" aria-live="polite">
        {summary}
      </p>
    </figure>
  );
}
