// gan-ring: exact ring samples score what the metric references say, and a collapsed generator
// ranks below them however sharp its samples are.
import assert from "node:assert/strict";
import { test } from "node:test";
import { rankKeysOf } from "@/lib/exercises/ranking";
import { defineExercise } from "@/lib/exercises/types";
import { RING, ringCentres, sampleRing } from "@/lib/ml/datasets/ring";
import { mulberry32 } from "@/lib/ml/random";
import { assertContract, compareKeys, messageFor } from "@/tests/support/exercise-contract";
import { ganRingScorer } from "./server";
import { GAN_RING_SAMPLE_COUNT, ganRingSpec } from "./spec";

const ganRing = defineExercise(ganRingSpec, ganRingScorer);

const pairs = (flat: ArrayLike<number>): [number, number][] => Array.from({ length: flat.length / 2 }, (_, i) => [flat[2 * i], flat[2 * i + 1]]);
const exact = { samples: pairs(sampleRing(GAN_RING_SAMPLE_COUNT, mulberry32(7))) };

test("contract: metric keys, finite rank keys, JSON-safe preview", () => assertContract(ganRing, exact));

test("exact samples cover all 8 modes evenly; one sharp mode covers 1 with KL log 8", () => {
  const good = ganRing.score(ganRing.submissionSchema.parse(exact));
  assert.equal(good.modesCovered, RING.modes);
  assert.ok(good.highQualityFraction > 0.98, `${good.highQualityFraction}`);
  assert.ok(good.modeKL < 0.01 && Math.abs(good.mmd2) < 0.002, JSON.stringify(good));

  const [cx, cy] = ringCentres()[3];
  const collapsed = { samples: exact.samples.map((_, i): [number, number] => [cx + ((i % 7) - 3) * 0.001, cy + (i % 2 ? 0.001 : -0.001)]) };
  const bad = ganRing.score(ganRing.submissionSchema.parse(collapsed));
  assert.equal(bad.modesCovered, 1);
  assert.equal(bad.highQualityFraction, 1);
  assert.ok(Math.abs(bad.modeKL - Math.log(8)) < 1e-9, `${bad.modeKL}`);
  assert.ok(compareKeys(rankKeysOf(ganRing, good), rankKeysOf(ganRing, bad)) < 0, "all modes rank above a collapse");
});

test("a wrong count or a non-finite coordinate is refused in words", () => {
  assert.match(messageFor(ganRing, { samples: exact.samples.slice(1) }), new RegExp(`exactly ${GAN_RING_SAMPLE_COUNT}`));
  assert.match(messageFor(ganRing, { samples: [[null, 0], ...exact.samples.slice(1)] }), /not a number/);
});
