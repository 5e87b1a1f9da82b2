import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_GAN_CONFIG, ganConfigSchema } from "../../../lib/ml/configs/gan";

test("the default config parses", () => {
  assert.deepEqual(ganConfigSchema.parse(DEFAULT_GAN_CONFIG), DEFAULT_GAN_CONFIG);
});

test("rejects NaN, infinities and out-of-range values", () => {
  const bad: Record<string, unknown>[] = [
    { generatorLr: NaN },
    { discriminatorLr: Infinity },
    { generatorLr: 0 },
    { generatorLr: -1e-3 },
    { momentum: 1 },
    { momentum: NaN },
    { dSteps: 0 },
    { dSteps: 11 },
    { dSteps: 1.5 },
    { hiddenWidth: 3 },
    { hiddenWidth: 257 },
    { depth: 0 },
    { depth: 5 },
    { noiseDim: 17 },
    { batchSize: 8 },
    { batchSize: 2048 },
    { batchSize: 100.5 },
    { seed: 0.5 },
    { seed: -1 },
    { optimizer: "rmsprop" },
    { loss: "wasserstein" },
    { extra: 1 },
  ];
  for (const override of bad) {
    const r = ganConfigSchema.safeParse({ ...DEFAULT_GAN_CONFIG, ...override });
    assert.equal(r.success, false, `accepted ${JSON.stringify(override)}`);
  }
});

test("accepts the edges of each range", () => {
  for (const override of [
    { dSteps: 10, depth: 4, hiddenWidth: 4, noiseDim: 16, batchSize: 1024 },
    { dSteps: 1, depth: 1, hiddenWidth: 256, noiseDim: 1, batchSize: 16 },
    { optimizer: "sgd-momentum", loss: "minimax", momentum: 0 },
  ]) {
    assert.equal(ganConfigSchema.safeParse({ ...DEFAULT_GAN_CONFIG, ...override }).success, true);
  }
});
