// Tailwind writes no CSS for a class whose colour the theme lacks: `bg-brand-500` rendered the live
// poll's bars invisible. Every brand shade a page names must be one app/globals.css defines.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";

const APP = path.resolve(import.meta.dirname, "../../../app");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.(tsx?|css)$/.test(e.name) ? [p] : [];
  });
}

test("every brand colour a page uses is defined by the theme", () => {
  const css = fs.readFileSync(path.join(APP, "globals.css"), "utf8");
  const defined = new Set([...css.matchAll(/--color-brand-(\d+):/g)].map((m) => m[1]));
  assert.ok(defined.size > 0, "the theme defines brand shades");
  const undefinedUses: string[] = [];
  for (const file of sourceFiles(APP)) {
    for (const m of fs.readFileSync(file, "utf8").matchAll(/\b[a-z]+(?:-[a-z]+)?-brand-(\d+)\b/g)) {
      if (!defined.has(m[1])) undefinedUses.push(`${path.relative(APP, file)}: ${m[0]}`);
    }
  }
  assert.deepEqual(undefinedUses, []);
});
