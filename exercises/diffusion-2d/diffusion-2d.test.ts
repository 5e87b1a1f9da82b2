import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { activateBackend } from "@/lib/ml/backend";
import { sampleSwissRoll } from "@/lib/ml/datasets/toy2d";
import { mmd2Unbiased } from "@/lib/ml/metrics/ring";
import { DdpmTrainer } from "@/lib/ml/models/ddpm";
import { DEFAULT_DDPM_CONFIG } from "@/lib/ml/configs/ddpm";
import { gaussian, mulberry32 } from "@/lib/ml/random";
import { assertContract, messageFor } from "@/tests/support/exercise-contract";
import { rankKeysOf } from "@/lib/exercises/ranking";
import { defineExercise } from "@/lib/exercises/types";
import { diffusion2dMmd2, diffusion2dReference, diffusion2dScorer, diffusion2dTrainingPoints } from "./server";
import { DIFFUSION_2D, diffusion2dSpec } from "./spec";

const diffusion2d = defineExercise(diffusion2dSpec, diffusion2dScorer);

const N = 2000;
const pairs = (flat: ArrayLike<number>): [number, number][] => Array.from({ length: flat.length / 2 }, (_, i) => [flat[2 * i], flat[2 * i + 1]]);
const score = (flat: ArrayLike<number>) => diffusion2d.score(diffusion2d.submissionSchema.parse({ samples: pairs(flat) })).mmd2;

before(async () => {
  assert.equal(await activateBackend("wasm"), "wasm");
});

describe("diffusion-2d submission", () => {
  const good = pairs(sampleSwissRoll(N, 1));
  const withEntry = (i: number, entry: unknown) => ({ samples: good.map((p, j) => (j === i ? entry : p)) });

  test("accepts exactly 2,000 finite pairs and names the offending entry otherwise", () => {
    assert.equal(messageFor(diffusion2d, { samples: good }), "ok");
    assert.equal(messageFor(diffusion2d, { samples: good.slice(1) }), '"samples" must contain exactly 2000 samples (got 1999).');
    assert.equal(messageFor(diffusion2d, { samples: [...good, [0, 0]] }), '"samples" must contain exactly 2000 samples (got 2001).');
    assert.equal(messageFor(diffusion2d, withEntry(4, [null, 0])), "samples: entry 5, coordinate x is not a number (NaN and Infinity cannot be sent as JSON).");
    assert.equal(messageFor(diffusion2d, withEntry(9, [0, Infinity])), "samples: entry 10, coordinate y is not a finite number.");
    assert.equal(messageFor(diffusion2d, withEntry(0, ["1.5", 0])), "samples: entry 1, coordinate x is not a number.");
    assert.equal(messageFor(diffusion2d, withEntry(1999, [0, -1000.5])), "samples: entry 2000, coordinate y is beyond ±1000.");
    assert.equal(messageFor(diffusion2d, withEntry(2, [1, 2, 3])), "samples: entry 3 must be a pair [x, y].");
    assert.equal(messageFor(diffusion2d, { samples: "x".repeat(N) }), '"samples" must be a list of [x, y] pairs.');
    assert.equal(messageFor(diffusion2d, {}), '"samples" is missing.');
    assert.equal(messageFor(diffusion2d, withEntry(0, [1000, -1000])), "ok"); // the limit itself is allowed
  });

  test("the exercise contract: metric keys, rank keys, preview, body size, config", () => {
    assertContract(diffusion2d, { samples: good });
    const preview = diffusion2d.preview(diffusion2d.submissionSchema.parse({ samples: good })) as [number, number][];
    assert.equal(preview.length, 400);
    assert.deepEqual(preview[0], [Math.round(good[0][0] * 1000) / 1000, Math.round(good[0][1] * 1000) / 1000]);
    assert.equal(diffusion2d.slug, "diffusion-2d");
    assert.equal(diffusion2d.moduleSlug, "hierarchical-vae-diffusion");
    assert.deepEqual(rankKeysOf(diffusion2d, { mmd2: 0.01 }), [0, 0.01]);
  });

  test("training data: the seeded 4,000-point roll, as points and as the trainer's flat array", () => {
    const flat = diffusion2dTrainingPoints();
    assert.deepEqual(flat, sampleSwissRoll(DIFFUSION_2D.trainingSize, DIFFUSION_2D.trainingSeed));
    const data = diffusion2d.trainingData!();
    assert.equal(data.kind, "points");
    if (data.kind !== "points") return;
    assert.deepEqual(data.labels, ["x", "y"]);
    assert.equal(data.points.length, DIFFUSION_2D.trainingSize);
    assert.deepEqual(data.points[17], [flat[34], flat[35]]);
    assert.notEqual(DIFFUSION_2D.trainingSeed, DIFFUSION_2D.referenceSeed);
  });
});

describe("diffusion-2d score (MMD²)", () => {
  test("is MMD² against the seeded reference with the documented bandwidths", () => {
    const s = sampleSwissRoll(N, 5);
    const expected = mmd2Unbiased(s, sampleSwissRoll(DIFFUSION_2D.referenceSize, DIFFUSION_2D.referenceSeed), [0.05, 0.2, 0.8]);
    assert.ok(Math.abs(score(s) - expected) < 1e-12);
    assert.deepEqual(diffusion2dReference(), sampleSwissRoll(2000, DIFFUSION_2D.referenceSeed));
    // The submitted float64 values are scored as sent (not rounded to float32 first).
    const shifted = pairs(s).map(([x, y]) => [x + 1e-9, y] as [number, number]);
    assert.notEqual(diffusion2d.score({ samples: shifted }).mmd2, score(s));
  });

  test("≈ 0 for fresh samples of the reference distribution; clearly larger for a Gaussian blob or a blurred roll", () => {
    for (const seed of [101, 102, 103]) {
      const v = score(sampleSwissRoll(N, seed));
      assert.ok(Math.abs(v) < 1e-3, `fresh roll (seed ${seed}): ${v}`);
    }
    // A Gaussian with about the roll's mean (0.4, 0.1) and standard deviation (1.35).
    const rng = mulberry32(3);
    const blob = Float64Array.from({ length: 2 * N }, (_, i) => (i % 2 === 0 ? 0.4 : 0.1) + 1.35 * gaussian(rng));
    const blobScore = score(blob);
    assert.ok(blobScore > 0.03, `blob ${blobScore}`);
    const blurred = sampleSwissRoll(N, 104, 0.2); // noise 0.2 instead of 0.05
    const blurredScore = score(blurred);
    assert.ok(blurredScore > 0.003 && blurredScore < blobScore, `blurred ${blurredScore}`);
  });

  test("a short-trained DDPM scores better than its untrained self", async () => {
    const ddpm = new DdpmTrainer(DEFAULT_DDPM_CONFIG, diffusion2dTrainingPoints());
    const untrained = diffusion2dMmd2(await ddpm.sample(N, 1));
    ddpm.step(TRAIN_STEPS);
    const trained = diffusion2dMmd2(await ddpm.sample(N, 1));
    console.log(`# untrained MMD² ${untrained.toFixed(4)}, after ${TRAIN_STEPS} steps ${trained.toFixed(4)}`);
    assert.ok(trained < untrained / 2, `${untrained} -> ${trained}`);
    ddpm.dispose();
  });
});

/** ~5 s on two shared cores (MMD² ≈ 0.18 → 0.026); the default run is DEFAULT_TRAINING_ITERATIONS = 4,000 steps. */
const TRAIN_STEPS = 300;
