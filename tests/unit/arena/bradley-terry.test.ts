// Bradley–Terry ratings of the sample arena (lib/ml/arena/bradley-terry.ts): the three fits against each other, a closed
// form, the score equations written out vote by vote, recovery of known strengths, and the bootstrap's coverage.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  aggregateVotes,
  arenaRating,
  type ArenaVote,
  bootstrapIntervals,
  comparisonGraphStronglyConnected,
  fisherStandardErrors,
  fitBradleyTerryMM,
  fitBradleyTerryNewman,
  fitBradleyTerryNewton,
} from "@/lib/ml/arena/bradley-terry";
import { kendallTauB } from "@/lib/ml/arena/kendall";
import { gaussian, mulberry32, type Rng } from "@/lib/ml/random";

const close = (a: number, b: number, tol: number, what = "") => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} ≉ ${b} (±${tol})`);
const maxAbsDifference = (x: ArrayLike<number>, y: ArrayLike<number>) => Math.max(...Array.from(x, (value, i) => Math.abs(value - y[i])));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** `count` votes between uniformly random distinct entries, won with the Bradley–Terry probability of `theta`. */
function simulateVotes(theta: readonly number[], count: number, rng: Rng, tieProbability = 0): ArenaVote[] {
  const n = theta.length;
  return Array.from({ length: count }, () => {
    const a = Math.floor(rng() * n);
    const b = (a + 1 + Math.floor(rng() * (n - 1))) % n;
    if (rng() < tieProbability) return { a, b, outcome: "TIE" as const };
    return { a, b, outcome: rng() < sigmoid(theta[a] - theta[b]) ? ("A" as const) : ("B" as const) };
  });
}

/** Wins of `a` in one vote, ties ½. */
const creditOfA = (vote: ArenaVote) => (vote.outcome === "A" ? 1 : vote.outcome === "B" ? 0 : 0.5);

/** The gradient of the penalised log-likelihood, summed vote by vote (no aggregation), plus the virtual ties' terms. */
function gradientFromVotes(n: number, votes: readonly ArenaVote[], theta: ArrayLike<number>, prior: number): number[] {
  const gradient = Array.from({ length: n }, (_, i) => prior * (0.5 - sigmoid(theta[i])));
  for (const vote of votes) {
    const residual = creditOfA(vote) - sigmoid(theta[vote.a] - theta[vote.b]);
    gradient[vote.a] += residual;
    gradient[vote.b] -= residual;
  }
  return gradient;
}

/** The penalised log-likelihood, vote by vote. */
function logLikelihoodFromVotes(n: number, votes: readonly ArenaVote[], theta: ArrayLike<number>, prior: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) total += (prior / 2) * (Math.log(sigmoid(theta[i])) + Math.log(sigmoid(-theta[i])));
  for (const vote of votes) {
    const p = sigmoid(theta[vote.a] - theta[vote.b]);
    total += creditOfA(vote) * Math.log(p) + (1 - creditOfA(vote)) * Math.log(1 - p);
  }
  return total;
}

describe("aggregateVotes", () => {
  test("sums each unordered pair once, crediting ties ½, and per-entry wins", () => {
    const votes: ArenaVote[] = [
      { a: 2, b: 0, outcome: "A" }, // 2 beats 0
      { a: 0, b: 2, outcome: "TIE" },
      { a: 0, b: 2, outcome: "A" }, // 0 beats 2
      { a: 1, b: 2, outcome: "B" }, // 2 beats 1
    ];
    const aggregated = aggregateVotes(3, votes);
    assert.deepEqual(Array.from(aggregated.first), [0, 1]);
    assert.deepEqual(Array.from(aggregated.second), [2, 2]);
    assert.deepEqual(Array.from(aggregated.comparisons), [3, 1]);
    assert.deepEqual(Array.from(aggregated.firstWins), [1.5, 0]);
    assert.deepEqual(Array.from(aggregated.wins), [1.5, 0, 2.5]);
  });

  test("rejects indices out of range, an entry meeting itself and unknown outcomes", () => {
    assert.throws(() => aggregateVotes(3, [{ a: 0, b: 3, outcome: "A" }]), RangeError);
    assert.throws(() => aggregateVotes(3, [{ a: -1, b: 1, outcome: "A" }]), RangeError);
    assert.throws(() => aggregateVotes(3, [{ a: 0.5, b: 1, outcome: "A" }]), RangeError);
    assert.throws(() => aggregateVotes(3, [{ a: 1, b: 1, outcome: "TIE" }]), RangeError);
    assert.throws(() => aggregateVotes(3, [{ a: 0, b: 1, outcome: "BOTH_BAD" as any }]), RangeError);
    assert.throws(() => fitBradleyTerryMM(4, aggregateVotes(3, [])), RangeError);
  });
});

describe("fits", () => {
  test("MM, Newman and Newton agree with prior 1 (random votes with ties, one entry never compared)", () => {
    const rng = mulberry32(11);
    const theta = Array.from({ length: 30 }, () => 3 * rng() - 1.5);
    const votes = simulateVotes(theta, 600, rng, 0.15).filter((vote) => vote.a !== 29 && vote.b !== 29);
    const mm = fitBradleyTerryMM(30, votes);
    const newman = fitBradleyTerryNewman(30, votes);
    const newton = fitBradleyTerryNewton(30, votes);
    for (const fit of [mm, newman, newton]) assert.ok(fit.converged);
    assert.ok(maxAbsDifference(mm.strengths, newton.strengths) < 1e-6, String(maxAbsDifference(mm.strengths, newton.strengths)));
    assert.ok(maxAbsDifference(newman.strengths, newton.strengths) < 1e-6);
    close(mm.logLikelihood, newton.logLikelihood, 1e-9, "ℓ");
    // The entry with no votes sits on the reference.
    close(newton.strengths[29], 0, 1e-9, "unvoted entry");
  });

  test("MM, Newman and Newton agree with prior 0 on a strongly connected design, centred to mean 0", () => {
    const rng = mulberry32(12);
    const theta = Array.from({ length: 12 }, () => 2 * rng() - 1);
    const votes: ArenaVote[] = [];
    // Every pair meets 6 times: with strengths this close every entry wins and loses somewhere (checked next).
    for (let a = 0; a < 12; a++) {
      for (let b = 0; b < a; b++) {
        for (let k = 0; k < 6; k++) votes.push({ a, b, outcome: rng() < 0.1 ? "TIE" : rng() < sigmoid(theta[a] - theta[b]) ? "A" : "B" });
      }
    }
    assert.ok(comparisonGraphStronglyConnected(aggregateVotes(12, votes)));
    const mm = fitBradleyTerryMM(12, votes, { prior: 0 });
    const newman = fitBradleyTerryNewman(12, votes, { prior: 0 });
    const newton = fitBradleyTerryNewton(12, votes, { prior: 0 });
    assert.ok(mm.converged && newman.converged && newton.converged);
    assert.ok(maxAbsDifference(mm.strengths, newton.strengths) < 1e-6, String(maxAbsDifference(mm.strengths, newton.strengths)));
    assert.ok(maxAbsDifference(newman.strengths, newton.strengths) < 1e-6);
    for (const fit of [mm, newman, newton]) close(fit.strengths.reduce((sum, value) => sum + value, 0) / 12, 0, 1e-12, "mean θ");
    // The unpenalised score equations hold.
    assert.ok(Math.max(...gradientFromVotes(12, votes, newton.strengths, 0).map(Math.abs)) < 1e-8);
  });

  test("two entries, prior 0: θ_A − θ_B = ln((wins + ties/2) / (losses + ties/2))", () => {
    for (const [wins, losses, ties] of [
      [7, 3, 0],
      [5, 2, 4],
      [0, 1, 2], // only ties make A's strength finite here
    ]) {
      const votes: ArenaVote[] = [
        ...Array.from({ length: wins }, () => ({ a: 0, b: 1, outcome: "A" as const })),
        ...Array.from({ length: losses }, () => ({ a: 1, b: 0, outcome: "A" as const })),
        ...Array.from({ length: ties }, () => ({ a: 1, b: 0, outcome: "TIE" as const })),
      ];
      const expected = Math.log((wins + ties / 2) / (losses + ties / 2));
      for (const fit of [fitBradleyTerryMM, fitBradleyTerryNewman, fitBradleyTerryNewton]) {
        const { strengths } = fit(2, votes, { prior: 0 });
        close(strengths[0] - strengths[1], expected, 1e-8, `${fit.name} ${wins}/${losses}/${ties}`);
        close(strengths[0], -strengths[1], 1e-12, "centred");
      }
    }
  });

  test("with prior > 0 the fit solves the penalised score equations, and ℓ matches a vote-by-vote sum", () => {
    const rng = mulberry32(5);
    const votes = simulateVotes([1, 0.5, 0, -0.5, -2], 40, rng, 0.2);
    for (const prior of [0.5, 1, 4]) {
      const fit = fitBradleyTerryNewman(5, votes, { prior });
      assert.ok(Math.max(...gradientFromVotes(5, votes, fit.strengths, prior).map(Math.abs)) < 1e-8, `prior ${prior}`);
      close(fit.logLikelihood, logLikelihoodFromVotes(5, votes, fit.strengths, prior), 1e-9, "ℓ");
    }
  });

  test("an entry that won every comparison stays finite with prior 1; prior 0 refuses", () => {
    const votes: ArenaVote[] = [];
    for (let k = 0; k < 30; k++) votes.push({ a: 0, b: 1 + (k % 3), outcome: "A" }, { a: 1 + (k % 3), b: 1 + ((k + 1) % 3), outcome: k % 2 ? "A" : "B" });
    for (const fit of [fitBradleyTerryMM, fitBradleyTerryNewman, fitBradleyTerryNewton]) {
      const { strengths, converged } = fit(4, votes);
      assert.ok(converged && Number.isFinite(strengths[0]) && strengths[0] > 2, `${fit.name} ${strengths[0]}`);
      assert.ok(strengths[0] > Math.max(strengths[1], strengths[2], strengths[3]));
    }
    assert.equal(comparisonGraphStronglyConnected(aggregateVotes(4, votes)), false);
    for (const fit of [fitBradleyTerryMM, fitBradleyTerryNewman, fitBradleyTerryNewton]) assert.throws(() => fit(4, votes, { prior: 0 }), /prior > 0/);
  });

  test("MM never decreases ℓ from one sweep to the next; an early stop says it did not converge", () => {
    const votes = simulateVotes([2, 1, 0, -1, -2, 0.3], 200, mulberry32(8), 0.1);
    let previous = -Infinity;
    for (let sweeps = 1; sweeps <= 15; sweeps++) {
      const fit = fitBradleyTerryMM(6, votes, { maxIterations: sweeps });
      assert.ok(fit.logLikelihood >= previous - 1e-12, `sweep ${sweeps}`);
      previous = fit.logLikelihood;
    }
    assert.equal(fitBradleyTerryMM(6, votes, { maxIterations: 2 }).converged, false);
    assert.equal(fitBradleyTerryNewton(6, votes, { maxIterations: 1 }).converged, false);
  });

  test("a warm start reaches the same fit", () => {
    const votes = simulateVotes([1, -1, 0.5, 0], 100, mulberry32(9), 0.1);
    const cold = fitBradleyTerryMM(4, votes);
    const warm = fitBradleyTerryMM(4, votes, { initial: new Float64Array([0.9, -0.8, 0.4, 0]) });
    assert.ok(maxAbsDifference(cold.strengths, warm.strengths) < 1e-8);
    assert.ok(warm.iterations < cold.iterations);
  });
});

describe("uncertainty and scale", () => {
  test("Fisher standard errors: two entries, written out", () => {
    const votes: ArenaVote[] = [
      ...Array.from({ length: 6 }, () => ({ a: 0, b: 1, outcome: "A" as const })),
      ...Array.from({ length: 2 }, () => ({ a: 0, b: 1, outcome: "B" as const })),
    ];
    const { strengths } = fitBradleyTerryNewton(3, votes);
    const errors = fisherStandardErrors(3, aggregateVotes(3, votes), strengths, 1);
    const p = sigmoid(strengths[0] - strengths[1]);
    for (const i of [0, 1]) close(errors[i], 1 / Math.sqrt(8 * p * (1 - p) + sigmoid(strengths[i]) * (1 - sigmoid(strengths[i]))), 1e-12, `entry ${i}`);
    close(errors[2], 2, 1e-12, "unvoted entry: 1/√(1/4)");
  });

  test("arena rating: 1000 at the reference; 400 points is 10 : 1 odds", () => {
    assert.equal(arenaRating(0), 1000);
    const theta = 0.7;
    const lead = arenaRating(theta) - arenaRating(0);
    close(1 / (1 + 10 ** (-lead / 400)), sigmoid(theta), 1e-15, "Elo win probability");
    close(arenaRating(Math.log(10)), 1400, 1e-9);
  });
});

describe("recovery of known strengths", () => {
  // 50 entries, symmetric about 0 so the prior's gauge (Σ σ(θ_i) = n/2) is the truth's; shuffled.
  const rng = mulberry32(2024);
  const half = Array.from({ length: 25 }, () => 1.2 * gaussian(rng));
  const truth = [...half, ...half.map((value) => -value)];
  for (let k = truth.length - 1; k > 0; k--) {
    const other = Math.floor(rng() * (k + 1));
    [truth[k], truth[other]] = [truth[other], truth[k]];
  }
  const votes = simulateVotes(truth, 20_000, rng);
  const fit = fitBradleyTerryNewman(50, votes);

  test("Kendall τ with the truth above 0.9 and the MLE near the truth", () => {
    const tau = kendallTauB(fit.strengths, truth);
    assert.ok(tau > 0.9, `τ = ${tau}`);
    assert.ok(maxAbsDifference(fit.strengths, truth) < 0.5);
    // The truth is a feasible point: the maximiser's ℓ is at least its ℓ.
    assert.ok(fit.logLikelihood >= logLikelihoodFromVotes(50, votes, truth, 1));
  });

  test("bootstrap 95% intervals cover the true θ for at least 85% of entries, deterministically", () => {
    const intervals = bootstrapIntervals(50, votes, { seed: 7, initial: fit.strengths });
    let covered = 0;
    for (let i = 0; i < 50; i++) {
      assert.ok(intervals.lower[i] < fit.strengths[i] && fit.strengths[i] < intervals.upper[i], `entry ${i}`);
      if (intervals.lower[i] <= truth[i] && truth[i] <= intervals.upper[i]) covered++;
    }
    assert.ok(covered >= 43, `${covered} / 50 covered`);
    const short = bootstrapIntervals(50, votes, { seed: 3, replicates: 20 });
    assert.deepEqual(short, bootstrapIntervals(50, votes, { seed: 3, replicates: 20 }));
    assert.notDeepEqual(short, bootstrapIntervals(50, votes, { seed: 4, replicates: 20 }));
    // Wider at 99%, and the intervals' widths track the Fisher standard errors (~ 2 · 1.96 SE).
    const wide = bootstrapIntervals(50, votes, { seed: 7, replicates: 100, level: 0.99, initial: fit.strengths });
    const errors = fisherStandardErrors(50, aggregateVotes(50, votes), fit.strengths, 1);
    for (let i = 0; i < 50; i++) {
      assert.ok(wide.upper[i] - wide.lower[i] > intervals.upper[i] - intervals.lower[i] - 0.05);
      const ratio = (intervals.upper[i] - intervals.lower[i]) / (2 * 1.96 * errors[i]);
      assert.ok(ratio > 0.7 && ratio < 1.6, `entry ${i}: ratio ${ratio}`);
    }
  });
});
