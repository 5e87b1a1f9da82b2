import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ruleFraction } from "@/lib/grading/rules";
import { gaussian, mulberry32 } from "@/lib/ml/random";
import { InverseCdfCheck, largestCdfError } from "@/lib/ml/sampling/inverse-cdf-check";
import { ksStatistic } from "@/lib/ml/sampling/ks";
import { laplaceCdf, laplaceInverseCdf, sampleLaplace, uniformOpen } from "@/lib/ml/sampling/laplace";
import { assertContract, close, compareKeys, messageFor, timeScore } from "@/tests/support/exercise-contract";
import { rankKeysOf } from "@/lib/exercises/ranking";
import { defineExercise } from "@/lib/exercises/types";
import { runFrames } from "@/lib/ml/train/loop";
import { INVERSE_CDF_ERROR_FLOOR, inverseCdfScorer, inverseCdfUniforms } from "./server";
import { type InverseCdfMetrics, inverseCdfSpec } from "./spec";

const inverseCdf = defineExercise(inverseCdfSpec, inverseCdfScorer);

describe("Laplace(0, 1)", () => {
  test("CDF by hand", () => {
    close(laplaceCdf(0), 0.5, 1e-15);
    close(laplaceCdf(1), 1 - 0.5 * Math.exp(-1), 1e-15); // 0.8160602794
    close(laplaceCdf(-1), 0.1839397206, 1e-10);
    close(laplaceCdf(-Math.LN2), 0.25, 1e-15); // ½ e^{−ln 2} = ¼
    close(laplaceCdf(2), 0.9323323584, 1e-10);
    close(laplaceCdf(3, 1, 2), 1 - 0.5 * Math.exp(-1), 1e-15); // location 1, scale 2
  });

  test("inverse CDF inverts the CDF", () => {
    close(laplaceInverseCdf(0.5), 0, 1e-15);
    close(laplaceInverseCdf(0.25), -Math.LN2, 1e-15);
    close(laplaceInverseCdf(0.75), Math.LN2, 1e-15);
    for (const x of [-7, -1.5, -0.01, 0.3, 2, 9]) close(laplaceInverseCdf(laplaceCdf(x)), x, 1e-9);
  });

  test("uniformOpen keeps the extreme uniforms finite", () => {
    for (const r of [0, 1 - 2 ** -32]) {
      const u = uniformOpen(() => r);
      assert.ok(u > 0 && u < 1);
      const x = laplaceInverseCdf(u);
      assert.ok(Number.isFinite(x) && Math.abs(x) <= 32 * Math.LN2 + 1e-9, `${x}`);
    }
  });

  test("the sampler has mean 0, variance 2 and a small KS distance", () => {
    const xs = sampleLaplace(20000, mulberry32(1));
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    const variance = xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length;
    assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
    assert.ok(Math.abs(variance - 2) < 0.1, `variance ${variance}`);
    // 99.9% critical value of D_n is ≈ 1.95/√n = 0.0138 for n = 20,000.
    assert.ok(ksStatistic(xs, (x) => laplaceCdf(x)) < 0.0138);
  });
});

describe("ksStatistic", () => {
  const uniformCdf = (x: number) => Math.min(1, Math.max(0, x));
  test("hand-computed cases", () => {
    // One point at the median: F_n jumps 0 → 1 where F = ½.
    close(
      ksStatistic([0], (x) => laplaceCdf(x)),
      0.5,
      1e-15,
    );
    // {−1, 0, 1}: gaps 1/3 − F(−1), F(−1), 2/3 − ½, ½ − 1/3, 1 − F(1), F(1) − 2/3; largest F(−1) = ½e^{−1}.
    close(
      ksStatistic([1, -1, 0], (x) => laplaceCdf(x)),
      0.5 * Math.exp(-1),
      1e-15,
    );
    // {0.1, 0.2, 0.9} vs U(0, 1): just after 0.2, F_n = 2/3 and F = 0.2 → 7/15.
    close(ksStatistic([0.9, 0.1, 0.2], uniformCdf), 7 / 15, 1e-15);
    // Ties: both points at 0.5, F_n jumps 0 → 1 there.
    close(ksStatistic([0.5, 0.5], uniformCdf), 0.5, 1e-15);
    // A perfect grid (i − ½)/n has D = 1/(2n).
    close(ksStatistic([0.125, 0.375, 0.625, 0.875], uniformCdf), 0.125, 1e-15);
  });
  test("rejects an empty sample", () => assert.throws(() => ksStatistic([], uniformCdf), RangeError));
});

describe("inverse-cdf exercise", () => {
  const uniforms = inverseCdfUniforms(20261207);
  const n = uniforms.length;
  const context = { uniforms };
  const exact = uniforms.map((u) => laplaceInverseCdf(u));
  const challengeId = "challenge-1";
  const score = (samples: number[], against = context) => inverseCdf.score(inverseCdf.submissionSchema.parse({ challengeId, samples }), against);
  /** The share of an assignment item's points the default rule gives. */
  const pointsShare = (metrics: InverseCdfMetrics) => ruleFraction(inverseCdf.defaultGrading, { ...metrics });

  /** Φ⁻¹(u) by bisection on Φ(x) = ½ erfc(−x/√2), erfc by Abramowitz–Stegun 7.1.26 (error < 1.5e-7, plenty here). */
  const normalQuantile = (u: number) => {
    const erf = (x: number) => {
      const t = 1 / (1 + 0.3275911 * Math.abs(x));
      const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
      return x < 0 ? -y : y;
    };
    let [lo, hi] = [-10, 10];
    for (let i = 0; i < 100; i++) {
      const mid = (lo + hi) / 2;
      if (0.5 * (1 + erf(mid / Math.SQRT2)) < u) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };

  test("a challenge is 2,000 uniforms in (0, 1), the same for a seed and different between seeds", () => {
    assert.equal(inverseCdf.challenge?.count, 2000);
    assert.equal(n, 2000);
    assert.ok(uniforms.every((u) => u > 0 && u < 1));
    assert.deepEqual(inverseCdf.drawChallenge!(20261207), uniforms);
    assert.notDeepEqual(inverseCdf.drawChallenge!(20261208), uniforms);
    // The extreme seed of the database's column.
    assert.ok(inverseCdf.drawChallenge!(2 ** 31 - 1).every((u) => u > 0 && u < 1));
  });

  test("contract", () => assertContract(inverseCdf, { challengeId, samples: exact }, context));

  test("the exact inverse CDF scores the rounding floor, in either of its usual forms, so exact answers tie", () => {
    const oneLiner = score(exact);
    assert.ok(oneLiner.maxError === INVERSE_CDF_ERROR_FLOOR, `${oneLiner.maxError}`);
    const byCases = score(uniforms.map((u) => (u < 0.5 ? Math.log(2 * u) : -Math.log(2 - 2 * u))));
    assert.ok(byCases.maxError === INVERSE_CDF_ERROR_FLOOR, `${byCases.maxError}`);
    assert.equal(pointsShare(oneLiner), 1);
    assert.deepEqual(rankKeysOf(inverseCdf, oneLiner), [0, oneLiner.maxError]);
  });

  test("quantiles not computed from the challenge's uniforms fail, sorted or shuffled, though their KS distance is tiny", () => {
    const quantiles = Array.from({ length: n }, (_, i) => laplaceInverseCdf((i + 0.5) / n));
    const rng = mulberry32(5);
    const shuffled = [...quantiles];
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    // So are the right values in the wrong order: the exact answers, sorted.
    const sortedExact = [...exact].sort((a, b) => a - b);
    for (const [name, samples] of [
      ["sorted quantiles", quantiles],
      ["shuffled quantiles", shuffled],
      ["sorted exact answers", sortedExact],
    ] as const) {
      const metrics = score(samples);
      assert.ok(metrics.maxError > 0.5, `${name}: maxError ${metrics.maxError}`);
      assert.equal(pointsShare(metrics), 0, name);
      assert.ok(compareKeys(rankKeysOf(inverseCdf, score(exact)), rankKeysOf(inverseCdf, metrics)) < 0, name);
    }
    assert.ok(score(quantiles).ksStatistic < 0.001, "the old metric would have ranked the quantiles first");
  });

  test("a Gaussian of the same variance scores badly, from these uniforms or from its own", () => {
    const transformed = score(uniforms.map((u) => Math.SQRT2 * normalQuantile(u)));
    assert.ok(transformed.maxError > 0.05 && transformed.maxError < 0.07, `√2·Φ⁻¹(u): ${transformed.maxError}`);
    assert.equal(pointsShare(transformed), 0);
    const rng = mulberry32(3);
    const ownDraws = score(Array.from({ length: n }, () => Math.SQRT2 * gaussian(rng)));
    assert.ok(ownDraws.maxError > 0.5, `own Gaussian draws: ${ownDraws.maxError}`);
    assert.ok(ownDraws.ksStatistic > 0.04, `own Gaussian draws: KS ${ownDraws.ksStatistic}`);
  });

  test("correct samples of another challenge fail this one", () => {
    const other = inverseCdfUniforms(1).map((u) => laplaceInverseCdf(u));
    const metrics = score(other);
    assert.ok(metrics.maxError > 0.5, `${metrics.maxError}`);
    assert.ok(metrics.ksStatistic < 0.05, "they are Laplace draws all the same");
  });

  test("scoring needs the challenge's uniforms, as many as the samples", () => {
    const submission = inverseCdf.submissionSchema.parse({ challengeId, samples: exact });
    assert.throws(() => inverseCdf.score(submission), /uniforms of a challenge/);
    assert.throws(() => inverseCdf.score(submission, { uniforms: uniforms.slice(1) }), RangeError);
  });

  test("preview is a histogram of all samples", () => {
    const p = inverseCdf.preview(inverseCdf.submissionSchema.parse({ challengeId, samples: exact })) as { counts: number[]; below: number; above: number };
    assert.equal(p.counts.length, 48);
    assert.equal(p.counts.reduce((s, c) => s + c, 0) + p.below + p.above, n);
  });

  test("each bad input is refused with a precise message", () => {
    const with_ = (i: number, v: unknown) => ({ challengeId, samples: exact.map((x, j) => (j === i ? v : x)) });
    assert.equal(messageFor(inverseCdf, { challengeId, samples: exact.slice(1) }), '"samples" must contain exactly 2000 numbers (got 1999).');
    assert.equal(messageFor(inverseCdf, with_(2, null)), "samples: entry 3 is not a number (NaN and Infinity cannot be sent as JSON).");
    assert.equal(messageFor(inverseCdf, with_(0, "1.5")), "samples: entry 1 is not a number.");
    assert.equal(messageFor(inverseCdf, with_(1999, Infinity)), "samples: entry 2000 is not a finite number.");
    assert.equal(messageFor(inverseCdf, with_(7, 1001)), "samples: entry 8 is beyond ±1000.");
    assert.equal(messageFor(inverseCdf, { challengeId }), '"samples" is missing.');
    assert.equal(messageFor(inverseCdf, { challengeId, samples: 3 }), '"samples" must be a list of numbers.');
    assert.equal(messageFor(inverseCdf, { challengeId: 7, samples: exact }), '"challengeId" must be the id of a challenge (a string).');
    assert.equal(messageFor(inverseCdf, { challengeId, samples: exact }), "ok");
  });

  test("scoring 2,000 samples is fast", () => {
    const ms = timeScore(inverseCdf, inverseCdf.submissionSchema.parse({ challengeId, samples: exact }), 5, context);
    console.log(`# inverse-cdf score(2,000 samples): ${ms.toFixed(1)} ms`);
    assert.ok(ms < 200, `${ms} ms`);
  });
});

describe("the page's check of a run (InverseCdfCheck, one draw per step)", () => {
  const uniforms = Float64Array.from(inverseCdfUniforms(99));
  const cdf = (x: number) => laplaceCdf(x);
  // A sampler right everywhere except draws 700 (slightly off) and 1500 (far off): the check must find 1500.
  const samples = Float64Array.from(uniforms, (u) => laplaceInverseCdf(u));
  samples[700] += 0.01;
  samples[1500] = -samples[1500];
  /** The page's former one-pass loop: max_i |F(x_i) − u_i| and the first draw where it is reached. */
  const onePass = (to: number) => {
    let maxError = 0;
    let worst = 0;
    for (let i = 0; i < to; i++) {
      const error = Math.abs(cdf(samples[i]) - uniforms[i]);
      if (error > maxError) [maxError, worst] = [error, i];
    }
    return { maxError, worst };
  };

  test("checked frame by frame, it ends by itself on the one-pass answer, and its KS is that of the draws checked", async () => {
    const check = new InverseCdfCheck(cdf, uniforms, samples);
    assert.equal(check.totalIterations, 2000);
    assert.ok(Number.isNaN((await check.losses()).maxError), "nothing checked yet");
    check.step(1000);
    assert.deepEqual(check.largestError, onePass(1000));
    close((await check.losses()).ks, ksStatistic(samples.subarray(0, 1000), cdf), 0);
    let frames = 0;
    await runFrames(check, { frameBudgetMs: 0.01, onFrame: () => void frames++ });
    assert.ok(frames > 1);
    assert.equal(check.iteration, 2000, "runFrames stops at the last draw");
    check.step(5);
    assert.equal(check.iteration, 2000, "nothing past the last draw");
    assert.deepEqual(check.largestError, onePass(2000));
    assert.equal(check.largestError.worst, 1500);
    const losses = await check.losses();
    assert.deepEqual(losses, { maxError: onePass(2000).maxError, ks: ksStatistic(samples, cdf) });
    // The scorer's metric is the same function, floored.
    const scored = inverseCdf.score(inverseCdf.submissionSchema.parse({ samples: Array.from(samples) }), { uniforms: Array.from(uniforms) });
    assert.equal(scored.maxError, losses.maxError);
    assert.equal(largestCdfError(samples, uniforms, cdf).maxError, losses.maxError);
  });

  test("a saved check restored into a fresh one continues identically, and a bad save is refused", async () => {
    const straight = new InverseCdfCheck(cdf, uniforms, samples);
    straight.step(2000);
    for (const at of [0, 1, 700, 701, 1999]) {
      const first = new InverseCdfCheck(cdf, uniforms, samples);
      first.step(at);
      const saved = structuredClone(await first.exportState());
      // The page builds an empty check before it knows of a saved one.
      const resumed = new InverseCdfCheck(cdf);
      assert.equal(resumed.totalIterations, 0);
      resumed.importState(saved);
      assert.equal(resumed.iteration, at);
      assert.deepEqual(resumed.largestError, first.largestError);
      resumed.step(2000);
      assert.deepEqual(resumed.largestError, straight.largestError, `resumed at draw ${at}`);
      assert.deepEqual(await resumed.losses(), await straight.losses());
    }
    const saved = await straight.exportState();
    const fresh = () => new InverseCdfCheck(cdf);
    assert.throws(() => fresh().importState(undefined), /not an object/);
    assert.throws(() => fresh().importState({ ...saved, checked: 2001 }), /whole number from 0 to 2000/);
    assert.throws(() => fresh().importState({ ...saved, samples: saved.samples.subarray(1) }), /1999 samples cannot answer 2000 uniforms/);
    assert.throws(() => fresh().importState({ ...saved, samples: Array.from(saved.samples) }), /Float64Arrays/);
    assert.throws(() => fresh().importState({ ...saved, uniforms: saved.uniforms.map((u, i) => (i === 3 ? 1 : u)) }), /\(0, 1\)/);
    assert.throws(() => fresh().importState({ ...saved, samples: saved.samples.map((x, i) => (i === 3 ? NaN : x)) }), /finite/);
  });
});

test("a draw whose error is not a number is the worst draw, wherever it stands", () => {
  const identity = (x: number) => x;
  assert.deepEqual(largestCdfError([0.5, NaN, 0.2], [0.5, 0.5, 0.9], identity).worst, 1);
  assert.ok(Number.isNaN(largestCdfError([0.5, NaN, 0.2], [0.5, 0.5, 0.9], identity).maxError));
  assert.ok(Number.isNaN(largestCdfError([NaN, 0.1], [0.5, 0.9], identity).maxError), "a later finite error does not replace it");
  assert.deepEqual(largestCdfError([0.1, 0.3], [0.2, 0.9], identity), { maxError: 0.6000000000000001, worst: 1 });
});
