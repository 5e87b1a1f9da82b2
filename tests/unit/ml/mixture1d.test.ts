import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { kdeLogDensity, silvermanBandwidth } from "@/lib/ml/density/kde";
import {
  fitMixture1Em,
  gaussianLogPdf1,
  gridKlDivergence,
  midpointGrid,
  type Mixture1,
  mixture1EmStep,
  mixture1LogDensity,
  mixture1MeanLogLikelihood,
  sampleMixture1,
} from "@/lib/ml/density/mixture1d";
import { gaussian, mulberry32 } from "@/lib/ml/random";

const close = (a: number, b: number, tol: number, what = "") => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} ≉ ${b} (±${tol})`);

/** The normal density written out. */
const pdf = (x: number, m: number, s: number) => Math.exp(-((x - m) ** 2) / (2 * s * s)) / (s * Math.sqrt(2 * Math.PI));

/** KL(N(m1, s1²) ‖ N(m2, s2²)) = ln(s2/s1) + (s1² + (m1 − m2)²) / (2 s2²) − ½. */
const gaussianKl = (m1: number, s1: number, m2: number, s2: number) => Math.log(s2 / s1) + (s1 * s1 + (m1 - m2) ** 2) / (2 * s2 * s2) - 0.5;

const TRUE: Mixture1 = { weights: [0.3, 0.7], means: [-2, 3], sds: [1, 0.5] };
const data = sampleMixture1(TRUE, 20_000, mulberry32(17));

describe("density", () => {
  test("log N and the mixture's log-density match the formulas", () => {
    close(gaussianLogPdf1(1, 0, 2), -0.5 * Math.log(2 * Math.PI) - Math.log(2) - 1 / 8, 1e-14);
    for (const x of [-4, -2, 0, 0.7, 3, 8]) {
      close(mixture1LogDensity(TRUE, x), Math.log(0.3 * pdf(x, -2, 1) + 0.7 * pdf(x, 3, 0.5)), 1e-12, `x = ${x}`);
    }
    // Far in a tail the density underflows but its logarithm stays finite.
    assert.ok(Number.isFinite(mixture1LogDensity(TRUE, 200)));
    assert.throws(() => mixture1LogDensity({ weights: [1], means: [0], sds: [0] }, 0), RangeError);
    assert.throws(() => mixture1LogDensity({ weights: [0.5, 0.4], means: [0, 1], sds: [1, 1] }, 0), RangeError);
  });

  test("samples have the mixture's mean Σ w μ and variance Σ w (σ² + μ²) − mean²", () => {
    const n = data.length;
    const mean = data.reduce((s, v) => s + v, 0) / n;
    const variance = data.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
    const trueMean = 0.3 * -2 + 0.7 * 3;
    const trueVariance = 0.3 * (1 + 4) + 0.7 * (0.25 + 9) - trueMean ** 2;
    close(mean, trueMean, 4 * Math.sqrt(trueVariance / n), "mean");
    // The sample variance's standard error is √((μ₄ − σ⁴)/n) ≈ 0.045 here (μ₄ = 74.0): four of them.
    close(variance, trueVariance, 0.18, "variance");
    const share = data.filter((v) => v < 0.5).length / n;
    close(share, 0.3, 0.015, "share of the left component");
  });
});

describe("EM", () => {
  test("with one component, one step gives the closed-form ML Gaussian, which beats nearby Gaussians", () => {
    const xs = Array.from({ length: 50 }, (_, i) => Math.sin(i) * 3 + i / 10);
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length); // divided by n
    const { model } = mixture1EmStep(xs, { weights: [1], means: [10], sds: [7] });
    close(model.means[0], mean, 1e-12, "μ");
    close(model.sds[0], sd, 1e-12, "σ");
    const best = mixture1MeanLogLikelihood(model, xs);
    close(best, -0.5 * Math.log(2 * Math.PI * sd * sd) - 0.5, 1e-12, "max log-likelihood −½ ln(2πσ²) − ½");
    for (const [dm, ds] of [
      [0.1, 0],
      [-0.1, 0],
      [0, 0.1],
      [0, -0.1],
    ]) {
      assert.ok(mixture1MeanLogLikelihood({ weights: [1], means: [mean + dm], sds: [sd + ds] }, xs) < best);
    }
  });

  test("never lowers the likelihood, and recovers the mixture that drew the data", () => {
    const start: Mixture1 = { weights: [0.5, 0.5], means: [-1, 1], sds: [2, 2] };
    const fit = fitMixture1Em(data, start, { iterations: 500 });
    assert.ok(fit.converged, "converged");
    assert.equal(fit.logLikelihoods.length, fit.steps + 1);
    for (let i = 1; i < fit.logLikelihoods.length; i++) assert.ok(fit.logLikelihoods[i] >= fit.logLikelihoods[i - 1] - 1e-9, `step ${i}`);
    const { weights, means, sds } = fit.model;
    close(weights[0], 0.3, 0.015, "w₁");
    close(means[0], -2, 0.04, "μ₁");
    close(means[1], 3, 0.02, "μ₂");
    close(sds[0], 1, 0.03, "σ₁");
    close(sds[1], 0.5, 0.015, "σ₂");
    // A stationary point: one more step barely moves it.
    const again = mixture1EmStep(data, fit.model).model;
    close(again.means[0], means[0], 1e-4, "μ₁ after another step");
    close(again.sds[1], sds[1], 1e-4, "σ₂ after another step");
    close(fit.logLikelihoods[fit.steps] / data.length, mixture1MeanLogLikelihood(fit.model, data), 1e-9, "curve ends at the model's log-likelihood");
  });

  test("the σ floor stops a component collapsing onto a repeated value", () => {
    const xs = [0, 0, 0, 0, 5, 6, 7, 5.5, 6.5];
    const start: Mixture1 = { weights: [0.5, 0.5], means: [0, 6], sds: [0.5, 1] };
    // Plain EM: the first step shrinks σ₁ to ~1e-11 around the four zeros (the likelihood grows without bound).
    const free = mixture1EmStep(xs, start).model;
    assert.ok(free.sds[0] < 1e-6, `plain EM collapses (σ₁ = ${free.sds[0]})`);
    const floored = fitMixture1Em(xs, start, { iterations: 50, minSd: 0.3 }).model;
    close(floored.sds[0], 0.3, 1e-12, "σ₁ held at the floor");
  });
});

describe("KL divergence on a grid", () => {
  const grid = midpointGrid(-15, 15, 3000);
  const dx = 30 / 3000;

  test("matches the closed form between Gaussians, is 0 for equal densities, and ignores p's normalising constant", () => {
    for (const [m1, s1, m2, s2] of [
      [0, 1, 1, 2],
      [0, 1, 0, 1],
      [1, 0.5, -1, 1.5],
      [0, 2, 0, 1],
    ]) {
      const logP = grid.map((x) => gaussianLogPdf1(x, m1, s1));
      const logQ = grid.map((x) => gaussianLogPdf1(x, m2, s2));
      close(gridKlDivergence(logP, logQ, dx), gaussianKl(m1, s1, m2, s2), 1e-6, `KL(N(${m1}, ${s1}²) ‖ N(${m2}, ${s2}²))`);
      close(
        gridKlDivergence(
          logP.map((v) => v + 3),
          logQ,
          dx,
        ),
        gaussianKl(m1, s1, m2, s2),
        1e-6,
        "p scaled by e³",
      );
    }
    close(gaussianKl(0, 1, 1, 2), Math.log(2) + 2 / 8 - 0.5, 1e-15); // the formula itself: 0.443 nats
    // A q that underflows where p has mass: large but finite.
    const narrow = grid.map((x) => gaussianLogPdf1(x, 10, 0.1));
    const kl = gridKlDivergence(
      grid.map((x) => gaussianLogPdf1(x, 0, 1)),
      narrow,
      dx,
    );
    assert.ok(Number.isFinite(kl) && kl > 1000, `${kl}`);
  });

  test("of a KDE of N(0, 1) data from the model: small for the true density, about the shift's cost for a shifted one", () => {
    const rng = mulberry32(8);
    const xs = Float64Array.from({ length: 2000 }, () => gaussian(rng));
    const h = silvermanBandwidth(xs);
    const logKde = grid.map((x) => kdeLogDensity(x, xs, h));
    // The KDE's expectation is N(0, 1 + h²): KL(N(0, 1 + h²) ‖ N(m, 1)) = −½ ln(1 + h²) + (h² + m²)/2.
    const s = Math.sqrt(1 + h * h);
    const toTruth = gridKlDivergence(
      logKde,
      grid.map((x) => gaussianLogPdf1(x, 0, 1)),
      dx,
    );
    const toShifted = gridKlDivergence(
      logKde,
      grid.map((x) => gaussianLogPdf1(x, 0.5, 1)),
      dx,
    );
    close(toTruth, gaussianKl(0, s, 0, 1), 0.01, "KL to the truth");
    close(toShifted, gaussianKl(0, s, 0.5, 1), 0.03, "KL to N(0.5, 1)");
    assert.ok(toShifted > toTruth);
  });

  test("rejects mismatched grids", () => {
    assert.throws(() => gridKlDivergence([0, 0], [0], 0.1), RangeError);
    assert.throws(() => midpointGrid(1, 1, 10), RangeError);
  });
});
