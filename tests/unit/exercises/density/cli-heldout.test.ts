// `genlab score <slug> <file> --heldout <data.json>`: the likelihood exercises score on a
// caller-supplied held-out set; everything else refuses the flag with a clear message.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { mleGaussianSpec } from "@/exercises/mle-gaussian/spec";
import { describeValidationError } from "@/lib/exercises/validation";

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, "../../../../bin/genlab.mjs");
const dir = mkdtempSync(path.join(os.tmpdir(), "genlab-heldout-"));

function writeJson(name: string, value: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
}

async function genlab(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd: os.tmpdir() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} ≉ ${b}`);

test("each likelihood exercise scores on the given held-out file", async () => {
  const identity = writeJson("gauss.json", {
    mean: [0, 0],
    covariance: [
      [1, 0],
      [0, 1],
    ],
  });
  const origin = writeJson("origin.json", [[0, 0]]);
  const mle = await genlab("score", "mle-gaussian", identity, "--heldout", origin);
  assert.equal(mle.code, 0, mle.stderr);
  const parsed = JSON.parse(mle.stdout);
  assert.equal(parsed.slug, "mle-gaussian");
  close(parsed.metrics.meanLogLikelihood, -Math.log(2 * Math.PI));

  // The flag may come before the positional arguments too.
  const gmm = await genlab(
    "score",
    "--heldout",
    origin,
    "gmm-em",
    writeJson("gmm.json", {
      weights: [1],
      means: [[0, 0]],
      covariances: [
        [
          [1, 0],
          [0, 1],
        ],
      ],
    }),
  );
  assert.equal(gmm.code, 0, gmm.stderr);
  close(JSON.parse(gmm.stdout).metrics.meanLogLikelihood, -Math.log(2 * Math.PI));
  assert.equal(typeof JSON.parse(gmm.stdout).metrics.bic, "number");

  const kde = await genlab("score", "kde-bandwidth", writeJson("kde.json", { bandwidth: 0.25 }), "--heldout", writeJson("mass.json", [3.5, 4.25, 5.1]));
  assert.equal(kde.code, 0, kde.stderr);
  assert.ok(Number.isFinite(JSON.parse(kde.stdout).metrics.meanLogLikelihood));

  const hmm = await genlab(
    "score",
    "hmm-weather",
    writeJson("hmm.json", { initial: [1], transition: [[1]], emission: [[0.2, 0.2, 0.2, 0.2, 0.2]] }),
    "--heldout",
    writeJson("days.json", ["sun", "rain", "fog"]),
  );
  assert.equal(hmm.code, 0, hmm.stderr);
  close(JSON.parse(hmm.stdout).metrics.logLikelihoodPerSymbol, Math.log(0.2));
});

test("bad held-out files and bad submissions fail with clear messages", async () => {
  const gauss = writeJson("gauss2.json", {
    mean: [0, 0],
    covariance: [
      [1, 0],
      [0, 1],
    ],
  });
  const wrongShape = await genlab("score", "mle-gaussian", gauss, "--heldout", writeJson("numbers.json", [1, 2, 3]));
  assert.notEqual(wrongShape.code, 0);
  assert.match(wrongShape.stderr, /numbers\.json: Held-out entry 1 must be a pair \[x, y\] of finite numbers/);

  const badSymbol = await genlab(
    "score",
    "hmm-weather",
    writeJson("hmm2.json", { initial: [1], transition: [[1]], emission: [[0.2, 0.2, 0.2, 0.2, 0.2]] }),
    "--heldout",
    writeJson("hail.json", ["sun", "hail"]),
  );
  assert.notEqual(badSymbol.code, 0);
  assert.match(badSymbol.stderr, /Held-out entry 2 is "hail"; each entry must be one of "sun", "rain", "fog", "drizzle", "snow"\./);

  const broken = await genlab("score", "kde-bandwidth", writeJson("kde2.json", { bandwidth: 0.25 }), "--heldout", writeJson("broken.json", "[1, 2"));
  assert.notEqual(broken.code, 0);
  assert.match(broken.stderr, /broken\.json is not valid JSON/);

  const missing = await genlab("score", "kde-bandwidth", writeJson("kde3.json", { bandwidth: 0.25 }), "--heldout", path.join(dir, "nope.json"));
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /Cannot read .*nope\.json/);

  const noFile = await genlab("score", "kde-bandwidth", writeJson("kde4.json", { bandwidth: 0.25 }), "--heldout");
  assert.equal(noFile.code, 2);
  assert.match(noFile.stderr, /--heldout needs a file/);

  // An invalid submission gets the API's own sentence.
  const body = {
    mean: [0, 0],
    covariance: [
      [1, 2],
      [2, 1],
    ],
  };
  const expected = describeValidationError(mleGaussianSpec.submissionSchema.safeParse(body).error!);
  const invalid = await genlab("score", "mle-gaussian", writeJson("notpd.json", body), "--heldout", writeJson("o.json", [[0, 0]]));
  assert.notEqual(invalid.code, 0);
  assert.equal(invalid.stderr.trim(), expected);
  assert.match(expected, /"covariance" is not positive definite/);
});

test("other exercises refuse --heldout", async () => {
  const ring = await genlab("score", "gan-ring", writeJson("ring.json", { samples: [] }), "--heldout", writeJson("pts.json", [[0, 0]]));
  assert.notEqual(ring.code, 0);
  assert.match(
    ring.stderr,
    /"gan-ring" has no held-out set to replace; --heldout works with mle-gaussian, kde-bandwidth, gmm-em, hmm-weather, ar-names, flow-moons\./,
  );
  const unknown = await genlab("score", "no-such-exercise", writeJson("any.json", {}), "--heldout", writeJson("pts2.json", [[0, 0]]));
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.stderr, /There is no exercise called "no-such-exercise"/);
});
