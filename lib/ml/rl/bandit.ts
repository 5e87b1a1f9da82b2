/**
 * A multi-armed bandit with Bernoulli pay-outs and the sample-average, ε-greedy agent of Sutton &
 * Barto, "Reinforcement Learning: An Introduction", 2nd ed. (2018), §2.2–2.4: arm a pays 1 with a
 * hidden probability p_a and 0 otherwise; the agent's value estimate Q(a) is the mean reward of
 * its pulls of a, updated incrementally Q ← Q + (r − Q) / N(a) (eq. 2.3), and it picks the arm of
 * largest Q with probability 1 − ε, a uniformly random arm otherwise. Pure arithmetic, seeded.
 */
import type { Rng } from "../random";

export interface BanditState {
  /** N(a): how often each arm has been pulled. */
  counts: number[];
  /** Q(a): the mean reward of each arm's pulls so far (0 for an arm never pulled). */
  values: number[];
  /** Pulls in all, and the reward they earned. */
  steps: number;
  totalReward: number;
}

export function newBanditState(arms: number): BanditState {
  if (!Number.isInteger(arms) || arms < 1) throw new RangeError(`A bandit needs a whole number of arms ≥ 1, got ${arms}.`);
  return { counts: new Array<number>(arms).fill(0), values: new Array<number>(arms).fill(0), steps: 0, totalReward: 0 };
}

/** One pull of `arm`: 1 with probability probabilities[arm], else 0. */
export function pullBernoulliArm(probabilities: readonly number[], arm: number, rng: Rng): 0 | 1 {
  if (!Number.isInteger(arm) || arm < 0 || arm >= probabilities.length) throw new RangeError(`No arm ${arm}.`);
  return rng() < probabilities[arm] ? 1 : 0;
}

/** The state after `arm` paid `reward`: Q(arm) moves 1/N(arm) of the way to the reward (a new object; the old one is kept). */
export function updateBandit(state: BanditState, arm: number, reward: number): BanditState {
  if (!Number.isInteger(arm) || arm < 0 || arm >= state.counts.length) throw new RangeError(`No arm ${arm}.`);
  const counts = state.counts.slice();
  const values = state.values.slice();
  counts[arm] += 1;
  values[arm] += (reward - values[arm]) / counts[arm];
  return { counts, values, steps: state.steps + 1, totalReward: state.totalReward + reward };
}

/** The ε-greedy choice: with probability ε a uniformly random arm, else an arm of largest Q (ties broken uniformly at random). */
export function epsilonGreedyArm(values: readonly number[], epsilon: number, rng: Rng): number {
  if (!(epsilon >= 0 && epsilon <= 1)) throw new RangeError(`ε must lie in [0, 1], got ${epsilon}.`);
  if (rng() < epsilon) return Math.min(values.length - 1, Math.floor(rng() * values.length));
  const best = Math.max(...values);
  const ties = values.flatMap((v, a) => (v === best ? [a] : []));
  return ties.length === 1 ? ties[0] : ties[Math.min(ties.length - 1, Math.floor(rng() * ties.length))];
}

export interface BanditPull {
  arm: number;
  reward: 0 | 1;
}

/** `steps` rounds of the ε-greedy agent against the Bernoulli arms: the final state and each pull. */
export function playEpsilonGreedy(
  probabilities: readonly number[],
  start: BanditState,
  epsilon: number,
  steps: number,
  rng: Rng,
): { state: BanditState; pulls: BanditPull[] } {
  if (start.counts.length !== probabilities.length) throw new RangeError(`The state has ${start.counts.length} arms, the bandit ${probabilities.length}.`);
  let state = start;
  const pulls: BanditPull[] = [];
  for (let t = 0; t < steps; t++) {
    const arm = epsilonGreedyArm(state.values, epsilon, rng);
    const reward = pullBernoulliArm(probabilities, arm, rng);
    state = updateBandit(state, arm, reward);
    pulls.push({ arm, reward });
  }
  return { state, pulls };
}
