import assert from "node:assert/strict";
import { test } from "node:test";
import { POOL_LIMITS } from "@/lib/pool/types";
import { DomainError } from "@/server/services/errors";
import { expandSweep } from "@/server/services/pool";

const base = { generatorLr: 1e-3, seed: 1, optimizer: "adam" };

test("a sweep is the cartesian product of its values over the base config", () => {
  const configs = expandSweep(base, { generatorLr: [1e-3, 2e-3], seed: [1, 2, 3] });
  assert.equal(configs.length, 6);
  assert.deepEqual(
    configs.map((c) => [c.generatorLr, c.seed]),
    [
      [1e-3, 1],
      [1e-3, 2],
      [1e-3, 3],
      [2e-3, 1],
      [2e-3, 2],
      [2e-3, 3],
    ],
  );
  assert.ok(
    configs.every((c) => c.optimizer === "adam"),
    "other settings are kept",
  );
  assert.deepEqual(expandSweep(base), [base], "no sweep: the config itself");
  assert.deepEqual(expandSweep(base, { seed: [] }), [base], "an empty list sweeps nothing");
});

test("a sweep refuses non-numeric or unknown settings, and more than the job cap", () => {
  assert.throws(
    () => expandSweep(base, { optimizer: [1] }),
    (e: unknown) => e instanceof DomainError && /not a numeric setting/.test(e.message),
  );
  assert.throws(
    () => expandSweep(base, { momentum: [0.1] }),
    (e: unknown) => e instanceof DomainError && /"momentum"/.test(e.message),
  );
  const tooMany = Array.from({ length: POOL_LIMITS.maxSweepJobs + 1 }, (_, i) => i + 1);
  assert.throws(
    () => expandSweep(base, { seed: tooMany }),
    (e: unknown) => e instanceof DomainError && new RegExp(`at most ${POOL_LIMITS.maxSweepJobs} jobs`).test(e.message),
  );
});
