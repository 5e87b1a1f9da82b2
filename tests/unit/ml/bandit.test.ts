import assert from "node:assert/strict";
import { test } from "node:test";
import { mulberry32 } from "@/lib/ml/random";
import { epsilonGreedyArm, newBanditState, playEpsilonGreedy, pullBernoulliArm, updateBandit } from "@/lib/ml/rl/bandit";

const close = (a: number, b: number, tol: number, what = "") => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} ≉ ${b} (±${tol})`);

test("the incremental update keeps Q(a) equal to the mean reward of a's pulls, and leaves the old state alone", () => {
  const rng = mulberry32(3);
  let state = newBanditState(3);
  const start = state;
  const rewards: number[][] = [[], [], []];
  for (let t = 0; t < 500; t++) {
    const arm = Math.floor(rng() * 3);
    const reward = Math.round(rng() * 10) / 4; // any real reward, not only 0/1
    rewards[arm].push(reward);
    state = updateBandit(state, arm, reward);
  }
  rewards.forEach((r, a) => {
    assert.equal(state.counts[a], r.length);
    close(state.values[a], r.reduce((s, v) => s + v, 0) / r.length, 1e-12, `Q(${a})`);
  });
  assert.equal(state.steps, 500);
  close(
    state.totalReward,
    rewards.flat().reduce((s, v) => s + v, 0),
    1e-9,
    "total reward",
  );
  assert.deepEqual(start, { counts: [0, 0, 0], values: [0, 0, 0], steps: 0, totalReward: 0 });
  assert.throws(() => updateBandit(state, 3, 1), RangeError);
  assert.throws(() => newBanditState(0), RangeError);
});

test("a Bernoulli arm pays 1 with its probability", () => {
  const rng = mulberry32(11);
  const n = 40_000;
  let wins = 0;
  for (let i = 0; i < n; i++) wins += pullBernoulliArm([0.1, 0.35], 1, rng);
  // Binomial standard error √(p(1−p)/n) ≈ 0.0024: five of them.
  close(wins / n, 0.35, 0.012, "win rate");
  assert.throws(() => pullBernoulliArm([0.5], 1, rng), RangeError);
});

test("ε-greedy: ε = 0 takes the best arm, ties split evenly; otherwise the best arm with probability 1 − ε + ε/K", () => {
  const rng = mulberry32(5);
  for (let i = 0; i < 100; i++) assert.equal(epsilonGreedyArm([0.2, 0.9, 0.4], 0, rng), 1);
  const n = 30_000;
  const tie = [0, 0, 0];
  for (let i = 0; i < n; i++) tie[epsilonGreedyArm([0.5, 0.1, 0.5], 0, rng)]++;
  assert.equal(tie[1], 0);
  close(tie[0] / n, 0.5, 0.02, "tie share of arm 0");
  const counts = [0, 0, 0];
  for (let i = 0; i < n; i++) counts[epsilonGreedyArm([0.2, 0.9, 0.4], 0.3, rng)]++;
  close(counts[1] / n, 1 - 0.3 + 0.3 / 3, 0.015, "best arm's share");
  close(counts[0] / n, 0.1, 0.015, "another arm's share");
  const uniform = [0, 0, 0];
  for (let i = 0; i < n; i++) uniform[epsilonGreedyArm([0.2, 0.9, 0.4], 1, rng)]++;
  uniform.forEach((c, a) => close(c / n, 1 / 3, 0.015, `arm ${a} at ε = 1`));
  assert.throws(() => epsilonGreedyArm([0, 1], 1.5, rng), RangeError);
});

test("the ε-greedy agent's estimates converge to the pay-out rates and it mostly plays the best arm", () => {
  const probabilities = [0.2, 0.5, 0.8];
  const epsilon = 0.1;
  const { state, pulls } = playEpsilonGreedy(probabilities, newBanditState(3), epsilon, 20_000, mulberry32(2024));
  assert.equal(pulls.length, 20_000);
  // Each Q is the sample mean of that arm's rewards (checked from the pulls themselves).
  for (let a = 0; a < 3; a++) {
    const mine = pulls.filter((p) => p.arm === a);
    assert.equal(state.counts[a], mine.length);
    close(state.values[a], mine.reduce((s, p) => s + p.reward, 0) / mine.length, 1e-12, `Q(${a}) as a mean`);
  }
  // Every arm is explored at least ε/K of the time (≈ 667 pulls): its estimate is within ~4 standard errors.
  probabilities.forEach((p, a) => close(state.values[a], p, 4 * Math.sqrt((p * (1 - p)) / state.counts[a]), `Q(${a})`));
  const bestShare = state.counts[2] / state.steps;
  close(bestShare, 1 - epsilon + epsilon / 3, 0.02, "share of pulls on the best arm");
  // Long-run reward per pull: (1 − ε)·0.8 + ε·mean(p) = 0.77.
  close(state.totalReward / state.steps, (1 - epsilon) * 0.8 + epsilon * 0.5, 0.02, "reward per pull");
  assert.throws(() => playEpsilonGreedy([0.5, 0.5], newBanditState(3), 0.1, 1, mulberry32(1)), RangeError);
});
