// "Fork this run" links carry a submission's settings in the address; the page takes them only when
// the exercise's own config schema accepts them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { forkedConfig, forkHref } from "@/app/_lib/fork-link";
import { ganConfigSchema, DEFAULT_GAN_CONFIG } from "@/lib/ml/configs/gan";

const searchOf = (href: string) => href.slice(href.indexOf("?"));

test("a fork link reopens the exercise with exactly the settings it carries", () => {
  const config = { ...DEFAULT_GAN_CONFIG, generatorLr: 0.0005, loss: "minimax" as const };
  const href = forkHref("course-1", "gan-ring", config);
  assert.match(href, /^\/courses\/course-1\/exercises\/gan-ring\?config=[A-Za-z0-9_-]+$/);
  assert.deepEqual(forkedConfig(searchOf(href), ganConfigSchema), config);
});

test("settings in any script survive the round trip (UTF-8, not Latin-1)", () => {
  const config = { name: "Ω-run ✓ 学习" };
  const schema = { safeParse: (v: unknown) => ({ success: true as const, data: v }) } as never;
  assert.deepEqual(forkedConfig(searchOf(forkHref("c", "x", config)), schema), config);
});

test("a link the exercise cannot use is ignored, never half-applied", () => {
  const bad = { ...DEFAULT_GAN_CONFIG, generatorLr: 5 }; // beyond the schema's bound
  assert.equal(forkedConfig(searchOf(forkHref("c", "gan-ring", bad)), ganConfigSchema), null);
  assert.equal(forkedConfig("?config=not-base64-json", ganConfigSchema), null);
  assert.equal(forkedConfig("", ganConfigSchema), null);
  assert.equal(forkedConfig(`?config=${"A".repeat(5000)}`, ganConfigSchema), null);
});
