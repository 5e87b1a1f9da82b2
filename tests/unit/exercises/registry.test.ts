// Every exercise in the registry is complete, consistent data.
import assert from "node:assert/strict";
import { test } from "node:test";
import { COURSE_MODULES } from "@/lib/course/modules";
import { describeExercise, EXERCISES, findExercise, MAX_SUBMISSION_BYTES } from "@/lib/exercises/registry";
import { rankKeysOf } from "@/lib/exercises/ranking";

test("slugs are unique, kebab-case, and findable", () => {
  const slugs = EXERCISES.map((e) => e.slug);
  assert.equal(new Set(slugs).size, slugs.length);
  for (const slug of slugs) {
    assert.match(slug, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.equal(findExercise(slug)?.slug, slug);
  }
  assert.equal(findExercise("no-such-exercise"), undefined);
});

test("each exercise belongs to a course module and has usable limits", () => {
  const modules = new Set(COURSE_MODULES.map((m) => m.slug));
  for (const e of EXERCISES) {
    assert.ok(modules.has(e.moduleSlug), `${e.slug}: module ${e.moduleSlug} exists`);
    assert.ok(e.limits.samplesPerSubmission > 0 && e.limits.submissionsPerDay > 0 && e.limits.maxBodyBytes > 0);
    assert.ok(MAX_SUBMISSION_BYTES >= e.limits.maxBodyBytes);
  }
});

test("default hyperparameters satisfy the exercise's own config schema", () => {
  for (const e of EXERCISES) assert.ok(e.configSchema.safeParse(e.defaultHyperparameters).success, e.slug);
});

test("metric specs name exactly what the scorer returns, and rank keys are finite", () => {
  const ganRing = findExercise("gan-ring")!;
  const samples = Array.from({ length: ganRing.limits.samplesPerSubmission }, (_, i) => {
    const angle = (2 * Math.PI * (i % 8)) / 8;
    return [2 * Math.cos(angle), 2 * Math.sin(angle)];
  });
  const submission = ganRing.submissionSchema.parse({ samples });
  const metrics = ganRing.score(submission) as Record<string, number>;
  assert.deepEqual(Object.keys(metrics).sort(), ganRing.metrics.map((m) => m.key).sort());
  const keys = rankKeysOf(ganRing, metrics);
  assert.ok(keys.every(Number.isFinite));
  // Ranking: unflagged, then more modes first, then higher quality, then lower KL — encoded so smaller is better.
  assert.deepEqual(keys, [0, -8, -1, 0]);
  assert.ok(Array.isArray(ganRing.preview(submission)));
});

test("the registry describes itself as plain JSON", () => {
  for (const e of EXERCISES) {
    const described = describeExercise(e);
    assert.deepEqual(JSON.parse(JSON.stringify(described)), described);
  }
});
