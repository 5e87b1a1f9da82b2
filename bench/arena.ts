// `npm run bench:arena`: the sample arena's arithmetic at a department's scale, as a scoring thread runs it.
// One JSON line per figure:
//   {"bench":"arena","figure":"fit","method":"newman"|"mm"|"newton","entries":500,"votes":20000,"p50_ms":…,"max_ms":…,"ratio_to_mm":…}
//   {"bench":"arena","figure":"bootstrap","replicates":200,…,"p50_ms":…}
//   {"bench":"arena","figure":"server-fit",…}: fitArena as the server calls it (fit, standard errors, bootstrap intervals)
//   {"bench":"arena","figure":"choose-pair","entries":500,"p50_ms":…,"max_ms":…}: per call (timed over 100 calls)
//   {"bench":"arena","figure":"simulated-class","entries":30,"votes":…,"tau_metric":…,"tau_people":…}: see the end of this file
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
import { kendallTauB } from "@/lib/ml/arena/kendall";
import { choosePair, pairKey } from "@/lib/ml/arena/pairs";
import { ringCentres } from "@/lib/ml/datasets/ring";
import { scoreRingSamples } from "@/lib/ml/metrics/ring";
import { EXERCISE_SPECS } from "@/exercises/specs";
import { rankKeysOf } from "@/lib/exercises/ranking";
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

// ── A simulated class ─────────────────────────────────────────────────────────────────────────
// 30 gan-ring generators that differ in what the metric ranks first (modes covered) and in what a
// person sees at once (samples sprayed off the ring, blur). Each set is scored by the server's own
// scorer; simulated people prefer clean, sharp rings and notice a missing mode only a little. 600
// votes go through the server's pair chooser (refitted every 50 votes, as the server's cache does),
// each drawn from a Bradley–Terry model of the people's view. tau_metric: Kendall's τ between the
// arena's ratings and the metric's ranks; tau_people: between the ratings and the people's view.
const CLASS = 30;
const classRng = mulberry32(7);
const generators = Array.from({ length: CLASS }, () => ({
  modes: 6 + Math.floor(classRng() * 3),
  sprayed: classRng() * 0.3,
  blur: 0.005 + classRng() * 0.04,
}));
const centres = ringCentres();
const classScores = generators.map(({ modes, sprayed, blur }) => {
  const points = new Float32Array(4000);
  for (let i = 0; i < 2000; i++) {
    const [cx, cy] = centres[i % modes];
    const off = classRng() < sprayed;
    points[2 * i] = off ? (classRng() - 0.5) * 5 : cx + blur * gaussian(classRng);
    points[2 * i + 1] = off ? (classRng() - 0.5) * 5 : cy + blur * gaussian(classRng);
  }
  return scoreRingSamples(points);
});
const ganRing = EXERCISE_SPECS.find((e) => e.slug === "gan-ring")!;
const keys = classScores.map((m) => rankKeysOf(ganRing, m));
const metricOrder = keys.map((_, i) => i).sort((a, b) => compareKeys(keys[a], keys[b]));
const metricRank = new Float64Array(CLASS);
metricOrder.forEach((entry, k) => (metricRank[entry] = k + 1));
const people = generators.map(({ modes, sprayed, blur }) => 4 * (1 - sprayed) - 40 * blur + 0.4 * modes);
const classEntries = generators.map((_, i) => ({ id: `s${i}`, authorId: `s${i}` }));
const classVotes: ArenaVote[] = [];
let classFit = fitArena({ entries: CLASS, a: new Int32Array(0), b: new Int32Array(0), outcome: new Uint8Array(0), replicates: 0, seed: 1 });
const judged = new Map<string, Set<string>>();
for (let k = 0; k < 600; k++) {
  const voter = `s${k % CLASS}`;
  const seen = judged.get(voter) ?? new Set<string>();
  judged.set(voter, seen);
  const pair = choosePair({
    entries: classEntries,
    strengths: classFit.strengths,
    uncertainty: classFit.standardErrors,
    voterId: voter,
    judged: seen,
    random: classRng,
  });
  if (!pair) continue;
  seen.add(pairKey(pair.left, pair.right));
  const [a, b] = [Number(pair.left.slice(1)), Number(pair.right.slice(1))];
  const p = 1 / (1 + Math.exp(people[b] - people[a]));
  const u = classRng();
  classVotes.push({ a, b, outcome: Math.abs(people[a] - people[b]) < 0.1 && u < 0.3 ? "TIE" : classRng() < p ? "A" : "B" });
  if (classVotes.length % 50 === 0) classFit = fitArena(arenaInput(classVotes, CLASS, 0));
}
classFit = fitArena(arenaInput(classVotes, CLASS, ARENA_LIMITS.bootstrapReplicates));
emit({
  figure: "simulated-class",
  entries: CLASS,
  votes: classVotes.length,
  tau_metric:
    Math.round(
      kendallTauB(
        classFit.strengths,
        Array.from(metricRank, (r) => -r),
      ) * 1000,
    ) / 1000,
  tau_people: Math.round(kendallTauB(classFit.strengths, people) * 1000) / 1000,
  tau_metric_people:
    Math.round(
      kendallTauB(
        people,
        Array.from(metricRank, (r) => -r),
      ) * 1000,
    ) / 1000,
});

function arenaInput(list: readonly ArenaVote[], entries: number, replicates: number) {
  return {
    entries,
    a: Int32Array.from(list, (v) => v.a),
    b: Int32Array.from(list, (v) => v.b),
    outcome: Uint8Array.from(list, (v) => (v.outcome === "A" ? 0 : v.outcome === "B" ? 1 : 2)),
    replicates,
    seed: 1,
  };
}

/** Smaller keys rank first (Score.rankKeys' order). */
function compareKeys(x: readonly number[], y: readonly number[]): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}
