// The `genlab` command: the registry as JSON, the server's scorer on a file, and the API's own
// messages for invalid input (with a non-zero exit).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { loadMnistSplit } from "@/lib/datasets/mnist";
import { INVERSE_CDF_ERROR_FLOOR, inverseCdfUniforms } from "@/exercises/inverse-cdf/server";
import { findExercise } from "@/exercises/registry";
import { bytesToBase64 } from "@/lib/ml/datasets/digits";
import { laplaceInverseCdf } from "@/lib/ml/sampling/laplace";
import { DomainError } from "@/server/services/errors";
import { parseSubmissionBody } from "@/server/services/scoring";

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, "../../../bin/genlab.mjs");
const dir = mkdtempSync(path.join(os.tmpdir(), "genlab-cli-"));

const ring = (n: number) =>
  Array.from({ length: n }, (_, i) => {
    const angle = (2 * Math.PI * (i % 8)) / 8;
    return [2 * Math.cos(angle), 2 * Math.sin(angle)];
  });

function writeJson(name: string, value: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(value));
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

test("genlab exercises --json lists the registry", async () => {
  const { code, stdout } = await genlab("exercises", "--json");
  assert.equal(code, 0);
  const rows = JSON.parse(stdout) as { slug: string; title: string; module: string; submissionShape: string }[];
  const ganRing = rows.find((r) => r.slug === "gan-ring");
  assert.ok(ganRing);
  assert.equal(ganRing.title, "GAN on the 8-Gaussian ring");
  assert.equal(ganRing.module, "gan");
  assert.match(ganRing.submissionShape, /2000/);
  // The scoring contract: each exercise's ranked metric and its direction.
  const bySlug = new Map((rows as unknown as { slug: string; rankedBy: unknown }[]).map((r) => [r.slug, r.rankedBy]));
  assert.deepEqual(bySlug.get("gan-ring"), { metric: "modesCovered", better: "higher" });
  assert.deepEqual(bySlug.get("gan-digits"), { metric: "fid", better: "lower" });
  assert.deepEqual(bySlug.get("cgan-digits"), { metric: "intraClassFid", better: "lower" });
});

test("genlab score prints the server's metrics for a submission file", async () => {
  const { code, stdout } = await genlab("score", "gan-ring", writeJson("perfect.json", { samples: ring(2000) }));
  assert.equal(code, 0);
  const result = JSON.parse(stdout);
  assert.equal(result.slug, "gan-ring");
  assert.equal(result.metrics.modesCovered, 8);
  assert.equal(result.metrics.highQualityFraction, 1);
  assert.equal(result.metrics.modeKL, 0);
  assert.equal(typeof result.metrics.mmd2, "number");
  assert.deepEqual(result.ranking, { value: 8, better: "higher", flagged: false });
});

test("genlab score flags copied digits: the ranking says so and why, beside copiedFraction", async () => {
  const hidden = loadMnistSplit("test");
  const file = writeJson("copies.json", { images: { dtype: "uint8", shape: [1000, 28, 28], data: bytesToBase64(hidden.images) } });
  const { code, stdout } = await genlab("score", "gan-digits", file);
  assert.equal(code, 0);
  const result = JSON.parse(stdout);
  assert.equal(result.metrics.copiedFraction, 1);
  assert.ok(result.metrics.fid < 1e-6, "the hidden test digits themselves: FID 0, yet flagged");
  assert.equal(result.ranking.flagged, true);
  assert.equal(result.ranking.better, "lower");
  assert.match(result.ranking.reason, /100 % of the images are copies of MNIST digits/);
});

test("invalid input exits non-zero with the API's message", async () => {
  const body = { samples: ring(2000).map((p, i) => (i === 41 ? [5000, 0] : p)) };
  let apiMessage = "";
  try {
    parseSubmissionBody(findExercise("gan-ring")!, body);
  } catch (error) {
    assert.ok(error instanceof DomainError);
    apiMessage = error.message;
  }
  assert.match(apiMessage, /entry 42, coordinate x is beyond ±1000/);
  const { code, stderr } = await genlab("score", "gan-ring", writeJson("bad.json", body));
  assert.notEqual(code, 0);
  assert.equal(stderr.trim(), apiMessage);

  const unknown = await genlab("score", "no-such-exercise", writeJson("any.json", {}));
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.stderr, /There is no exercise called "no-such-exercise"/);

  const notJson = path.join(dir, "broken.json");
  writeFileSync(notJson, "{ samples: ");
  const broken = await genlab("score", "gan-ring", notJson);
  assert.notEqual(broken.code, 0);
  assert.match(broken.stderr, /not valid JSON/);
});

test("genlab score inverse-cdf takes the uniforms in the file, since a challenge's stay on the server", async () => {
  const uniforms = inverseCdfUniforms(11);
  const samples = uniforms.map((u) => laplaceInverseCdf(u));
  const scored = await genlab("score", "inverse-cdf", writeJson("offline.json", { uniforms, samples }));
  assert.equal(scored.code, 0, scored.stderr);
  assert.ok(JSON.parse(scored.stdout).metrics.maxError === INVERSE_CDF_ERROR_FLOOR, scored.stdout);

  const withoutUniforms = await genlab("score", "inverse-cdf", writeJson("no-uniforms.json", { challengeId: "from-the-page", samples }));
  assert.notEqual(withoutUniforms.code, 0);
  assert.match(
    withoutUniforms.stderr,
    /scored against the uniforms of a challenge, which the server keeps to itself; to score offline, give them in the file: \{"uniforms": \[u, …\], "samples": \[x, …\]\}/,
  );

  const badUniform = await genlab("score", "inverse-cdf", writeJson("bad-uniforms.json", { uniforms: uniforms.map((u, i) => (i === 9 ? 1 : u)), samples }));
  assert.notEqual(badUniform.code, 0);
  assert.match(badUniform.stderr, /uniforms: entry 10 is not in \(0, 1\)\. Expected/);
});
