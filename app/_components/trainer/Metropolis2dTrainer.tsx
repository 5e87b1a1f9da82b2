"use client";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { BANANA, bananaLogDensity, bananaMmd2, metropolisHastings2d, type MetropolisResult } from "@/lib/ml/sampling/banana";
import { mulberry32 } from "@/lib/ml/random";
import { type ExerciseInfo, SubmitPanel } from "./SubmitPanel";

/** Mirrors lib/exercises/metropolis-2d.ts (pages may not import exercise files at run time). */
const SAMPLE_COUNT = 5000;
const DEFAULTS = { proposalStd: 1.5, burnIn: 1000, thin: 10, seed: 1 };
const VIEW = { x: [-7, 7], y: [-4, 10] } as const;
const SIZE_PX = 420;
const HEAT_CELLS = 70;

type Config = typeof DEFAULTS;

function draw(canvas: HTMLCanvasElement | null, result: MetropolisResult | null) {
  const ctx = canvas?.getContext("2d");
  if (!ctx) return;
  const cell = SIZE_PX / HEAT_CELLS;
  const peak = bananaLogDensity(0, -BANANA.curvature * BANANA.sigmaX ** 2);
  for (let r = 0; r < HEAT_CELLS; r++) {
    for (let c = 0; c < HEAT_CELLS; c++) {
      const x = VIEW.x[0] + ((c + 0.5) / HEAT_CELLS) * (VIEW.x[1] - VIEW.x[0]);
      const y = VIEW.y[1] - ((r + 0.5) / HEAT_CELLS) * (VIEW.y[1] - VIEW.y[0]);
      const t = Math.exp(bananaLogDensity(x, y) - peak);
      ctx.fillStyle = `rgba(79, 70, 229, ${(0.05 + 0.45 * t).toFixed(3)})`;
      ctx.fillRect(c * cell, r * cell, cell, cell);
    }
  }
  if (!result) return;
  const px = (x: number) => ((x - VIEW.x[0]) / (VIEW.x[1] - VIEW.x[0])) * SIZE_PX;
  const py = (y: number) => ((VIEW.y[1] - y) / (VIEW.y[1] - VIEW.y[0])) * SIZE_PX;
  ctx.fillStyle = "rgba(234, 88, 12, 0.55)";
  for (let i = 0; i < result.samples.length; i += 2) ctx.fillRect(px(result.samples[i]) - 1, py(result.samples[i + 1]) - 1, 2, 2);
}

/**
 * metropolis-2d: a random-walk Metropolis–Hastings chain on the banana density. The student picks the
 * proposal width, burn-in and thinning, runs the chain and submits 5,000 kept states.
 */
export function Metropolis2dTrainer(exercise: ExerciseInfo) {
  const [config, setConfig] = useState<Config>(DEFAULTS);
  const [result, setResult] = useState<MetropolisResult | null>(null);
  const [running, setRunning] = useState(false);
  const [estimate, setEstimate] = useState<number | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => draw(canvas.current, result), [result]);

  const run = async (chosen: Config) => {
    setConfig(chosen);
    setRunning(true);
    // Let the "Running…" state paint before the chain (tens of milliseconds at the defaults) runs.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const chain = metropolisHastings2d(bananaLogDensity, { samples: SAMPLE_COUNT, proposalStd: chosen.proposalStd, burnIn: chosen.burnIn, thin: chosen.thin }, mulberry32(chosen.seed));
    setResult(chain);
    setEstimate(bananaMmd2(chain.samples));
    setRunning(false);
  };

  const field = (key: keyof Config, label: string, step: number, min: number, max: number) => (
    <label className="block text-sm">
      <span>{label}</span>
      <input
        type="number"
        className="mt-1 w-full rounded-md border border-line px-2 py-1"
        value={config[key]}
        step={step}
        min={min}
        max={max}
        disabled={running}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isFinite(v)) setConfig((c) => ({ ...c, [key]: v }));
        }}
      />
    </label>
  );

  const steps = config.burnIn + SAMPLE_COUNT * config.thin;
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_300px]">
      <div className="space-y-6">
        <Card className="p-4">
          <h2 className="font-semibold">The banana and your chain</h2>
          <p className="mt-1 text-sm text-muted">
            Target: x ~ N(0, {BANANA.sigmaX ** 2}), y | x ~ N({BANANA.curvature}(x² − {BANANA.sigmaX ** 2}), {BANANA.sigmaY ** 2}) — shaded in purple. Orange: the states your chain kept.
          </p>
          <div className="mt-3 overflow-x-auto">
            <canvas ref={canvas} width={SIZE_PX} height={SIZE_PX} className="w-full max-w-[420px] rounded-lg border border-line" role="img" aria-label={result ? `Scatter of ${SAMPLE_COUNT} chain states over the banana-shaped target density` : "The banana-shaped target density"} />
          </div>
          <p className="mt-3 text-sm" aria-live="polite" data-testid="chain-status">
            {running
              ? "Running the chain…"
              : result
                ? `Acceptance rate ${(100 * result.acceptanceRate).toFixed(1)}% · estimated MMD² ${estimate?.toFixed(4)} (the server computes the real one). Around 20–50% acceptance usually mixes best.`
                : "Run the chain to see where it goes."}
          </p>
        </Card>
        <SubmitPanel
          {...exercise}
          label="Submit 5,000 states"
          description="Sends the kept states and the acceptance rate; the server compares them with exact samples of the banana."
          canSubmit={result !== null && !running}
          build={async () => {
            if (!result) throw new Error("Run the chain first.");
            const samples: [number, number][] = [];
            for (let i = 0; i < result.samples.length; i += 2) samples.push([result.samples[i], result.samples[i + 1]]);
            return { body: { samples, acceptanceRate: result.acceptanceRate }, config };
          }}
        />
      </div>
      <Card className="h-fit p-4">
        <h2 className="font-semibold">Sampler settings</h2>
        <form
          className="mt-3 space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            void run(config);
          }}
        >
          {field("proposalStd", "Proposal standard deviation", 0.1, 0.01, 100)}
          {field("burnIn", "Burn-in steps", 100, 0, 1_000_000)}
          {field("thin", "Keep every n-th step", 1, 1, 1000)}
          {field("seed", "Seed", 1, 0, 2 ** 32 - 1)}
          <p className="text-xs text-muted">Chain length: {steps.toLocaleString()} steps.</p>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={running}>
              Run with these settings
            </Button>
            <Button variant="secondary" disabled={running} onClick={() => void run(DEFAULTS)} data-testid="run-default">
              Run the defaults
            </Button>
          </div>
        </form>
      </Card>
    </div>
  );
}
