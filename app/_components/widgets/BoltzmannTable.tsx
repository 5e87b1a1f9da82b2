"use client";
import { useId, useState } from "react";
import { type BoltzmannMachine, boltzmannTable } from "@/lib/ml/sampling/boltzmann";

/**
 * An editable fully visible Boltzmann machine with three ±1 units: change the pair weights and the
 * biases and the table of H(x) = Σ_{i<j} W_ij x_i x_j + bᵀx, exp(H(x)) and p(x) = exp(H(x))/Z is
 * recomputed for all 8 states (lib/ml/sampling/boltzmann.ts's boltzmannTable). Defaults are the
 * lecture's example (Z ≈ 172.420).
 */

type Key = "w12" | "w13" | "w23" | "b1" | "b2" | "b3";

const FIELDS: { key: Key; label: string; name: string }[] = [
  { key: "w12", label: "W₁₂", name: "weight between units 1 and 2" },
  { key: "w13", label: "W₁₃", name: "weight between units 1 and 3" },
  { key: "w23", label: "W₂₃", name: "weight between units 2 and 3" },
  { key: "b1", label: "b₁", name: "bias of unit 1" },
  { key: "b2", label: "b₂", name: "bias of unit 2" },
  { key: "b3", label: "b₃", name: "bias of unit 3" },
];

const DEFAULTS: Record<Key, string> = { w12: "-1", w13: "-1", w23: "2", b1: "0", b2: "1", b3: "0" };
/** Inputs are clamped to ±LIMIT so that exp(H) stays finite (|H| ≤ 6·LIMIT). */
const LIMIT = 100;

/** The machine the six fields describe. */
function machine(p: Record<Key, number>): BoltzmannMachine {
  return {
    W: [
      [0, p.w12, p.w13],
      [p.w12, 0, p.w23],
      [p.w13, p.w23, 0],
    ],
    b: [p.b1, p.b2, p.b3],
  };
}

const minus = (s: string) => s.replace(/^-/, "−");
function num(v: number): string {
  const r = Math.round(v * 1000) / 1000;
  return minus(String(Object.is(r, -0) ? 0 : r));
}
function big(v: number): string {
  return v >= 1e6 ? v.toExponential(3).replace("e+", "e") : v.toFixed(3);
}
function prob(v: number): string {
  return v !== 0 && v < 1e-4 ? v.toExponential(1) : v.toFixed(4);
}
const state = (x: number[]) => `(${x.map((v) => (v < 0 ? "−1" : "1")).join(", ")})`;

export function BoltzmannTable() {
  const id = useId();
  const [raw, setRaw] = useState<Record<Key, string>>(DEFAULTS);

  const invalid = FIELDS.filter((f) => raw[f.key].trim() === "" || !Number.isFinite(Number(raw[f.key])));
  const params = Object.fromEntries(
    FIELDS.map((f) => {
      const v = Number(raw[f.key]);
      return [f.key, raw[f.key].trim() === "" || !Number.isFinite(v) ? 0 : Math.max(-LIMIT, Math.min(LIMIT, v))];
    }),
  ) as Record<Key, number>;
  const clamped = FIELDS.filter((f) => Math.abs(Number(raw[f.key])) > LIMIT);
  const { rows, Z: z } = boltzmannTable(machine(params));
  const best = rows.reduce((a, b) => (b.p > a.p ? b : a));
  const ties = rows.filter((r) => Math.abs(r.h - best.h) < 1e-9).length;
  const isDefault = FIELDS.every((f) => raw[f.key] === DEFAULTS[f.key]);

  return (
    <figure className="my-6 rounded-lg border border-line bg-white p-4" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="text-sm font-semibold text-ink">
        Try it: a three-unit Boltzmann machine
      </figcaption>
      <p className="!mt-1 !mb-3 text-sm text-muted">Edit the weights and biases; the table of all 8 states and the partition function Z update as you type.</p>

      <fieldset>
        <legend className="sr-only">Weights and biases</legend>
        <div className="grid grid-cols-3 gap-3">
          {FIELDS.map((f) => (
            <label key={f.key} className="block text-sm" htmlFor={`${id}-${f.key}`}>
              <span aria-hidden="true">{f.label}</span>
              <span className="sr-only">{f.name}</span>
              <input
                id={`${id}-${f.key}`}
                type="number"
                inputMode="decimal"
                step={0.5}
                min={-LIMIT}
                max={LIMIT}
                value={raw[f.key]}
                aria-invalid={invalid.includes(f) || undefined}
                onChange={(e) => setRaw((r) => ({ ...r, [f.key]: e.target.value }))}
                className="mt-1 w-full rounded-md border border-line px-2 py-1 tabular-nums"
              />
            </label>
          ))}
        </div>
      </fieldset>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button
          type="button"
          onClick={() => setRaw(DEFAULTS)}
          disabled={isDefault}
          className="inline-flex h-8 items-center rounded-md border border-line bg-white px-3 text-sm font-medium text-ink shadow-sm hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-60"
        >
          Reset to the lecture&apos;s example
        </button>
        {invalid.length > 0 && (
          <span role="alert" className="text-sm text-red-700">
            {invalid.map((f) => f.label).join(", ")}: not a number — counted as 0.
          </span>
        )}
        {clamped.length > 0 && (
          <span className="text-sm text-amber-800">
            Values are limited to ±{LIMIT} ({clamped.map((f) => f.label).join(", ")} clamped).
          </span>
        )}
      </div>

      <p className="!mt-4 !mb-2 text-sm" aria-live="polite">
        Z = <strong className="tabular-nums">{big(z)}</strong>.{" "}
        {ties > 1
          ? `${ties} states tie for most probable, each with H = ${num(best.h)} and p = ${prob(best.p)}.`
          : `Most probable state x = ${state(best.x)} with H = ${num(best.h)} and p = ${prob(best.p)}.`}
      </p>

      <div className="relative overflow-x-auto">
        <table className="w-full text-sm tabular-nums">
          <caption className="sr-only">H(x), exp(H(x)) and p(x) for the 8 states of three units in {"{−1, +1}"}, with the current weights and biases.</caption>
          <thead>
            <tr className="border-b border-line text-left">
              <th scope="col" className="px-2 py-2 font-semibold">
                x
              </th>
              <th scope="col" className="px-2 py-2 text-right font-semibold">
                H(x)
              </th>
              <th scope="col" className="px-2 py-2 text-right font-semibold">
                exp H
              </th>
              <th scope="col" className="px-2 py-2 text-right font-semibold">
                p(x)
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.x.join(",")} className={`border-b border-line/60 last:border-0 ${Math.abs(r.h - best.h) < 1e-9 ? "bg-brand-50" : ""}`}>
                <th scope="row" className="px-2 py-1.5 text-left font-normal whitespace-nowrap">
                  {state(r.x)}
                </th>
                <td className="px-2 py-1.5 text-right">{num(r.h)}</td>
                <td className="px-2 py-1.5 text-right">{big(r.expH)}</td>
                <td className="px-2 py-1.5 text-right">{prob(r.p)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
