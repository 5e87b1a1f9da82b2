"use client";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { exactDistribution, gibbsSample, LECTURE_BM, stateCounts } from "@/lib/ml/sampling/boltzmann";
import { klDivergence, normalize, tvDistance } from "@/lib/ml/sampling/discrete";
import { mulberry32 } from "@/lib/ml/random";
import { type ExerciseInfo, SubmitPanel } from "./SubmitPanel";

/** Mirrors lib/exercises/gibbs-bm.ts (runtime values from lib/exercises must not reach the browser). */
const SAMPLE_COUNT = 10_000;
const UNITS = 3;
const DEFAULT_CONFIG = { burnIn: 1000, thin: 10, seed: 1 };
const MAX_BURN_IN = 1_000_000;
const MAX_THIN = 1000;
const EXACT = exactDistribution(LECTURE_BM);
/** Kept states per animation frame. */
const CHUNK = 500;

const fmtState = (x: number[]) => `(${x.map((v) => (v > 0 ? "+1" : "−1")).join(", ")})`;

function parseInt0(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const v = Number(text);
  return Number.isSafeInteger(v) && v >= min && v <= max ? v : null;
}

/**
 * Gibbs sampling of the lecture's 3-unit Boltzmann machine, in animation-frame chunks; the kept
 * states' frequencies are compared with the exact p(x) and the 10,000 states are submitted.
 */
export function GibbsBmTrainer(exercise: ExerciseInfo) {
  const [burnInText, setBurnInText] = useState(String(DEFAULT_CONFIG.burnIn));
  const [thinText, setThinText] = useState(String(DEFAULT_CONFIG.thin));
  const [seedText, setSeedText] = useState(String(DEFAULT_CONFIG.seed));
  const burnIn = parseInt0(burnInText, 0, MAX_BURN_IN);
  const thin = parseInt0(thinText, 1, MAX_THIN);
  const seed = parseInt0(seedText, 0, 2 ** 32 - 1);
  const valid = burnIn !== null && thin !== null && seed !== null;

  const [kept, setKept] = useState(0);
  const [running, setRunning] = useState(false);
  const [phase, setPhase] = useState<"idle" | "burn-in" | "sampling" | "done">("idle");
  const samples = useRef<Int8Array>(new Int8Array(0));
  const runConfig = useRef(DEFAULT_CONFIG);
  const frame = useRef<number | null>(null);

  useEffect(() => () => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
  }, []);

  const start = (config: { burnIn: number; thin: number; seed: number }) => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    runConfig.current = config;
    const out = new Int8Array(UNITS * SAMPLE_COUNT);
    samples.current = out;
    const rng = mulberry32(config.seed);
    let state: number[] = new Array<number>(UNITS).fill(-1);
    let done = 0;
    let burnt = 0;
    setKept(0);
    setRunning(true);
    setPhase(config.burnIn > 0 ? "burn-in" : "sampling");
    // Chunks continue the same chain and random stream, so the result equals one gibbsSample call.
    const tick = () => {
      const t0 = performance.now();
      while (performance.now() - t0 < 12) {
        if (burnt < config.burnIn) {
          const sweeps = Math.min(20_000, config.burnIn - burnt);
          const last = gibbsSample(LECTURE_BM, { samples: 1, burnIn: sweeps - 1, thin: 1, start: state }, rng);
          state = Array.from(last);
          burnt += sweeps;
          if (burnt >= config.burnIn) setPhase("sampling");
          continue;
        }
        const k = Math.min(Math.max(1, Math.floor(CHUNK / Math.max(1, config.thin / 10))), SAMPLE_COUNT - done);
        const chunk = gibbsSample(LECTURE_BM, { samples: k, burnIn: 0, thin: config.thin, start: state }, rng);
        out.set(chunk, UNITS * done);
        state = Array.from(chunk.subarray(UNITS * (k - 1)));
        done += k;
        if (done >= SAMPLE_COUNT) break;
      }
      setKept(done);
      if (done >= SAMPLE_COUNT) {
        frame.current = null;
        setRunning(false);
        setPhase("done");
      } else {
        frame.current = requestAnimationFrame(tick);
      }
    };
    frame.current = requestAnimationFrame(tick);
  };

  const stop = () => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    frame.current = null;
    setRunning(false);
    setPhase("idle");
    setKept(0);
  };

  const counts = stateCounts(samples.current.subarray(0, UNITS * kept), UNITS);
  const q = kept > 0 ? normalize(counts) : null;
  const kl = q ? klDivergence(q, EXACT.p) : null;
  const tv = q ? tvDistance(q, EXACT.p) : null;
  const maxP = Math.max(...EXACT.p, ...(q ? Array.from(q) : []));
  const finished = phase === "done" && kept === SAMPLE_COUNT;
  const totalSweeps = valid ? burnIn + SAMPLE_COUNT * thin : null;

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
              ? `${totalSweeps!.toLocaleString("en")} sweeps in all (burn-in + ${SAMPLE_COUNT.toLocaleString("en")} × thin).`
              : `Burn-in must be a whole number from 0 to ${MAX_BURN_IN.toLocaleString("en")}, thinning from 1 to ${MAX_THIN}, the seed from 0 to 2³² − 1.`}
          </p>
          <div className="mt-3 flex flex-wrap gap-2">
            <Button
              data-testid="run-default"
              disabled={running}
              onClick={() => {
                setBurnInText(String(DEFAULT_CONFIG.burnIn));
                setThinText(String(DEFAULT_CONFIG.thin));
                setSeedText(String(DEFAULT_CONFIG.seed));
                start(DEFAULT_CONFIG);
              }}
            >
              Run with defaults (burn-in {DEFAULT_CONFIG.burnIn}, thin {DEFAULT_CONFIG.thin})
            </Button>
            <Button variant="secondary" disabled={running || !valid} onClick={() => valid && start({ burnIn, thin, seed })}>
              Run with these settings
            </Button>
            {running && (
              <Button variant="secondary" onClick={stop}>
                Stop
              </Button>
            )}
          </div>
          <label htmlFor="gibbs-progress" className="mt-3 block text-xs text-muted">
            Kept states
          </label>
          <progress id="gibbs-progress" className="mt-1 h-2 w-full accent-brand-600" value={kept} max={SAMPLE_COUNT} />
          <p className="mt-1 text-sm" aria-live="polite" data-testid="gibbs-status">
            {phase === "idle" && "Not run yet."}
            {phase === "burn-in" && "Burning in…"}
            {phase === "sampling" && `Sampling: ${kept.toLocaleString("en")} of ${SAMPLE_COUNT.toLocaleString("en")} states kept…`}
            {phase === "done" &&
              `Done: ${kept.toLocaleString("en")} states (burn-in ${runConfig.current.burnIn}, thin ${runConfig.current.thin}, seed ${runConfig.current.seed}).`}
          </p>
        </Card>

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
            const s = samples.current;
            const body = { samples: Array.from({ length: SAMPLE_COUNT }, (_, i) => [s[3 * i], s[3 * i + 1], s[3 * i + 2]]) };
            return { body, config: { ...runConfig.current } };
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
