"use client";
import { useState } from "react";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { TrainingPanel } from "@/app/_components/trainer/TrainingPanel";
import { useTrainer } from "@/app/_components/trainer/useTrainer";
import { LECTURE_BM, stateCounts } from "@/lib/ml/sampling/boltzmann";
import { klDivergence, normalize, tvDistance } from "@/lib/ml/sampling/discrete";
import { GibbsChain, type GibbsChainLosses } from "@/lib/ml/sampling/gibbs-chain";
import { type ExerciseInfo, SubmitPanel } from "@/app/_components/trainer/SubmitPanel";
import {
  DEFAULT_GIBBS_BM_CONFIG as DEFAULT_CONFIG,
  GIBBS_BM_EXACT as EXACT,
  GIBBS_BM_MAX_BURN_IN as MAX_BURN_IN,
  GIBBS_BM_MAX_THIN as MAX_THIN,
  GIBBS_BM_SAMPLE_COUNT as SAMPLE_COUNT,
  GIBBS_BM_UNITS as UNITS,
  type GibbsBmConfig,
  gibbsBmConfigSchema,
} from "./spec";

const LOSSES = [
  { key: "tv", label: "TV distance", stroke: "#6366f1" },
  { key: "kl", label: "KL(q‖p), nats", stroke: "#ea580c" },
];

const fmtState = (x: number[]) => `(${x.map((v) => (v > 0 ? "+1" : "−1")).join(", ")})`;
const totalSweeps = (c: GibbsBmConfig) => c.burnIn + SAMPLE_COUNT * c.thin;

function parseInt0(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const v = Number(text);
  return Number.isSafeInteger(v) && v >= min && v <= max ? v : null;
}

/** What the page draws of the chain: taken after a frame, a step, a reset or a restored run. */
interface ChainView {
  sweeps: number;
  kept: number;
  phase: GibbsChain["phase"];
  counts: number[];
  config: GibbsBmConfig;
}

function viewOf(t: GibbsChain): ChainView {
  const { burnIn, thin, seed } = t.config;
  return { sweeps: t.iteration, kept: t.keptCount, phase: t.phase, counts: t.stateCounts(), config: { burnIn, thin, seed } };
}

/**
 * Gibbs sampling of the lecture's 3-unit Boltzmann machine with the shared trainer (a GibbsChain: one
 * step is one sweep); the kept states' frequencies are compared with the exact p(x) and the 10,000
 * states are submitted.
 */
export function GibbsBmTrainer(exercise: ExerciseInfo) {
  const [view, setView] = useState<ChainView | null>(null);
  const state = useTrainer<GibbsBmConfig, GibbsChain, GibbsChainLosses>({
    courseId: exercise.courseId,
    exerciseSlug: exercise.exerciseSlug,
    engine: "js",
    defaultConfig: DEFAULT_CONFIG,
    configSchema: gibbsBmConfigSchema,
    defaultBudget: totalSweeps(DEFAULT_CONFIG),
    visualEvery: 3,
    create: (config) => new GibbsChain(LECTURE_BM, { ...config, samples: SAMPLE_COUNT }),
    onVisual: (t) => setView(viewOf(t)),
  });
  // A run: a fresh chain with the form's config, run to its end.
  const runWith = (next: GibbsBmConfig) => state.runFresh(next, totalSweeps(next));

  // A new config (a run's, a fork link's, a restored run's): the budget becomes the chain's length, burn-in +
  // 10,000 × thin sweeps, and the form shows it. Adjusted while rendering, React's way to derive state from state.
  const [burnInText, setBurnInText] = useState(String(DEFAULT_CONFIG.burnIn));
  const [thinText, setThinText] = useState(String(DEFAULT_CONFIG.thin));
  const [seedText, setSeedText] = useState(String(DEFAULT_CONFIG.seed));
  const { config, setBudget } = state;
  const [shownConfig, setShownConfig] = useState(config);
  if (shownConfig !== config) {
    setShownConfig(config);
    setBudget(totalSweeps(config));
    setBurnInText(String(config.burnIn));
    setThinText(String(config.thin));
    setSeedText(String(config.seed));
  }

  const burnIn = parseInt0(burnInText, 0, MAX_BURN_IN);
  const thin = parseInt0(thinText, 1, MAX_THIN);
  const seed = parseInt0(seedText, 0, 2 ** 32 - 1);
  const valid = burnIn !== null && thin !== null && seed !== null;
  const running = state.running;

  const kept = view?.kept ?? 0;
  const q = view && kept > 0 ? normalize(view.counts) : null;
  const kl = q ? klDivergence(q, EXACT.p) : null;
  const tv = q ? tvDistance(q, EXACT.p) : null;
  const maxP = Math.max(...EXACT.p, ...(q ? Array.from(q) : []));
  const finished = view?.phase === "done" && kept === SAMPLE_COUNT && !running;
  const totalTyped = valid ? burnIn + SAMPLE_COUNT * thin : null;

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_320px]">
      <div className="min-w-0 space-y-6">
        <Card className="p-4">
          <h2 className="font-semibold">Run the Gibbs sampler</h2>
          <p className="mt-1 text-sm text-muted">
            One sweep resamples x₁, x₂, x₃ in turn from p(xᵢ = +1 | rest) = σ(2(Σⱼ Wᵢⱼ xⱼ + bᵢ)). The first sweeps are discarded (burn-in); after that every
            thin-th sweep is kept until {SAMPLE_COUNT.toLocaleString("en")} states are collected. The chain starts at (−1, −1, −1).
          </p>
          <div className="mt-3 grid gap-3 sm:grid-cols-3">
            <label className="text-sm">
              <span className="block font-medium">Burn-in (sweeps)</span>
              <input
                type="number"
                inputMode="numeric"
                min={0}
                max={MAX_BURN_IN}
                step={1}
                value={burnInText}
                onChange={(e) => setBurnInText(e.target.value)}
                disabled={running}
                aria-invalid={burnIn === null}
                aria-describedby="gibbs-config-help"
                className="mt-1 w-full rounded-md border border-line px-2 py-1 font-mono"
              />
            </label>
            <label className="text-sm">
              <span className="block font-medium">Thinning (sweeps per kept state)</span>
              <input
                type="number"
                inputMode="numeric"
                min={1}
                max={MAX_THIN}
                step={1}
                value={thinText}
                onChange={(e) => setThinText(e.target.value)}
                disabled={running}
                aria-invalid={thin === null}
                aria-describedby="gibbs-config-help"
                className="mt-1 w-full rounded-md border border-line px-2 py-1 font-mono"
              />
            </label>
            <label className="text-sm">
              <span className="block font-medium">Seed</span>
              <input
                type="number"
                inputMode="numeric"
                min={0}
                step={1}
                value={seedText}
                onChange={(e) => setSeedText(e.target.value)}
                disabled={running}
                aria-invalid={seed === null}
                aria-describedby="gibbs-config-help"
                className="mt-1 w-full rounded-md border border-line px-2 py-1 font-mono"
              />
            </label>
          </div>
          <p id="gibbs-config-help" className={`mt-2 text-xs ${valid ? "text-muted" : "text-red-700"}`}>
            {valid
              ? `${totalTyped!.toLocaleString("en")} sweeps in all (burn-in + ${SAMPLE_COUNT.toLocaleString("en")} × thin).`
              : `Burn-in must be a whole number from 0 to ${MAX_BURN_IN.toLocaleString("en")}, thinning from 1 to ${MAX_THIN}, the seed from 0 to 2³² − 1.`}
          </p>
          <div className="mt-3 flex flex-wrap gap-2">
            <Button data-testid="run-default" disabled={running || !state.ready} onClick={() => void runWith(DEFAULT_CONFIG)}>
              Run with defaults (burn-in {DEFAULT_CONFIG.burnIn}, thin {DEFAULT_CONFIG.thin})
            </Button>
            <Button
              variant="secondary"
              disabled={running || !state.ready || !valid}
              onClick={() => burnIn !== null && thin !== null && seed !== null && void runWith({ burnIn, thin, seed })}
            >
              Run with these settings
            </Button>
          </div>
          <p className="mt-2 text-xs text-muted">Each run starts a new chain; Pause, Step and Reset below act on the chain of the last run.</p>
          <label htmlFor="gibbs-progress" className="mt-3 block text-xs text-muted">
            Kept states
          </label>
          <progress id="gibbs-progress" className="mt-1 h-2 w-full accent-brand-600" value={kept} max={SAMPLE_COUNT} />
          <p className="mt-1 text-sm" aria-live="polite" data-testid="gibbs-status">
            {(!view || view.sweeps === 0) && "Not run yet."}
            {view &&
              view.sweeps > 0 &&
              view.phase === "burn-in" &&
              (running ? "Burning in…" : `Paused in the burn-in, at sweep ${view.sweeps.toLocaleString("en")}.`)}
            {view &&
              view.phase === "sampling" &&
              view.sweeps > 0 &&
              `${running ? "Sampling" : "Paused"}: ${kept.toLocaleString("en")} of ${SAMPLE_COUNT.toLocaleString("en")} states kept${running ? "…" : "."}`}
            {view?.phase === "done" &&
              `Done: ${kept.toLocaleString("en")} states (burn-in ${view.config.burnIn}, thin ${view.config.thin}, seed ${view.config.seed}).`}
          </p>
        </Card>

        <TrainingPanel
          state={state}
          losses={LOSSES}
          iterationLabel="Sweep"
          lossHelp="Over the states kept so far: TV = ½ Σₓ |q(x) − p(x)|, KL(q‖p) = Σₓ q(x) ln(q(x)/p(x)) in nats (≈ 0.00035 is typical of 10,000 independent draws). Nothing is kept during the burn-in."
        />

        <Card className="p-4">
          <h2 className="font-semibold">Empirical frequencies vs exact p(x)</h2>
          <p className="mt-1 text-sm text-muted">
            {kl !== null && tv !== null ? (
              <>
                Estimated in your browser: KL(q‖p) = <span className="font-mono">{kl.toFixed(5)}</span> nats, TV ={" "}
                <span className="font-mono">{tv.toFixed(4)}</span> (≈ 0.00035 nats is typical of 10,000 independent draws).
              </>
            ) : (
              "Run the sampler to see how often each state is visited."
            )}
          </p>
          <div className="mt-2 flex flex-wrap gap-4 text-xs" aria-hidden="true">
            <span className="flex items-center gap-1">
              <span className="inline-block h-2 w-4 bg-slate-400" /> exact p(x)
            </span>
            <span className="flex items-center gap-1">
              <span className="inline-block h-2 w-4 bg-brand-600" /> empirical q(x)
            </span>
          </div>
          <div className="overflow-x-auto">
            <table className="mt-2 w-full min-w-[300px] text-sm" data-testid="gibbs-frequencies">
              <caption className="sr-only">Exact probability and empirical frequency of each of the 8 states</caption>
              <thead>
                <tr className="text-left text-xs text-muted">
                  <th scope="col" className="py-1 pr-2 font-medium">
                    state x
                  </th>
                  <th scope="col" className="py-1 pr-2 font-medium">
                    p(x)
                  </th>
                  <th scope="col" className="py-1 pr-2 font-medium">
                    q(x)
                  </th>
                  <th scope="col" className="w-1/2 py-1 font-medium">
                    <span className="sr-only">bars</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {EXACT.states.map((x, k) => (
                  <tr key={k} className="font-mono tabular-nums">
                    <th scope="row" className="py-1 pr-2 text-left font-normal whitespace-nowrap">
                      {fmtState(x)}
                    </th>
                    <td className="py-1 pr-2">{EXACT.p[k].toFixed(4)}</td>
                    <td className="py-1 pr-2">{q ? q[k].toFixed(4) : "—"}</td>
                    <td className="py-1" aria-hidden="true">
                      <div className="h-2 bg-slate-400" style={{ width: `${(100 * EXACT.p[k]) / maxP}%` }} />
                      <div className="mt-0.5 h-2 bg-brand-600" style={{ width: `${q ? (100 * q[k]) / maxP : 0}%` }} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>

        <SubmitPanel
          {...exercise}
          label="Submit 10,000 states"
          description="Submits the kept states with the burn-in, thinning and seed; the server compares their frequencies with the exact p(x)."
          canSubmit={finished}
          build={async () => {
            const t = state.trainer.current;
            if (!t || t.keptCount !== SAMPLE_COUNT) throw new Error("Run the chain until it has kept 10,000 states.");
            const s = t.keptStates();
            const body = { samples: Array.from({ length: SAMPLE_COUNT }, (_, i) => [s[3 * i], s[3 * i + 1], s[3 * i + 2]]) };
            return { body, config: viewOf(t).config };
          }}
          estimate={(body) => {
            const list = (body as { samples: number[][] }).samples;
            const qq = normalize(stateCounts(list.flat(), UNITS));
            return { klEmpiricalToExact: klDivergence(qq, EXACT.p), tvDistance: tvDistance(qq, EXACT.p) };
          }}
        />
      </div>
      <Card className="h-fit p-4">
        <h2 className="font-semibold">The Boltzmann machine</h2>
        <p className="mt-1 text-xs text-muted">
          E(x) = −Σ<sub>i&lt;j</sub> W<sub>ij</sub> xᵢ xⱼ − bᵀx, p(x) = e<sup>−E(x)</sup>/Z, Z = {EXACT.Z.toFixed(3)}, xᵢ ∈ {"{−1, +1}"}.
        </p>
        <table className="mt-3 w-full text-center font-mono text-sm">
          <caption className="text-left text-xs text-muted">Couplings W (symmetric, zero diagonal)</caption>
          <thead>
            <tr className="text-xs text-muted">
              <th scope="col">
                <span className="sr-only">row</span>
              </th>
              {[1, 2, 3].map((j) => (
                <th key={j} scope="col">
                  x{j}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {LECTURE_BM.W.map((row, i) => (
              <tr key={i}>
                <th scope="row" className="text-xs text-muted">
                  x{i + 1}
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
        <table className="mt-3 w-full text-center font-mono text-sm">
          <caption className="text-left text-xs text-muted">Biases b</caption>
          <thead>
            <tr className="text-xs text-muted">
              {[1, 2, 3].map((j) => (
                <th key={j} scope="col">
                  b{j}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {LECTURE_BM.b.map((v, i) => (
                <td key={i} className="py-1">
                  {v}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </Card>
    </div>
  );
}
