"use client";
import { useRef, useState } from "react";
import { useLatest } from "@/app/_lib/useLatest";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { BANANA, bananaLogDensity, bananaMmd2 } from "@/lib/ml/sampling/banana";
import { type MetropolisChainLosses, MetropolisChain2d } from "@/lib/ml/sampling/metropolis-chain";
import { LIVE_THUMBNAIL_MAX_POINTS } from "@/lib/realtime/protocol";
import { HyperparameterForm, type NumberField, TrainingPanel } from "@/app/_components/trainer/TrainingPanel";
import { useTrainer } from "@/app/_components/trainer/useTrainer";
import { type ExerciseInfo, SubmitPanel } from "@/app/_components/trainer/SubmitPanel";
import {
  DEFAULT_METROPOLIS_2D_CONFIG as DEFAULTS,
  METROPOLIS_2D_SAMPLE_COUNT as SAMPLE_COUNT,
  type Metropolis2dConfig as Config,
  metropolis2dConfigSchema,
} from "./spec";

const VIEW = { x: [-7, 7], y: [-4, 10] } as const;
const SIZE_PX = 420;
const HEAT_CELLS = 70;
const LOSSES = [{ key: "acceptance", label: "Acceptance rate", stroke: "#6366f1" }];

const NUMBER_FIELDS: NumberField<Config>[] = [
  { key: "proposalStd", label: "Proposal standard deviation", step: 0.1, min: 0.01, max: 100 },
  { key: "burnIn", label: "Burn-in steps", step: 100, min: 0, max: 1_000_000 },
  { key: "thin", label: "Keep every n-th step", step: 1, min: 1, max: 1000 },
  { key: "seed", label: "Seed", step: 1, min: 0, max: 2 ** 32 - 1 },
];

/** Steps of the chain a config runs: burn-in, then `thin` steps per kept state. */
const chainSteps = (config: Config) => config.burnIn + SAMPLE_COUNT * config.thin;

function createChain(config: Config): MetropolisChain2d {
  const { proposalStd, burnIn, thin, seed } = config;
  return new MetropolisChain2d(bananaLogDensity, { samples: SAMPLE_COUNT, proposalStd, burnIn, thin }, seed);
}

/** The banana's density in indigo, then the kept states in orange. */
function draw(canvas: HTMLCanvasElement | null, kept: Float64Array | null) {
  const ctx = canvas?.getContext("2d");
  if (!ctx) return;
  const cell = SIZE_PX / HEAT_CELLS;
  const peak = bananaLogDensity(0, -BANANA.curvature * BANANA.sigmaX ** 2);
  ctx.clearRect(0, 0, SIZE_PX, SIZE_PX);
  for (let r = 0; r < HEAT_CELLS; r++) {
    for (let c = 0; c < HEAT_CELLS; c++) {
      const x = VIEW.x[0] + ((c + 0.5) / HEAT_CELLS) * (VIEW.x[1] - VIEW.x[0]);
      const y = VIEW.y[1] - ((r + 0.5) / HEAT_CELLS) * (VIEW.y[1] - VIEW.y[0]);
      const t = Math.exp(bananaLogDensity(x, y) - peak);
      ctx.fillStyle = `rgba(99, 102, 241, ${(0.05 + 0.45 * t).toFixed(3)})`;
      ctx.fillRect(c * cell, r * cell, cell, cell);
    }
  }
  if (!kept) return;
  const px = (x: number) => ((x - VIEW.x[0]) / (VIEW.x[1] - VIEW.x[0])) * SIZE_PX;
  const py = (y: number) => ((VIEW.y[1] - y) / (VIEW.y[1] - VIEW.y[0])) * SIZE_PX;
  ctx.fillStyle = "rgba(234, 88, 12, 0.55)";
  for (let i = 0; i < kept.length; i += 2) ctx.fillRect(px(kept[i]) - 1, py(kept[i + 1]) - 1, 2, 2);
}

/** What the page shows of the chain, refreshed with the visuals. */
interface ChainView {
  chain: MetropolisChain2d;
  steps: number;
  kept: number;
  acceptanceRate: number;
  phase: MetropolisChain2d["phase"];
  /** The browser's MMD² estimate, once the chain is complete. */
  mmd2: number | null;
}

/**
 * metropolis-2d: a random-walk Metropolis–Hastings chain on the banana density. The student picks the
 * proposal width, burn-in and thinning, runs the chain (step by step, or to its end) and submits 5,000 kept states.
 */
export function Metropolis2dTrainer(exercise: ExerciseInfo) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [view, setView] = useState<ChainView | null>(null);
  /** The MMD² estimate costs tens of ms: computed once per complete chain. */
  const estimate = useRef<{ chain: MetropolisChain2d; mmd2: number } | null>(null);

  const state = useTrainer<Config, MetropolisChain2d, MetropolisChainLosses>({
    courseId: exercise.courseId,
    exerciseSlug: exercise.exerciseSlug,
    engine: "js",
    defaultConfig: DEFAULTS,
    configSchema: metropolis2dConfigSchema,
    // The whole default chain: Start runs it to its end (a chain also stops there by itself: totalIterations).
    defaultBudget: chainSteps(DEFAULTS),
    create: (config) => {
      // A fresh chain's budget is its length, so that Start runs it to the end (a resumed run sets its own after this).
      setBudgetRef.current(chainSteps(config));
      return createChain(config);
    },
    onVisual: (chain) => {
      draw(canvas.current, chain.keptCount > 0 ? chain.keptSamples() : null);
      if (chain.phase === "done" && estimate.current?.chain !== chain) estimate.current = { chain, mmd2: bananaMmd2(chain.keptSamples()) };
      const mmd2 = estimate.current?.chain === chain ? estimate.current.mmd2 : null;
      setView({ chain, steps: chain.iteration, kept: chain.keptCount, acceptanceRate: chain.acceptanceRate, phase: chain.phase, mmd2 });
    },
    thumbnail: (chain) => Array.from(chain.recentStates(LIVE_THUMBNAIL_MAX_POINTS)),
  });

  const { config, setBudget, running } = state;
  const setBudgetRef = useLatest(setBudget);

  /** "Run the defaults" / "Run with these settings": a fresh chain with this config, run to its end. */
  const runChain = (chosen: Config) => void state.runFresh(chosen, chainSteps(chosen));

  // onVisual runs whenever the hook installs a chain (Reset, a resumed run), so the view is of the current one.
  const current = view;
  const complete = current?.phase === "done";
  const mmd2 = current?.mmd2 ?? null;
  const statusText = running
    ? "Running the chain…"
    : !current || current.steps === 0
      ? "Run the chain to see where it goes."
      : complete
        ? `Acceptance rate ${(100 * current.acceptanceRate).toFixed(1)}%${mmd2 !== null ? ` · estimated MMD² ${mmd2.toFixed(4)} (the server computes the real one)` : ""}. Around 20–50% acceptance usually mixes best.`
        : `Acceptance rate so far ${(100 * current.acceptanceRate).toFixed(1)}% · ${current.phase === "burn-in" ? "still burning in" : `${current.kept.toLocaleString()} of ${SAMPLE_COUNT.toLocaleString()} states kept`} after ${current.steps.toLocaleString()} of ${current.chain.totalIterations.toLocaleString()} steps.`;

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_300px]">
      <div className="space-y-6">
        <TrainingPanel
          state={state}
          losses={LOSSES}
          iterationLabel="Chain step"
          lossHelp="Accepted proposals / all proposals so far, burn-in included (what you submit). Around 0.2–0.5 is typical of a well-tuned random walk."
        />
        <Card className="p-4">
          <h2 className="font-semibold">The banana and your chain</h2>
          <p className="mt-1 text-sm text-muted">
            Target: x ~ N(0, {BANANA.sigmaX ** 2}), y | x ~ N({BANANA.curvature}(x² − {BANANA.sigmaX ** 2}), {BANANA.sigmaY ** 2}) — shaded in purple. Orange:
            the states your chain kept.
          </p>
          <div className="mt-3 overflow-x-auto">
            <canvas
              ref={canvas}
              width={SIZE_PX}
              height={SIZE_PX}
              className="w-full max-w-[420px] rounded-lg border border-line"
              role="img"
              aria-label={
                current && current.kept > 0
                  ? `Scatter of ${current.kept} chain states over the banana-shaped target density`
                  : "The banana-shaped target density"
              }
            />
          </div>
          <p className="mt-3 text-sm" aria-live="polite" data-testid="chain-status">
            {statusText}
          </p>
          <div className="mt-3 flex flex-wrap gap-2">
            <Button disabled={running || !state.ready} onClick={() => runChain(config)}>
              Run with these settings
            </Button>
            <Button variant="secondary" disabled={running || !state.ready} onClick={() => runChain(DEFAULTS)} data-testid="run-default">
              Run the defaults
            </Button>
          </div>
          <p className="mt-2 text-xs text-muted">
            Either builds a fresh chain and runs it to its end. With these settings: {chainSteps(config).toLocaleString()} steps (
            {config.burnIn.toLocaleString()} burn-in + {SAMPLE_COUNT.toLocaleString()} × {config.thin.toLocaleString()}).
          </p>
        </Card>
        <SubmitPanel
          {...exercise}
          label="Submit 5,000 states"
          description="Sends the kept states and the acceptance rate; the server compares them with exact samples of the banana."
          canSubmit={complete && !running}
          build={async () => {
            const chain = state.trainer.current;
            if (!chain || chain.phase !== "done") throw new Error("Run the chain to its end first.");
            const kept = chain.keptSamples();
            const samples: [number, number][] = [];
            for (let i = 0; i < kept.length; i += 2) samples.push([kept[i], kept[i + 1]]);
            const { proposalStd, burnIn, thin } = chain.options;
            return { body: { samples, acceptanceRate: chain.acceptanceRate }, config: { proposalStd, burnIn, thin, seed: chain.seed } };
          }}
        />
      </div>
      <HyperparameterForm<Config> state={state} numbers={NUMBER_FIELDS} budgetStep={1000} />
    </div>
  );
}
