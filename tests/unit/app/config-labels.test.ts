// Training settings are shown in words (the leaderboard's "settings", the pool panel's sweep and
// job settings): labels and units from the exercise's spec, never code names like generatorLr.
import "./ignore-css";
import assert from "node:assert/strict";
import { test } from "node:test";
import { getQueryKey } from "@trpc/react-query";
import { createElement } from "react";
import { EXERCISE_SPECS, findExerciseSpec } from "@/exercises/specs";
import { configEntries, configFieldLabel, formatConfig, humanizeConfigKey } from "@/lib/exercises/config-labels";
import { renderWithTrpc } from "./render-with-trpc";

/** Every key of the config, nested ones included, to check that none appears in the text. */
function codeNames(config: Record<string, unknown>): string[] {
  return Object.entries(config).flatMap(([k, v]) => [k, ...(v && typeof v === "object" && !Array.isArray(v) ? codeNames(v as Record<string, unknown>) : [])]);
}

test("the leaderboard's settings line of a GAN run reads in words, with units", () => {
  const spec = findExerciseSpec("gan-ring")!;
  const text = formatConfig(spec.defaultHyperparameters, spec.configLabels);
  assert.match(text, /^Generator learning rate 0\.001, Discriminator learning rate 0\.001, Optimizer adam, /);
  assert.match(text, /Hidden width 64 units/);
  assert.match(text, /Random seed 1$/);
  for (const key of ["generatorLr", "discriminatorLr", "hiddenWidth", "dSteps", "noiseDim", "batchSize"]) assert.ok(!text.includes(key), key);
});

test("no exercise's default settings show a code name", () => {
  for (const e of EXERCISE_SPECS) {
    const text = formatConfig(e.defaultHyperparameters, e.configLabels);
    // Single-letter or plain-word keys ("k", "q", "beta", "steps") may appear inside words; only camelCase ones are unmistakable.
    for (const key of codeNames(e.defaultHyperparameters).filter((k) => /[a-z][A-Z]/.test(k)))
      assert.ok(!new RegExp(`\\b${key}\\b`).test(text), `${e.slug}: "${key}" shown as is in “${text}”`);
    for (const entry of configEntries(e.defaultHyperparameters, e.configLabels)) assert.notEqual(entry.label, entry.key, `${e.slug}.${entry.key}`);
  }
});

test("nested settings are flattened under their own labels; booleans read yes/no", () => {
  const spec = findExerciseSpec("ar-names")!;
  const entries = configEntries(spec.defaultHyperparameters, spec.configLabels);
  assert.deepEqual(
    entries.slice(0, 2).map((e) => [e.key, e.label, e.value]),
    [
      ["architecture.kind", "Model", "transformer"],
      ["architecture.blockSize", "Context length", "16 characters"],
    ],
  );
  const rbm = findExerciseSpec("rbm-digits")!;
  assert.match(formatConfig(rbm.defaultHyperparameters, rbm.configLabels), /Persistent chains \(PCD\) no/);
});

test("a sweep's rows show only the swept setting; unknown keys fall back to readable words", () => {
  const spec = findExerciseSpec("gan-ring")!;
  assert.equal(formatConfig({ ...spec.defaultHyperparameters, generatorLr: 0.0005 }, spec.configLabels, ["generatorLr"]), "Generator learning rate 0.0005");
  assert.equal(formatConfig({ seed: 12345 }, spec.configLabels), "Random seed 12,345");
  assert.equal(humanizeConfigKey("generatorLr"), "Generator lr");
  assert.equal(configFieldLabel(undefined, "architecture.blockSize").label, "Block size");
  assert.equal(configFieldLabel(spec.configLabels, "batchSize").unit, "samples");
});

test("the leaderboard page shows a run's settings by their labels", async () => {
  const { api } = await import("@/app/_trpc/react");
  const { LeaderboardView } = await import("@/app/courses/[courseId]/exercises/[slug]/leaderboard/LeaderboardView");

  const spec = findExerciseSpec("gan-ring")!;
  const board = {
    title: spec.title,
    metrics: spec.metrics,
    rankingRule: spec.rankingRule,
    previewShows: "samples",
    dueAt: null,
    classmatesParametersHidden: false,
    entries: [
      {
        submissionId: "s1",
        rank: 1,
        displayName: "Ada",
        isMe: true,
        poolRun: true,
        email: null,
        ranking: { flagged: false, reason: null },
        sameAnswerAs: null,
        config: { ...spec.defaultHyperparameters, generatorLr: 0.0005 },
        metrics: { modesCovered: 8, highQualityFraction: 0.9, modeKL: 0.01, mmd2: 0.001 },
        createdAt: new Date("2030-01-01T00:00:00Z"),
        previewJson: null,
        hiddenUntilDue: false,
      },
    ],
  };
  const input = { courseId: "c1", exerciseSlug: "gan-ring" };
  const html = renderWithTrpc(createElement(LeaderboardView, input), [[getQueryKey(api.leaderboard.get, input, "query"), board]]);
  const settings = /<summary[^>]*>settings<\/summary><code[^>]*>([^<]*)<\/code>/.exec(html)?.[1];
  assert.ok(settings, "the row has its settings");
  assert.match(settings, /^Generator learning rate 0\.0005, /);
  assert.match(settings, /Hidden width 64 units/);
  assert.doesNotMatch(settings, /generatorLr|hiddenWidth|batchSize/);
});
