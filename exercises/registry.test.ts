// The contract every exercise keeps: one folder (spec, server part, trainer, tests) listed once in each
// registry, with complete, consistent data. A 19th exercise that forgets a part fails here by name.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { z } from "zod";
import { COURSE_MODULES } from "@/lib/course/modules";
import { configKeyPaths } from "@/lib/exercises/config-labels";
import { rankedBy, rankKeysOf } from "@/lib/exercises/ranking";
import { ruleProblem } from "@/lib/grading/rules";
import { describeExercise, EXERCISES, findExercise, MAX_SUBMISSION_BYTES } from "./registry";
import { EXERCISE_SPECS, findExerciseSpec } from "./specs";

const FOLDER = import.meta.dirname;

test("the browser-safe specs and the server registry list the same exercises in the same order", () => {
  assert.deepEqual(
    EXERCISES.map((e) => e.slug),
    EXERCISE_SPECS.map((e) => e.slug),
  );
  for (const spec of EXERCISE_SPECS) assert.equal(findExerciseSpec(spec.slug), spec);
});

test("each exercise is one folder: its spec, its server part and its tests", () => {
  for (const { slug } of EXERCISE_SPECS) {
    const files = fs.readdirSync(path.join(FOLDER, slug));
    for (const part of ["spec.ts", "server.ts"]) assert.ok(files.includes(part), `exercises/${slug}/${part} is missing`);
    assert.ok(
      files.some((f) => f.endsWith(".test.ts")),
      `exercises/${slug} has no test file`,
    );
  }
  const folders = fs
    .readdirSync(FOLDER, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  assert.deepEqual(folders.sort(), EXERCISE_SPECS.map((e) => e.slug).sort(), "every folder under exercises/ is a registered exercise");
});

test("each exercise has an in-browser trainer whose component exists", () => {
  // Read as text: the trainers load in the browser (next/dynamic), not in Node.
  const source = fs.readFileSync(path.join(FOLDER, "trainers.tsx"), "utf8");
  const entries = new Map(
    [...source.matchAll(/^\s*"([a-z0-9-]+)": dynamic\(\(\) => import\("\.\/([^"]+)"\)\.then\(\(m\) => m\.(\w+)\)/gm)].map((m) => [
      m[1],
      { file: m[2], name: m[3] },
    ]),
  );
  assert.deepEqual([...entries.keys()].sort(), EXERCISE_SPECS.map((e) => e.slug).sort());
  for (const [slug, { file, name }] of entries) {
    const component = fs.readFileSync(path.join(FOLDER, `${file}.tsx`), "utf8");
    assert.match(component, new RegExp(`export function ${name}\\b`), `${slug}: ${file}.tsx exports ${name}`);
  }
});

test("every metric says what it means, and the default grading rule is one the metrics allow", () => {
  for (const e of EXERCISE_SPECS) {
    for (const m of e.metrics) {
      assert.ok(m.label && m.description.length > 20, `${e.slug}.${m.key}: a label and a description`);
      assert.ok(m.meaning && m.meaning.length > 20, `${e.slug}.${m.key}: a meaning in plain words`);
    }
    assert.ok(
      e.metrics.some((m) => m.key === rankedBy(e).metric),
      `${e.slug}: ranked by one of its metrics`,
    );
    assert.equal(ruleProblem(e.defaultGrading, e.metrics), null, `${e.slug}: its default grading rule`);
    assert.ok(e.howScored.server.length > 20, `${e.slug}: how it is scored`);
  }
});

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

/** Every property name a JSON Schema allows, nested objects and alternatives (anyOf, oneOf) included, as dotted paths. */
function schemaKeyPaths(schema: unknown, prefix = ""): string[] {
  if (typeof schema !== "object" || schema === null) return [];
  const node = schema as { properties?: Record<string, unknown>; anyOf?: unknown[]; oneOf?: unknown[]; allOf?: unknown[] };
  const own = Object.entries(node.properties ?? {}).flatMap(([k, v]) => [prefix + k, ...schemaKeyPaths(v, `${prefix}${k}.`)]);
  const alternatives = [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])].flatMap((s) => schemaKeyPaths(s, prefix));
  return [...own, ...alternatives];
}

test("every config field has a human label: people never read a code name like generatorLr", () => {
  for (const e of EXERCISE_SPECS) {
    assert.ok(e.configLabels, `${e.slug}: configLabels is missing`);
    const labels = e.configLabels;
    for (const key of configKeyPaths(e.defaultHyperparameters))
      assert.ok(labels[key]?.label.trim(), `${e.slug}: the default config's field "${key}" has no label in configLabels`);
    // Fields the schema allows beyond the defaults (another architecture, PPCA's q) can be shown too.
    const schema = z.toJSONSchema(e.configSchema, { unrepresentable: "any" });
    for (const key of new Set(schemaKeyPaths(schema)))
      assert.ok(labels[key]?.label.trim(), `${e.slug}: the config schema's field "${key}" has no label in configLabels`);
    for (const [key, field] of Object.entries(labels)) {
      assert.notEqual(field.label, key, `${e.slug}.${key}: the label is the code name`);
      assert.match(field.label, /^[A-ZÀ-Ý]/u, `${e.slug}.${key}: a label starts with a capital ("${field.label}")`);
    }
  }
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
