import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { inverseCdf } from "@/lib/exercises/inverse-cdf";
import { gaussian, mulberry32 } from "@/lib/ml/random";
import { ksStatistic } from "@/lib/ml/sampling/ks";
import { laplaceCdf, laplaceInverseCdf, sampleLaplace, uniformOpen } from "@/lib/ml/sampling/laplace";
import { assertContract, close, compareKeys, messageFor, timeScore } from "./helpers";
import { rankKeysOf } from "@/lib/exercises/ranking";

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
    close(ksStatistic([0], (x) => laplaceCdf(x)), 0.5, 1e-15);
    // {−1, 0, 1}: gaps 1/3 − F(−1), F(−1), 2/3 − ½, ½ − 1/3, 1 − F(1), F(1) − 2/3; largest F(−1) = ½e^{−1}.
    close(ksStatistic([1, -1, 0], (x) => laplaceCdf(x)), 0.5 * Math.exp(-1), 1e-15);
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
  const good = Array.from(sampleLaplace(5000, mulberry32(2)));
  const rng = mulberry32(3);
  // Same mean and variance, wrong shape: N(0, 2).
  const normal = Array.from({ length: 5000 }, () => Math.SQRT2 * gaussian(rng));

  test("contract", () => assertContract(inverseCdf, { samples: good }));

  test("a correct sampler scores near 1/√n and ranks above a Gaussian with the same variance", () => {
    const a = inverseCdf.score(inverseCdf.submissionSchema.parse({ samples: good }));
    const b = inverseCdf.score(inverseCdf.submissionSchema.parse({ samples: normal }));
    assert.ok(a.ksStatistic < 0.0276, `good ${a.ksStatistic}`); // 99.9% critical value for n = 5,000
    assert.ok(b.ksStatistic > 0.04, `normal ${b.ksStatistic}`);
    assert.ok(compareKeys(rankKeysOf(inverseCdf, a), rankKeysOf(inverseCdf, b)) < 0);
    assert.deepEqual(rankKeysOf(inverseCdf, a), [0, a.ksStatistic]);
  });

  test("preview is a histogram of all samples", () => {
    const p = inverseCdf.preview(inverseCdf.submissionSchema.parse({ samples: good })) as { counts: number[]; below: number; above: number };
    assert.equal(p.counts.length, 48);
    assert.equal(p.counts.reduce((s, c) => s + c, 0) + p.below + p.above, 5000);
  });

  test("each bad input is refused with a precise message", () => {
    const with_ = (i: number, v: unknown) => ({ samples: good.map((x, j) => (j === i ? v : x)) });
    assert.equal(messageFor(inverseCdf, { samples: good.slice(1) }), '"samples" must contain exactly 5000 numbers (got 4999).');
    assert.equal(messageFor(inverseCdf, with_(2, null)), "samples: entry 3 is not a number (NaN and Infinity cannot be sent as JSON).");
    assert.equal(messageFor(inverseCdf, with_(0, "1.5")), "samples: entry 1 is not a number.");
    assert.equal(messageFor(inverseCdf, with_(4999, Infinity)), "samples: entry 5000 is not a finite number.");
    assert.equal(messageFor(inverseCdf, with_(7, 1001)), "samples: entry 8 is beyond ±1000.");
    assert.equal(messageFor(inverseCdf, {}), '"samples" is missing.');
    assert.equal(messageFor(inverseCdf, { samples: 3 }), '"samples" must be a list of numbers.');
    assert.equal(messageFor(inverseCdf, { samples: good }), "ok");
  });

  test("scoring 5,000 samples is fast", () => {
    const ms = timeScore(inverseCdf, inverseCdf.submissionSchema.parse({ samples: good }));
    console.log(`# inverse-cdf score(5,000 samples): ${ms.toFixed(1)} ms`);
    assert.ok(ms < 200, `${ms} ms`);
  });
});
