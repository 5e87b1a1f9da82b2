// The inverse-cdf sandbox's program (what /sandbox/inverse-cdf.js serves), run in a fresh V8 context
// standing in for the worker: draw i is the student's code with uniform() returning the challenge's
// uniforms[i], called exactly once. The browser's policy and message port are the e2e tests' part.
import assert from "node:assert/strict";
import { test } from "node:test";
import vm from "node:vm";
import { laplaceInverseCdf } from "@/lib/ml/sampling/laplace";
import { inverseCdfSandboxProgram } from "./sandbox";
import { inverseCdfUniforms } from "./server";

type Answer = { type: "done"; samples: Float64Array } | { type: "error"; title: string; detail: string };

/** Runs the program on `uniforms` with the student's `code`; resolves with its last message (progress skipped). */
function runSandbox(code: string, uniforms: readonly number[]): Answer {
  const messages: Answer[] = [];
  const context = vm.createContext({ performance, postMessage: (message: Answer) => messages.push(message) });
  vm.runInContext("var self = globalThis;", context);
  vm.runInContext(inverseCdfSandboxProgram(), context);
  // The worker receives a Float64Array of its own realm, as a structured clone would make it.
  const ownFloat64Array = vm.runInContext("Float64Array", context) as Float64ArrayConstructor;
  (context.onmessage as (event: unknown) => void)({ data: { code, uniforms: new ownFloat64Array(uniforms) } });
  const answer = messages.filter((m) => (m as { type: string }).type !== "progress").at(-1);
  assert.ok(answer, "the sandbox answered");
  return answer;
}

const uniforms = inverseCdfUniforms(7);
const EXACT = "const u = uniform(); const d = u - 0.5; return -Math.sign(d) * Math.log(1 - 2 * Math.abs(d));";

test("each draw is the student's transform of its own uniform", () => {
  const answer = runSandbox(EXACT, uniforms);
  assert.equal(answer.type, "done");
  assert.equal(answer.samples.length, uniforms.length);
  answer.samples.forEach((x, i) => assert.ok(Math.abs(x - laplaceInverseCdf(uniforms[i])) < 1e-12, `draw ${i + 1}`));
  // Math.random is the same one-per-draw source.
  const viaMathRandom = runSandbox("return Math.random();", uniforms);
  assert.deepEqual(viaMathRandom.type === "done" && Array.from(viaMathRandom.samples), uniforms);
});

test("a draw must call uniform() exactly once", () => {
  const twice = runSandbox("return uniform() - uniform();", uniforms);
  assert.deepEqual(twice.type === "error" && twice.title, "Draw 1 called uniform() 2 times");
  const never = runSandbox("return 0.5;", uniforms);
  assert.deepEqual(never.type === "error" && never.title, "Draw 1 did not call uniform()");
  assert.match(never.type === "error" ? never.detail : "", /exactly one uniform/);
});

test("errors name the draw, and values out of range are refused", () => {
  const thrown = runSandbox("const u = uniform(); if (u > 0.9) throw new Error('boom'); return u;", uniforms);
  const first = uniforms.findIndex((u) => u > 0.9) + 1;
  assert.deepEqual(thrown.type === "error" && [thrown.title, thrown.detail], [`Your code threw an error on draw ${first} (line 1)`, "Error: boom"]);
  const huge = runSandbox("uniform(); return 1e6;", uniforms);
  assert.match(huge.type === "error" ? huge.title : "", /^Draw 1 returned 1000000$/);
});
