import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { mmd2Unbiased } from "@/lib/ml/metrics/ring";
import { gaussian, mulberry32 } from "@/lib/ml/random";
import { BANANA, BANANA_MMD, bananaLogDensity, bananaMmd2, bananaReference, everyNth, metropolisHastings2d, sampleBanana } from "@/lib/ml/sampling/banana";
import { runFrames } from "@/lib/ml/train/loop";
import { MetropolisChain2d } from "@/lib/ml/sampling/metropolis-chain";
import { rankKeysOf } from "@/lib/exercises/ranking";
import { defineExercise } from "@/lib/exercises/types";
import { assertContract, close, compareKeys, messageFor, timeScore } from "@/tests/support/exercise-contract";
import { metropolis2dScorer } from "./server";
import { DEFAULT_METROPOLIS_2D_CONFIG, metropolis2dSpec } from "./spec";

const metropolis2d = defineExercise(metropolis2dSpec, metropolis2dScorer);

const pairs = (flat: ArrayLike<number>): [number, number][] => Array.from({ length: flat.length / 2 }, (_, i) => [flat[2 * i], flat[2 * i + 1]]);

/** ∫∫ exp(logDensity) over a box, midpoint rule with step h. */
function integrate(x0: number, x1: number, y0: number, y1: number, h: number): number {
  let s = 0;
  for (let x = x0 + h / 2; x < x1; x += h) for (let y = y0 + h / 2; y < y1; y += h) s += Math.exp(bananaLogDensity(x, y));
  return s * h * h;
}

/** The browser's default chain. */
function defaultChain(seed: number) {
  const { proposalStd, burnIn, thin } = DEFAULT_METROPOLIS_2D_CONFIG;
  return metropolisHastings2d(bananaLogDensity, { samples: 5000, proposalStd, burnIn, thin }, mulberry32(seed));
}

describe("banana density and exact sampler", () => {
  test("the log-density is normalised and matches the formula at a few points", () => {
    // Support is effectively |x| ≤ 12 (6σ), −20 ≤ y ≤ 80 (y = b(x² − 4) ± 8 at most).
    close(integrate(-12, 12, -20, 80, 0.05), 1, 1e-6);
    // At (0, −2) the twist vanishes: y − b(0 − 4) = 0, so log p = −log(2π·σx·σy) = −log(4π).
    close(bananaLogDensity(0, -2), -Math.log(4 * Math.PI), 1e-14);
    // At (2, 0): u = 1, v = 0 → −½ − log(4π).
    close(bananaLogDensity(2, 0), -0.5 - Math.log(4 * Math.PI), 1e-14);
  });

  test("exact samples have the right moments and residual", () => {
    const n = 40000;
    const s = sampleBanana(n, mulberry32(1));
    let mx = 0,
      my = 0,
      vx = 0,
      vy = 0,
      mr = 0,
      vr = 0;
    for (let i = 0; i < n; i++) {
      const x = s[2 * i],
        y = s[2 * i + 1];
      const r = y - BANANA.curvature * (x * x - BANANA.sigmaX ** 2); // should be N(0, σy²)
      mx += x / n;
      my += y / n;
      vx += (x * x) / n;
      vy += (y * y) / n;
      mr += r / n;
      vr += (r * r) / n;
    }
    assert.ok(Math.abs(mx) < 0.05 && Math.abs(my) < 0.08 && Math.abs(mr) < 0.03, `${mx} ${my} ${mr}`);
    close(vx, 4, 0.15); // σx² = 4
    close(vy, 9, 0.4); // 2b²σx⁴ + σy² = 2·0.25·16 + 1 = 9
    close(vr, 1, 0.04);
  });

  test("exact samples land in boxes as often as the density says", () => {
    const n = 40000;
    const s = sampleBanana(n, mulberry32(2));
    for (const [x0, x1, y0, y1] of [
      [0, 2, -2, 0],
      [-4, -2, 0, 4],
      [-1, 1, -3, -1.5],
    ]) {
      let inside = 0;
      for (let i = 0; i < n; i++) if (s[2 * i] >= x0 && s[2 * i] < x1 && s[2 * i + 1] >= y0 && s[2 * i + 1] < y1) inside++;
      const p = integrate(x0, x1, y0, y1, 0.01);
      close(inside / n, p, 4 * Math.sqrt((p * (1 - p)) / n) + 1e-3); // 4 standard errors
    }
  });
});

describe("Metropolis–Hastings and the MMD² score", () => {
  test("everyNth by hand, and the reference is the seeded exact sample", () => {
    assert.deepEqual(Array.from(everyNth([0, 0, 1, 1, 2, 2, 3, 3, 4, 4], 2)), [0, 0, 2, 2, 4, 4]);
    assert.deepEqual(bananaReference(), sampleBanana(BANANA_MMD.referenceSize, mulberry32(BANANA_MMD.referenceSeed)));
    const s = sampleBanana(5000, mulberry32(5));
    close(bananaMmd2(s), mmd2Unbiased(everyNth(s, 5), bananaReference(), [0.5, 1, 2]), 1e-15);
  });

  test("MH on a standard 2-D normal gets its moments right (sampler check independent of the banana)", () => {
    const r = metropolisHastings2d((x, y) => -0.5 * (x * x + y * y), { samples: 20000, proposalStd: 2.4, burnIn: 500, thin: 5 }, mulberry32(9));
    let m = 0,
      v = 0;
    for (const z of r.samples) {
      m += z / 40000;
      v += (z * z) / 40000;
    }
    assert.ok(Math.abs(m) < 0.05, `mean ${m}`);
    close(v, 1, 0.06);
    assert.ok(r.acceptanceRate > 0.2 && r.acceptanceRate < 0.6, `${r.acceptanceRate}`);
  });

  test("the default chain scores like exact samples; wrong distributions score clearly worse", () => {
    const exact = bananaMmd2(sampleBanana(5000, mulberry32(11)));
    const chain = defaultChain(1);
    const mh = bananaMmd2(chain.samples);
    assert.ok(Math.abs(exact) < 0.002, `exact ${exact}`);
    assert.ok(Math.abs(mh) < 0.003, `mh ${mh}`);
    assert.ok(chain.acceptanceRate > 0.3 && chain.acceptanceRate < 0.5, `acceptance ${chain.acceptanceRate}`);
    // A Gaussian with the banana's mean and covariance (x, y are uncorrelated: E[x·b(x² − 4)] = 0).
    const rng = mulberry32(12);
    const gauss = Float64Array.from({ length: 10000 }, (_, i) => (i % 2 === 0 ? 2 : 3) * gaussian(rng));
    assert.ok(bananaMmd2(gauss) > 0.05, `gaussian ${bananaMmd2(gauss)}`);
    // A chain that is far too timid and unthinned has not explored the arms yet.
    const timid = metropolisHastings2d(bananaLogDensity, { samples: 5000, proposalStd: 0.1, burnIn: 0, thin: 1 }, mulberry32(13));
    assert.ok(bananaMmd2(timid.samples) > 0.05, `timid ${bananaMmd2(timid.samples)}`);
  });
});

describe("metropolis-2d exercise", () => {
  const chain = defaultChain(2);
  const good = { samples: pairs(chain.samples), acceptanceRate: chain.acceptanceRate };

  test("contract", () => assertContract(metropolis2d, good));

  test("a good chain ranks above a Gaussian; acceptance is reported as submitted", () => {
    const rng = mulberry32(4);
    const bad = { samples: Array.from({ length: 5000 }, () => [2 * gaussian(rng), 3 * gaussian(rng)]), acceptanceRate: 1 };
    const a = metropolis2d.score(metropolis2d.submissionSchema.parse(good));
    const b = metropolis2d.score(metropolis2d.submissionSchema.parse(bad));
    assert.equal(a.acceptanceRate, chain.acceptanceRate);
    assert.equal(b.acceptanceRate, 1);
    assert.ok(compareKeys(rankKeysOf(metropolis2d, a), rankKeysOf(metropolis2d, b)) < 0);
    assert.deepEqual(rankKeysOf(metropolis2d, a), [0, a.mmd2]); // acceptance is not ranked
  });

  test("preview: 300 points spread over the chain", () => {
    const p = metropolis2d.preview(metropolis2d.submissionSchema.parse(good)) as [number, number][];
    assert.equal(p.length, 300);
    assert.deepEqual(
      p[1],
      good.samples[16].map((v) => Math.round(v * 1000) / 1000),
    );
  });

  test("each bad input is refused with a precise message", () => {
    const at = (i: number, v: unknown) => ({ ...good, samples: good.samples.map((s, j) => (j === i ? v : s)) });
    assert.equal(messageFor(metropolis2d, { ...good, samples: good.samples.slice(0, 4000) }), '"samples" must contain exactly 5000 samples (got 4000).');
    assert.equal(messageFor(metropolis2d, at(9, [1, 2, 3])), "samples: entry 10 must be a pair [x, y].");
    assert.equal(messageFor(metropolis2d, at(9, 1.5)), "samples: entry 10 must be a pair [x, y].");
    assert.equal(messageFor(metropolis2d, at(0, [null, 0])), "samples: entry 1, coordinate x is not a number (NaN and Infinity cannot be sent as JSON).");
    assert.equal(messageFor(metropolis2d, at(1, [0, "2"])), "samples: entry 2, coordinate y is not a number.");
    assert.equal(messageFor(metropolis2d, at(2, [0, -1e4])), "samples: entry 3, coordinate y is beyond ±1000.");
    assert.equal(messageFor(metropolis2d, { ...good, acceptanceRate: 1.2 }), '"acceptanceRate" must be between 0 and 1 (accepted proposals / all proposals).');
    assert.equal(messageFor(metropolis2d, { ...good, acceptanceRate: -0.1 }), '"acceptanceRate" must be between 0 and 1 (accepted proposals / all proposals).');
    assert.equal(messageFor(metropolis2d, { ...good, acceptanceRate: null }), '"acceptanceRate" is not a number (NaN and Infinity cannot be sent as JSON).');
    assert.equal(messageFor(metropolis2d, { samples: good.samples }), '"acceptanceRate" is missing.');
    assert.equal(messageFor(metropolis2d, { acceptanceRate: 0.4 }), '"samples" is missing.');
    assert.equal(messageFor(metropolis2d, { ...good, acceptanceRate: 0 }), "ok");
  });

  test("scoring 5,000 pairs is fast", () => {
    const ms = timeScore(metropolis2d, metropolis2d.submissionSchema.parse(good));
    console.log(`# metropolis-2d score(5,000 pairs): ${ms.toFixed(1)} ms`);
    assert.ok(ms < 200, `${ms} ms`);
  });
});

describe("the page's chain, step by step (MetropolisChain2d)", () => {
  const options = (config = DEFAULT_METROPOLIS_2D_CONFIG, samples = 5000) => ({
    samples,
    proposalStd: config.proposalStd,
    burnIn: config.burnIn,
    thin: config.thin,
  });

  test("run to its end in uneven batches it keeps exactly metropolisHastings2d's states and acceptance rate", async () => {
    for (const [opts, seed] of [
      [options(), 1],
      [{ samples: 40, proposalStd: 0.7, burnIn: 13, thin: 3, start: [1, 4] as const }, 8],
      [{ samples: 25, proposalStd: 3, burnIn: 0, thin: 1 }, 2],
    ] as const) {
      const whole = metropolisHastings2d(bananaLogDensity, opts, mulberry32(seed));
      const chain = new MetropolisChain2d(bananaLogDensity, opts, seed);
      assert.equal(chain.totalIterations, opts.burnIn + opts.samples * opts.thin);
      assert.ok(Number.isNaN((await chain.losses()).acceptance), "no acceptance rate before the first step");
      for (let n = 1; chain.phase !== "done"; n = (n * 7) % 1009) chain.step(n);
      assert.equal(chain.iteration, chain.totalIterations);
      assert.equal(chain.keptCount, opts.samples);
      assert.deepEqual(chain.keptSamples(), whole.samples);
      assert.equal(chain.acceptanceRate, whole.acceptanceRate);
      assert.deepEqual(await chain.losses(), { acceptance: whole.acceptanceRate });
      chain.step(10); // past the end: nothing happens
      assert.equal(chain.iteration, chain.totalIterations);
      assert.deepEqual(chain.keptSamples(), whole.samples);
    }
  });

  test("the shared training loop stops at the chain's end whatever its budget (the page's Start and run-default)", async () => {
    const chain = new MetropolisChain2d(bananaLogDensity, options(), DEFAULT_METROPOLIS_2D_CONFIG.seed);
    await runFrames(chain, { maxIterations: Infinity, frameBudgetMs: 50 });
    assert.equal(chain.iteration, chain.totalIterations);
    assert.deepEqual(chain.keptSamples(), defaultChain(DEFAULT_METROPOLIS_2D_CONFIG.seed).samples);
  });

  test("recentStates: the latest kept states, or the current state during burn-in", () => {
    const chain = new MetropolisChain2d(bananaLogDensity, { samples: 100, proposalStd: 1.5, burnIn: 20, thin: 2 }, 3);
    chain.step(5);
    assert.deepEqual(Array.from(chain.recentStates(64)), chain.current);
    chain.step(15 + 2 * 70);
    assert.equal(chain.keptCount, 70);
    assert.deepEqual(chain.recentStates(64), chain.keptSamples().slice(2 * 6));
  });

  test("export → structured clone → import continues the very same chain", async () => {
    const opts = { samples: 300, proposalStd: 1.5, burnIn: 100, thin: 4 };
    const uninterrupted = new MetropolisChain2d(bananaLogDensity, opts, 5);
    uninterrupted.step(737);
    const saved = structuredClone(await uninterrupted.exportState());
    const resumed = new MetropolisChain2d(bananaLogDensity, opts, 5);
    resumed.importState(saved);
    assert.equal(resumed.iteration, 737);
    assert.deepEqual(await resumed.exportState(), await uninterrupted.exportState());
    for (const n of [1, 50, 10_000]) {
      uninterrupted.step(n);
      resumed.step(n);
      assert.deepEqual(await resumed.losses(), await uninterrupted.losses());
      assert.deepEqual(resumed.current, uninterrupted.current);
    }
    assert.equal(resumed.phase, "done");
    assert.deepEqual(resumed.keptSamples(), metropolisHastings2d(bananaLogDensity, opts, mulberry32(5)).samples);
  });

  test("a saved chain that does not fit is refused in words, and nothing changes", async () => {
    const opts = { samples: 50, proposalStd: 1.5, burnIn: 10, thin: 2 };
    const chain = new MetropolisChain2d(bananaLogDensity, opts, 1);
    chain.step(30);
    const good = await chain.exportState();
    const before = await chain.exportState();
    assert.throws(() => chain.importState(null), /not an object/);
    assert.throws(() => chain.importState({ ...good, steps: 10_000 }), /step count is not a whole number from 0 to 110/);
    assert.throws(() => chain.importState({ ...good, steps: 2.5 }), /step count/);
    assert.throws(() => chain.importState({ ...good, accepted: 31 }), /accepted steps/);
    assert.throws(() => chain.importState({ ...good, x: Number.NaN }), /current state/);
    assert.throws(() => chain.importState({ ...good, kept: good.kept.slice(2) }), /should hold 10 kept states/);
    assert.throws(() => chain.importState({ ...good, kept: Array.from(good.kept) }), /should hold 10 kept states/);
    assert.deepEqual(await chain.exportState(), before);
    assert.throws(() => new MetropolisChain2d(bananaLogDensity, { ...opts, thin: 0 }, 1), /thinning must be a whole number ≥ 1/);
    assert.throws(() => new MetropolisChain2d(bananaLogDensity, { ...opts, proposalStd: 0 }, 1), /proposal standard deviation/);
  });
});
