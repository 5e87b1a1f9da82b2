import assert from "node:assert/strict";
import { test } from "node:test";
import type { Vec2 } from "@/lib/ml/density/gaussian";
import { fitGmmEm, type Gmm2 } from "@/lib/ml/density/gmm";
import { bestMatchAgreement, gmmAssignments } from "@/lib/ml/density/gmm-assign";
import { gaussian, mulberry32 } from "@/lib/ml/random";

/** w N(x | μ, Σ) written out with the 2 × 2 inverse and determinant (independent of the Cholesky route). */
function weightedDensity(x: Vec2, w: number, mean: Vec2, [[a, b], [, d]]: Gmm2["covariances"][number]): number {
  const det = a * d - b * b;
  const dx = x[0] - mean[0];
  const dy = x[1] - mean[1];
  const quad = (d * dx * dx - 2 * b * dx * dy + a * dy * dy) / det;
  return (w * Math.exp(-0.5 * quad)) / (2 * Math.PI * Math.sqrt(det));
}

test("each point goes to the component with the largest w N(x | μ, Σ)", () => {
  const model: Gmm2 = {
    weights: [0.2, 0.5, 0.3],
    means: [
      [0, 0],
      [2, 1],
      [-1, 3],
    ],
    covariances: [
      [
        [1, 0.3],
        [0.3, 0.5],
      ],
      [
        [2, -0.4],
        [-0.4, 1],
      ],
      [
        [0.7, 0],
        [0, 1.5],
      ],
    ],
  };
  const rng = mulberry32(9);
  const points: Vec2[] = Array.from({ length: 400 }, () => [4 * gaussian(rng), 1 + 3 * gaussian(rng)]);
  const assigned = gmmAssignments(points, model);
  points.forEach((x, i) => {
    const densities = model.weights.map((w, k) => weightedDensity(x, w, model.means[k], model.covariances[k]));
    assert.equal(assigned[i], densities.indexOf(Math.max(...densities)), `point ${i}`);
  });
  assert.equal(new Set(assigned).size, 3, "every component wins somewhere");
});

test("EM on two separated clusters recovers the hidden groups: agreement 1 under the best renaming", () => {
  const rng = mulberry32(4);
  const points: Vec2[] = [];
  const labels: number[] = [];
  for (let i = 0; i < 300; i++) {
    const label = rng() < 0.4 ? 1 : 0;
    points.push(label ? [4 + 0.6 * gaussian(rng), 1 + 0.8 * gaussian(rng)] : [0.8 * gaussian(rng), 0.5 * gaussian(rng)]);
    labels.push(label);
  }
  const { model } = fitGmmEm(points, { components: 2, iterations: 200, seed: 1 });
  assert.equal(bestMatchAgreement(gmmAssignments(points, model), labels, 2), 1);
});

test("the best renaming of groups to classes, worked by hand", () => {
  assert.equal(bestMatchAgreement([0, 0, 1, 1], [1, 1, 0, 0], 2), 1);
  assert.equal(bestMatchAgreement([0, 1, 0, 1], [0, 0, 1, 1], 2), 0.5);
  // Groups (2, 2, 0, 0, 1, 1, 1) against classes (0, 0, 1, 1, 2, 2, 0): the renaming 2→0, 0→1, 1→2 matches 6 of 7.
  assert.equal(bestMatchAgreement([2, 2, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2, 0], 3), 6 / 7);
  // Three groups each mixing two classes evenly: the best one-to-one renaming matches half.
  assert.equal(bestMatchAgreement([0, 0, 1, 1, 2, 2], [0, 1, 1, 2, 2, 0], 3), 3 / 6);
  assert.throws(() => bestMatchAgreement([0, 2], [0, 1], 2), RangeError);
  assert.throws(() => bestMatchAgreement([0], [0, 1], 2), RangeError);
});
