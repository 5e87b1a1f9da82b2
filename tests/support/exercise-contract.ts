// The contract every exercise shares, for the exercises' tests (not a test file itself).
import assert from "node:assert/strict";
import type { ExerciseDefinition, ScoringContext } from "@/lib/exercises/types";
import { describeValidationError } from "@/lib/exercises/validation";
import { rankKeysOf } from "@/lib/exercises/ranking";
import { cpuTime } from "./cpu-time";

export const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} ≉ ${b} (tol ${tol})`);

/** The one-sentence message a student would see, or "ok" when the body is accepted. */
export function messageFor(exercise: ExerciseDefinition<any, any>, body: unknown): string {
  const result = exercise.submissionSchema.safeParse(body);
  return result.success ? "ok" : describeValidationError(result.error);
}

/** Mean CPU time of score() over a few runs after one warm-up (which also builds caches), in ms. */
export function timeScore(exercise: ExerciseDefinition<any, any>, submission: unknown, runs = 5, context?: ScoringContext): number {
  exercise.score(submission, context);
  return (
    cpuTime(() => {
      for (let i = 0; i < runs; i++) exercise.score(submission, context);
    }).ms / runs
  );
}

/** Checks the contract every exercise shares: metric keys, finite rank keys, JSON-safe preview, body size, config. */
export function assertContract(exercise: ExerciseDefinition<any, any>, body: unknown, context?: ScoringContext): void {
  const submission = exercise.submissionSchema.parse(body);
  const metrics = exercise.score(submission, context) as Record<string, number>;
  assert.deepEqual(Object.keys(metrics).sort(), exercise.metrics.map((m) => m.key).sort());
  assert.ok(rankKeysOf(exercise, metrics).every(Number.isFinite));
  const preview = exercise.preview(submission);
  assert.deepEqual(JSON.parse(JSON.stringify(preview)), preview);
  assert.ok(JSON.stringify(preview).length < 8 * 1024, "preview is small");
  const bytes = Buffer.byteLength(JSON.stringify(body));
  assert.ok(bytes < exercise.limits.maxBodyBytes, `body ${bytes} B fits ${exercise.limits.maxBodyBytes} B`);
  const pretty = Buffer.byteLength(JSON.stringify(body, null, 2)); // as Python's json.dump(indent=2) would write it
  assert.ok(pretty < exercise.limits.maxBodyBytes, `indented body ${pretty} B fits ${exercise.limits.maxBodyBytes} B`);
  assert.ok(exercise.configSchema.safeParse(exercise.defaultHyperparameters).success, "defaults satisfy the config schema");
  assert.equal(exercise.limits.submissionsPerDay, 20);
}

/** Lexicographic comparison of rank keys: negative when a ranks better (smaller). */
export function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
