// The density math of lib/ml/density against independently computed values.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { cholesky2, eigenvalues2, fitGaussian2, gaussianLogPdf2, gaussianMeanLogLikelihood, type Vec2 } from "@/lib/ml/density/gaussian";
import { emStep, fitGmmEm, floorEigenvalues, gmmBic, gmmLogLikelihood, gmmMeanLogLikelihood, gmmParameterCount, initialGmm } from "@/lib/ml/density/gmm";
import { baumWelchStep, fitHmmBaumWelch, hmmBackward, hmmForward, hmmLogLikelihood, randomHmm, smoothHmm, type Hmm } from "@/lib/ml/density/hmm";
import { kdeLeaveOneOutMeanLogLikelihood, kdeLogDensity, kdeMeanLogLikelihood, silvermanBandwidth } from "@/lib/ml/density/kde";
import { logSumExp } from "@/lib/ml/density/logsumexp";
import { gaussian, mulberry32 } from "@/lib/ml/random";

const close = (a: number, b: number, tol = 1e-10) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≉ ${b}`);

/** Closed form: log N(x | μ, Σ) = −log(2π) − ½ log(ad − b²) − ½ (d·dx² − 2b·dx·dy + a·dy²)/(ad − b²). */
function closedFormLogPdf(x: number, y: number, mu: Vec2, a: number, b: number, d: number): number {
  const det = a * d - b * b;
  const dx = x - mu[0];
  const dy = y - mu[1];
  return -Math.log(2 * Math.PI) - 0.5 * Math.log(det) - (0.5 * (d * dx * dx - 2 * b * dx * dy + a * dy * dy)) / det;
}

/** Two well-separated blobs with continuous coordinates (no ties, no collapse). */
function blobs(n: number, seed: number): Vec2[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const [cx, cy, s] = i % 3 === 0 ? [0, 0, 1] : i % 3 === 1 ? [6, 2, 0.7] : [2, 7, 1.5];
    return [cx + s * gaussian(rng), cy + s * gaussian(rng) + 0.3 * gaussian(rng)] as const;
  });
}

describe("2-D Gaussian", () => {
  test("log-pdf through Cholesky equals the closed form", () => {
    const cases: [Vec2, number, number, number, Vec2][] = [
      [[0, 0], 1, 0, 1, [0, 0]],
      [[1, -2], 4, 1.2, 2, [0.5, 0.3]],
      [[43.9, 200.9], 29.8, 50.1, 196.7, [39.1, 181]],
      [[0, 0], 2, -1.9, 2, [3, 3]],
    ];
    for (const [mu, a, b, d, [x, y]] of cases) {
      const chol = cholesky2([
        [a, b],
        [b, d],
      ])!;
      close(gaussianLogPdf2(x, y, mu, chol), closedFormLogPdf(x, y, mu, a, b, d), 1e-12);
    }
    // Standard normal at the origin: −log 2π exactly.
    close(
      gaussianLogPdf2(
        0,
        0,
        [0, 0],
        cholesky2([
          [1, 0],
          [0, 1],
        ])!,
      ),
      -Math.log(2 * Math.PI),
      1e-15,
    );
  });

  test("Cholesky refuses matrices that are not positive definite", () => {
    assert.equal(
      cholesky2([
        [0, 0],
        [0, 1],
      ]),
      null,
    );
    assert.equal(
      cholesky2([
        [1, 2],
        [2, 1],
      ]),
      null,
    ); // det −3
    assert.equal(
      cholesky2([
        [1, 1],
        [1, 1],
      ]),
      null,
    ); // singular
    assert.equal(
      cholesky2([
        [-1, 0],
        [0, -1],
      ]),
      null,
    );
    assert.ok(
      cholesky2([
        [1, 0.99],
        [0.99, 1],
      ]),
    );
  });

  test("eigenvalues of a symmetric 2×2", () => {
    const [l1, l2] = eigenvalues2([
      [2, 1],
      [1, 2],
    ]);
    close(l1, 1, 1e-15);
    close(l2, 3, 1e-15);
  });

  test("MLE fit is the sample mean and the covariance over n", () => {
    const pts: Vec2[] = [
      [0, 0],
      [2, 0],
      [0, 2],
      [2, 2],
    ];
    const g = fitGaussian2(pts);
    assert.deepEqual(g.mean, [1, 1]);
    assert.deepEqual(g.covariance, [
      [1, 0],
      [0, 1],
    ]);
    // The MLE maximises the likelihood: nudging any parameter lowers it.
    const data = blobs(300, 3);
    const best = fitGaussian2(data);
    const base = gaussianMeanLogLikelihood(data, best);
    const [[a, b], [, d]] = best.covariance;
    for (const other of [
      { mean: [best.mean[0] + 0.1, best.mean[1]] as const, covariance: best.covariance },
      {
        mean: best.mean,
        covariance: [
          [a * 1.05, b],
          [b, d],
        ] as const,
      },
      {
        mean: best.mean,
        covariance: [
          [a, b * 0.95],
          [b * 0.95, d],
        ] as const,
      },
    ])
      assert.ok(gaussianMeanLogLikelihood(data, other) < base);
  });
});

describe("Gaussian mixture", () => {
  test("a one-component GMM has exactly the Gaussian's log-likelihood", () => {
    const data = blobs(100, 5);
    const g = fitGaussian2(data);
    const gmm = { weights: [1], means: [[g.mean[0], g.mean[1]] as [number, number]], covariances: [g.covariance as [[number, number], [number, number]]] };
    close(gmmMeanLogLikelihood(data, gmm), gaussianMeanLogLikelihood(data, g), 1e-12);
  });

  test("a two-component log-likelihood by hand", () => {
    // p(x) = 0.3 N(x|0, I) + 0.7 N(x|(1,0), 2I) at x = (0, 0) and (1, 1).
    const gmm = {
      weights: [0.3, 0.7],
      means: [
        [0, 0],
        [1, 0],
      ] as [number, number][],
      covariances: [
        [
          [1, 0],
          [0, 1],
        ],
        [
          [2, 0],
          [0, 2],
        ],
      ] as [[number, number], [number, number]][],
    };
    const n1 = (x: number, y: number) => Math.exp(-(x * x + y * y) / 2) / (2 * Math.PI);
    const n2 = (x: number, y: number) => Math.exp(-((x - 1) ** 2 + y * y) / 4) / (4 * Math.PI);
    const expected = Math.log(0.3 * n1(0, 0) + 0.7 * n2(0, 0)) + Math.log(0.3 * n1(1, 1) + 0.7 * n2(1, 1));
    close(
      gmmLogLikelihood(
        [
          [0, 0],
          [1, 1],
        ],
        gmm,
      ),
      expected,
      1e-12,
    );
  });

  test("BIC counts 6K − 1 free parameters in 2-D", () => {
    assert.deepEqual([1, 2, 3, 10].map(gmmParameterCount), [5, 11, 17, 59]);
    const data = blobs(60, 9);
    const model = initialGmm(data, { components: 3, seed: 2 });
    close(gmmBic(data, model), -2 * gmmLogLikelihood(data, model) + 17 * Math.log(60), 1e-12);
  });

  test("EM never decreases the log-likelihood (every iteration, several K, seeds and starts)", () => {
    const data = blobs(240, 11);
    for (const components of [1, 2, 3, 5]) {
      for (const init of ["kmeans++", "random"] as const) {
        for (const seed of [1, 2]) {
          const { logLikelihoods, model } = fitGmmEm(data, { components, iterations: 60, seed, init, tolerance: 0, minEigenvalue: 1e-3 });
          assert.equal(logLikelihoods.length, 61);
          for (let i = 1; i < logLikelihoods.length; i++) {
            assert.ok(
              logLikelihoods[i] >= logLikelihoods[i - 1] - 1e-9 * Math.abs(logLikelihoods[i]),
              `K=${components} ${init} seed ${seed}: step ${i} went from ${logLikelihoods[i - 1]} to ${logLikelihoods[i]}`,
            );
          }
          close(
            model.weights.reduce((s, w) => s + w, 0),
            1,
            1e-12,
          );
        }
      }
    }
  });

  test("EM on three blobs beats one Gaussian and finds roughly the three weights", () => {
    const data = blobs(300, 4);
    const { model, logLikelihoods } = fitGmmEm(data, { components: 3, iterations: 200, seed: 1 });
    assert.ok(
      logLikelihoods.at(-1)! >
        gmmLogLikelihood(data, {
          weights: [1],
          means: [[...fitGaussian2(data).mean] as [number, number]],
          covariances: [fitGaussian2(data).covariance as [[number, number], [number, number]]],
        }) +
          100,
    );
    for (const w of model.weights) assert.ok(Math.abs(w - 1 / 3) < 0.05, `${w}`);
  });

  test("an EM step matches the textbook update on two points and two components", () => {
    // Responsibilities by hand, then weights = mean responsibility and means = weighted averages.
    const pts: Vec2[] = [
      [0, 0],
      [4, 0],
    ];
    const model = {
      weights: [0.5, 0.5],
      means: [
        [1, 0],
        [3, 0],
      ] as [number, number][],
      covariances: [
        [
          [1, 0],
          [0, 1],
        ],
        [
          [1, 0],
          [0, 1],
        ],
      ] as [[number, number], [number, number]][],
    };
    const r = 1 / (1 + Math.exp(-4)); // resp of comp 1 for x=0: e^{−½}/(e^{−½}+e^{−9/2})
    const { model: next, logLikelihood } = emStep(pts, model);
    close(next.weights[0], 0.5, 1e-12);
    close(next.means[0][0], (1 - r) * 4, 1e-12);
    close(next.means[1][0], r * 4, 1e-12);
    close(logLikelihood, gmmLogLikelihood(pts, model), 1e-12);
  });

  test("the eigenvalue floor keeps eigenvectors and raises small eigenvalues only", () => {
    const floored = floorEigenvalues(
      [
        [2, 1],
        [1, 2],
      ],
      2,
    );
    const [l1, l2] = eigenvalues2(floored);
    close(l1, 2, 1e-12);
    close(l2, 3, 1e-12);
    close(floored[0][1], 0.5, 1e-12); // (3−2)/2 along the (1,1) direction
    assert.deepEqual(
      floorEigenvalues(
        [
          [5, 0],
          [0, 0],
        ],
        1,
      ),
      [
        [5, 0],
        [0, 1],
      ],
    );
    assert.deepEqual(
      floorEigenvalues(
        [
          [3, 1],
          [1, 3],
        ],
        1,
      ),
      [
        [3, 1],
        [1, 3],
      ],
    );
  });
});

describe("Gaussian KDE", () => {
  test("log-likelihood of 2 centres at 2 points, by hand", () => {
    // Centres {0, 1}, h = 0.5: p(x) = ½[N(x|0, ¼) + N(x|1, ¼)], N(x|c, h²) = exp(−(x−c)²/(2h²))/(h√(2π)).
    const h = 0.5;
    const k = (u: number) => Math.exp(-(u * u) / (2 * h * h)) / (h * Math.sqrt(2 * Math.PI));
    const p = (x: number) => 0.5 * (k(x) + k(x - 1));
    close(kdeLogDensity(0.25, [0, 1], h), Math.log(p(0.25)), 1e-14);
    close(kdeMeanLogLikelihood([0, 1], [0.25, 2], h), (Math.log(p(0.25)) + Math.log(p(2))) / 2, 1e-14);
  });

  test("three centres, and a far point stays finite (log-sum-exp)", () => {
    const h = 0.1;
    const centres = [1, 2, 4];
    const expected = Math.log((Math.exp(-(0.5 ** 2) / 0.02) + Math.exp(-(0.5 ** 2) / 0.02) + Math.exp(-(2.5 ** 2) / 0.02)) / (3 * h * Math.sqrt(2 * Math.PI)));
    close(kdeLogDensity(1.5, centres, h), expected, 1e-12);
    // 100 from every centre: every exp underflows, the log does not.
    close(kdeLogDensity(104, centres, h), -(100 ** 2) / (2 * h * h) - Math.log(3 * h * Math.sqrt(2 * Math.PI)), 1e-12);
    assert.ok(Number.isFinite(kdeLogDensity(1e6, centres, 1e-4)));
  });

  test("leave-one-out scores each point without itself; Silverman's rule", () => {
    const data = [0, 1, 3];
    const h = 0.7;
    const expected = (kdeLogDensity(0, [1, 3], h) + kdeLogDensity(1, [0, 3], h) + kdeLogDensity(3, [0, 1], h)) / 3;
    close(kdeLeaveOneOutMeanLogLikelihood(data, h), expected, 1e-14);
    // n = 4, σ̂ = sd([1,2,3,4]) = 1.29099, IQR = 3.25 − 1.75 = 1.5 → 1.5/1.34 = 1.11940 is smaller.
    close(silvermanBandwidth([1, 2, 3, 4]), 0.9 * (1.5 / 1.34) * 4 ** -0.2, 1e-12);
  });

  test("logSumExp edge cases", () => {
    assert.equal(logSumExp([]), -Infinity);
    assert.equal(logSumExp([-Infinity, -Infinity]), -Infinity);
    close(logSumExp([1000, 1000]), 1000 + Math.log(2), 1e-15);
  });
});

describe("hidden Markov model", () => {
  const model: Hmm = {
    initial: [0.6, 0.3, 0.1],
    transition: [
      [0.7, 0.2, 0.1],
      [0.3, 0.5, 0.2],
      [0.25, 0.25, 0.5],
    ],
    emission: [
      [0.5, 0.4, 0.1],
      [0.1, 0.3, 0.6],
      [0.3, 0.3, 0.4],
    ],
  };

  /** Σ over all S^T state paths of P(z₁)·Π P(z_t|z_{t−1})·Π P(y_t|z_t) (errata item 9); a null y_t is not observed (factor 1). */
  function bruteForce(m: Hmm, ys: (number | null)[]): number {
    const S = m.initial.length;
    let total = 0;
    const path: number[] = [];
    const emit = (s: number, y: number | null) => (y === null ? 1 : m.emission[s][y]);
    const visit = (t: number) => {
      if (t === ys.length) {
        let p = m.initial[path[0]] * emit(path[0], ys[0]);
        for (let u = 1; u < ys.length; u++) p *= m.transition[path[u - 1]][path[u]] * emit(path[u], ys[u]);
        total += p;
        return;
      }
      for (let s = 0; s < S; s++) {
        path[t] = s;
        visit(t + 1);
      }
      path.length = t;
    };
    visit(0);
    return Math.log(total);
  }

  test("scaled forward log-likelihood equals the brute-force sum over all state paths", () => {
    for (const ys of [[0], [2, 1], [0, 1, 2, 2, 0], [1, 1, 1, 0, 2, 0, 1]]) close(hmmLogLikelihood(model, ys), bruteForce(model, ys), 1e-12);
    const random = randomHmm(2, 5, 7);
    const ys = [4, 0, 0, 3, 1, 2, 4, 1];
    close(hmmLogLikelihood(random, ys), bruteForce(random, ys), 1e-12);
  });

  test("steps not observed (null) are summed over: the log-likelihood of the observed steps alone", () => {
    for (const ys of [
      [0, null, 2],
      [null, null, 1, 2],
      [2, null, null, 0, 1, null],
    ])
      close(hmmLogLikelihood(model, ys), bruteForce(model, ys), 1e-12);
    close(hmmLogLikelihood(model, [0, 1, null, null]), hmmLogLikelihood(model, [0, 1]), 1e-12);
  });

  test("forward × backward gives state posteriors that sum to 1 at every t", () => {
    const ys = [0, 1, 2, 2, 0, 1];
    const { alpha, scales } = hmmForward(model, ys);
    const beta = hmmBackward(model, ys, scales);
    for (let t = 0; t < ys.length; t++)
      close(
        alpha[t].reduce((s, a, i) => s + a * beta[t][i], 0),
        1,
        1e-12,
      );
  });

  test("an impossible sequence has log-likelihood −∞; smoothing makes it finite", () => {
    const hard: Hmm = {
      initial: [1, 0],
      transition: [
        [1, 0],
        [0, 1],
      ],
      emission: [
        [1, 0],
        [0, 1],
      ],
    };
    assert.equal(hmmLogLikelihood(hard, [0, 1]), -Infinity);
    const smooth = smoothHmm(hard, 1e-6);
    assert.ok(Number.isFinite(hmmLogLikelihood(smooth, [0, 1])));
    close(smooth.emission[0][1], 0.5e-6, 1e-12);
  });

  test("Baum–Welch never decreases the log-likelihood (every iteration)", () => {
    const rng = mulberry32(3);
    const truth = randomHmm(3, 5, 99);
    // Sample 400 symbols from a random 3-state model.
    const ys: number[] = [];
    const draw = (p: number[]) => {
      let u = rng();
      for (let i = 0; i < p.length; i++) if ((u -= p[i]) < 0) return i;
      return p.length - 1;
    };
    let z = draw(truth.initial);
    for (let t = 0; t < 400; t++) {
      ys.push(draw(truth.emission[z]));
      z = draw(truth.transition[z]);
    }
    for (const states of [1, 2, 3, 5]) {
      for (const seed of [1, 2]) {
        const { logLikelihoods, model: fitted } = fitHmmBaumWelch(ys, { states, symbols: 5, iterations: 50, seed, tolerance: 0 });
        assert.equal(logLikelihoods.length, 51);
        for (let i = 1; i < logLikelihoods.length; i++) {
          assert.ok(logLikelihoods[i] >= logLikelihoods[i - 1] - 1e-9 * Math.abs(logLikelihoods[i]), `S=${states} seed ${seed}: step ${i}`);
        }
        for (const row of [fitted.initial, ...fitted.transition, ...fitted.emission])
          close(
            row.reduce((s, v) => s + v, 0),
            1,
            1e-9,
          );
      }
    }
  });

  test("one Baum–Welch step reports the likelihood of the model that went in", () => {
    const ys = [0, 1, 2, 2, 0, 1, 1];
    close(baumWelchStep(model, ys).logLikelihood, bruteForce(model, ys), 1e-12);
    // With one state, Baum–Welch lands on the symbol frequencies in one step.
    const one = baumWelchStep({ initial: [1], transition: [[1]], emission: [[0.2, 0.3, 0.5]] }, ys).model;
    assert.deepEqual(
      one.emission[0].map((v) => Math.round(v * 7)),
      [2, 3, 2],
    );
  });
});
