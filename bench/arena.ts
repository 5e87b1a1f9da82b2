// `npm run bench:arena`: the sample arena's arithmetic at a department's scale, as a scoring thread runs it.
// One JSON line per figure:
//   {"bench":"arena","figure":"fit","method":"newman"|"mm"|"newton","entries":500,"votes":20000,"p50_ms":…,"max_ms":…,"ratio_to_mm":…}
//   {"bench":"arena","figure":"bootstrap","replicates":200,…,"p50_ms":…}
//   {"bench":"arena","figure":"server-fit",…}: fitArena as the server calls it (fit, standard errors, bootstrap intervals)
//   {"bench":"arena","figure":"choose-pair","entries":500,"p50_ms":…,"max_ms":…}: per call (timed over 100 calls)
// Votes are drawn from a Bradley–Terry model with known strengths (10% ties), seeded. Each figure
// is the median of 5 runs after a warm-up; ratio_to_mm compares each fit with Hunter's MM algorithm
// measured in the same run (the textbook method, the baseline). `--entries N --votes V` change the scale.
import { parseArgs } from "node:util";
import {
  aggregateVotes,
  type ArenaVote,
  bootstrapIntervals,
  fitBradleyTerryMM,
  fitBradleyTerryNewman,
  fitBradleyTerryNewton,
} from "@/lib/ml/arena/bradley-terry";
import { ARENA_PRIOR, fitArena } from "@/lib/ml/arena/fit";
import { choosePair } from "@/lib/ml/arena/pairs";
import { gaussian, mulberry32 } from "@/lib/ml/random";
import { ARENA_LIMITS } from "@/lib/arena/types";
import { quantile } from "./stats";

const { values } = parseArgs({ options: { entries: { type: "string", default: "500" }, votes: { type: "string", default: "20000" } } });
const ENTRIES = Number(values.entries);
const VOTES = Number(values.votes);
const RUNS = 5;

const rng = mulberry32(20261208);
const truth = Array.from({ length: ENTRIES }, () => gaussian(rng));
const votes: ArenaVote[] = Array.from({ length: VOTES }, () => {
  const a = Math.floor(rng() * ENTRIES);
  let b = Math.floor(rng() * (ENTRIES - 1));
  if (b >= a) b++;
  const p = 1 / (1 + Math.exp(truth[b] - truth[a]));
  const u = rng();
  return { a, b, outcome: u < 0.1 ? "TIE" : u < 0.1 + 0.9 * p ? "A" : "B" };
});

function time(run: () => unknown) {
  run(); // warm-up: the JIT, and the first allocation of the typed arrays
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    run();
    ms.push(performance.now() - t0);
  }
  return { p50_ms: Math.round(quantile(ms, 0.5)! * 10) / 10, max_ms: Math.round(Math.max(...ms) * 10) / 10 };
}

const emit = (line: Record<string, unknown>) => console.log(JSON.stringify({ bench: "arena", entries: ENTRIES, votes: VOTES, ...line }));

const aggregated = aggregateVotes(ENTRIES, votes);
const fits = {
  mm: time(() => fitBradleyTerryMM(ENTRIES, aggregated, { prior: ARENA_PRIOR })),
  newman: time(() => fitBradleyTerryNewman(ENTRIES, aggregated, { prior: ARENA_PRIOR })),
  newton: time(() => fitBradleyTerryNewton(ENTRIES, aggregated, { prior: ARENA_PRIOR })),
};
for (const [method, figure] of Object.entries(fits))
  emit({ figure: "fit", method, ...figure, ratio_to_mm: Math.round((figure.p50_ms / fits.mm.p50_ms) * 100) / 100 });

const full = fitBradleyTerryNewman(ENTRIES, aggregated, { prior: ARENA_PRIOR });
emit({
  figure: "bootstrap",
  replicates: ARENA_LIMITS.bootstrapReplicates,
  ...time(() => bootstrapIntervals(ENTRIES, votes, { replicates: ARENA_LIMITS.bootstrapReplicates, seed: 1, prior: ARENA_PRIOR, initial: full.strengths })),
});

const input = {
  entries: ENTRIES,
  a: Int32Array.from(votes, (v) => v.a),
  b: Int32Array.from(votes, (v) => v.b),
  outcome: Uint8Array.from(votes, (v) => (v.outcome === "A" ? 0 : v.outcome === "B" ? 1 : 2)),
  seed: 1,
};
emit({ figure: "server-fit", replicates: 0, ...time(() => fitArena({ ...input, replicates: 0 })) });
emit({
  figure: "server-fit",
  replicates: ARENA_LIMITS.bootstrapReplicates,
  ...time(() => fitArena({ ...input, replicates: ARENA_LIMITS.bootstrapReplicates })),
});

const quick = fitArena({ ...input, replicates: 0 });
const entries = truth.map((_, i) => ({ id: `e${i}`, authorId: `u${i}` }));
const hundredCalls = time(() => {
  for (let k = 0; k < 100; k++) {
    choosePair({ entries, strengths: quick.strengths, uncertainty: quick.standardErrors, voterId: `u${k}`, judged: new Set(), random: rng });
  }
});
// Per call: a voter asking for their next pair.
emit({ figure: "choose-pair", p50_ms: Math.round(hundredCalls.p50_ms * 10) / 1000, max_ms: Math.round(hundredCalls.max_ms * 10) / 1000 });
