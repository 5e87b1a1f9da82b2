// The data behind the density exercises: documented sizes, fixed disjoint splits, and the
// held-out loaders kept out of anything the browser loads.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { loadBodyMassHeldout, loadPenguinHeldout, loadWeatherHeldout } from "@/lib/datasets/heldout";
import { HeldoutInputError, parseHeldoutNumbers, parseHeldoutPoints, parseHeldoutSymbols } from "@/lib/datasets/heldout-input";
import { PENGUIN_HELDOUT_SIZE, PENGUIN_ROWS, PENGUIN_TRAIN_SIZE, PENGUINS_FILE, parsePenguins, splitPenguins } from "@/lib/datasets/penguins";
import { parseSeattleWeatherCsv, SEATTLE_WEATHER_FILE, splitWeather, WEATHER_DAYS, WEATHER_HELDOUT_SIZE, WEATHER_SYMBOLS, WEATHER_TRAIN_SIZE } from "@/lib/datasets/seattle-weather";
import { seededSplit } from "@/lib/datasets/split";
import { readVegaDataFile } from "@/lib/datasets/files";
import { loadBodyMassTrain, loadPenguinTrain, loadWeatherTrain, penguinSplit, weatherSplit } from "@/lib/datasets/train";

const ROOT = path.resolve(import.meta.dirname, "../../../..");

describe("penguins", () => {
  test("342 complete rows of 344, split 256 / 86", () => {
    const raw = JSON.parse(readVegaDataFile(PENGUINS_FILE)) as unknown[];
    assert.equal(raw.length, 344);
    const rows = parsePenguins(raw);
    assert.equal(rows.length, PENGUIN_ROWS);
    assert.equal(PENGUIN_ROWS, 342);
    const { train, heldout } = penguinSplit();
    assert.equal(train.length, PENGUIN_TRAIN_SIZE);
    assert.equal(heldout.length, PENGUIN_HELDOUT_SIZE);
    assert.deepEqual([PENGUIN_TRAIN_SIZE, PENGUIN_HELDOUT_SIZE], [256, 86]);
    // The first file row: Adelie, beak 39.1, flipper 181, 3750 g.
    assert.deepEqual(rows[0], { species: "Adelie", beakLengthMm: 39.1, flipperLengthMm: 181, bodyMassG: 3750 });
  });

  test("the split is disjoint, covers every row once, and is deterministic", () => {
    const rows = parsePenguins(JSON.parse(readVegaDataFile(PENGUINS_FILE)));
    const { train, heldout } = splitPenguins(rows);
    const ids = seededSplit(rows.length, 20240601, 0.25);
    assert.equal(new Set([...ids.train, ...ids.heldout]).size, rows.length);
    assert.equal(ids.train.filter((i) => ids.heldout.includes(i)).length, 0);
    assert.deepEqual(splitPenguins(rows), { train, heldout });
    assert.deepEqual(seededSplit(rows.length, 20240601, 0.25), ids);
    assert.notDeepEqual(seededSplit(rows.length, 1, 0.25).heldout, ids.heldout);
    // Row objects: every one is in exactly one split.
    assert.equal(train.filter((p) => heldout.includes(p)).length, 0);
    assert.equal(new Set([...train, ...heldout]).size, rows.length);
  });

  test("loaders return the documented shapes and units", () => {
    const train = loadPenguinTrain();
    const heldout = loadPenguinHeldout();
    assert.equal(train.length, 256);
    assert.equal(heldout.length, 86);
    for (const [beak, flipper] of [...train, ...heldout]) {
      assert.ok(beak > 30 && beak < 60, `beak ${beak}`);
      assert.ok(flipper > 170 && flipper < 235, `flipper ${flipper}`);
    }
    const mass = [...loadBodyMassTrain(), ...loadBodyMassHeldout()];
    assert.equal(mass.length, 342);
    assert.ok(mass.every((m) => m >= 2.7 && m <= 6.3), "body mass in kg");
    assert.equal(loadPenguinHeldout(), loadPenguinHeldout(), "cached");
  });
});

describe("Seattle weather", () => {
  test("1,461 days: 2012–2014 train (1,096), 2015 held-out (365), in date order", () => {
    const days = parseSeattleWeatherCsv(readVegaDataFile(SEATTLE_WEATHER_FILE));
    assert.equal(days.length, WEATHER_DAYS);
    const { train, heldout } = weatherSplit();
    assert.equal(train.length, WEATHER_TRAIN_SIZE);
    assert.equal(heldout.length, WEATHER_HELDOUT_SIZE);
    assert.equal(train[0].date, "2012-01-01");
    assert.equal(train.at(-1)!.date, "2014-12-31");
    assert.equal(heldout[0].date, "2015-01-01");
    assert.equal(heldout.at(-1)!.date, "2015-12-31");
    assert.deepEqual(splitWeather(days), { train, heldout });
    assert.equal(new Set([...train, ...heldout].map((d) => d.date)).size, WEATHER_DAYS);
  });

  test("symbols are indices into sun, rain, fog, drizzle, snow", () => {
    assert.deepEqual([...WEATHER_SYMBOLS], ["sun", "rain", "fog", "drizzle", "snow"]);
    const train = loadWeatherTrain();
    const heldout = loadWeatherHeldout();
    assert.equal(train.length, 1096);
    assert.equal(heldout.length, 365);
    assert.equal(train[0], 3); // 2012-01-01 was drizzle
    assert.equal(train[1], 1); // 2012-01-02 rain
    assert.ok([...train, ...heldout].every((s) => Number.isInteger(s) && s >= 0 && s < 5));
    // Every symbol occurs in training.
    assert.equal(new Set(train).size, 5);
  });
});

describe("caller-supplied held-out files", () => {
  test("valid shapes", () => {
    assert.deepEqual(parseHeldoutPoints([[39.1, 181], [46, 210]]), [[39.1, 181], [46, 210]]);
    assert.deepEqual(parseHeldoutNumbers([3.75, 4.2]), [3.75, 4.2]);
    assert.deepEqual(parseHeldoutSymbols(["sun", "snow", "fog"]), [0, 4, 2]);
  });
  test("clear errors", () => {
    const err = (f: () => unknown, re: RegExp) => assert.throws(f, (e) => e instanceof HeldoutInputError && re.test(e.message));
    err(() => parseHeldoutPoints({ points: [] }), /must be a JSON array, like \[\[39\.1, 181\]/);
    err(() => parseHeldoutPoints([]), /empty array/);
    err(() => parseHeldoutPoints([[1, 2], [3]]), /entry 2 must be a pair \[x, y\] of finite numbers.*it is \[3\]/);
    err(() => parseHeldoutPoints([[1, null]]), /entry 1 must be a pair/);
    err(() => parseHeldoutNumbers([1, "2"]), /entry 2 must be a finite number.*it is "2"/);
    err(() => parseHeldoutNumbers([1e300]), /within ±1000000/);
    err(() => parseHeldoutSymbols(["sun", "hail"]), /entry 2 is "hail"; each entry must be one of "sun", "rain", "fog", "drizzle", "snow"/);
    err(() => parseHeldoutSymbols([0, 1]), /entry 1 is 0/);
  });
});

describe("held-out data stays on the server", () => {
  /** Import specifiers that are not type-only. */
  function runtimeImports(source: string): string[] {
    const found: string[] = [];
    const patterns = [/^\s*import\s+(?!type\s)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm, /^\s*export\s+(?!type\s)[^"';]*?\sfrom\s+["']([^"']+)["']/gm, /import\(\s*["']([^"']+)["']\s*\)/g];
    for (const re of patterns) for (const m of source.matchAll(re)) found.push(m[1]);
    return found;
  }
  function resolveLocal(spec: string, from: string): string | null {
    let base: string;
    if (spec.startsWith("@/")) base = path.join(ROOT, spec.slice(2));
    else if (spec.startsWith(".")) base = path.resolve(path.dirname(from), spec);
    else return null;
    for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
      if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
    }
    return null;
  }
  function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === "node_modules" || e.name.startsWith(".") ? [] : sourceFiles(p);
      return /\.(ts|tsx|js|jsx|mjs)$/.test(e.name) ? [p] : [];
    });
  }
  const appFiles = sourceFiles(path.join(ROOT, "app"));
  const norm = (spec: string, from: string) => {
    const resolved = resolveLocal(spec, from);
    return resolved ? path.relative(ROOT, resolved).replaceAll(path.sep, "/") : spec;
  };

  // Type-only imports (`import type { MetricSpec } from "@/lib/exercises/types"`) are erased and allowed.
  test("no file under app/ imports lib/datasets/heldout or lib/exercises/ (at run time)", () => {
    assert.ok(appFiles.length > 0);
    const offenders: string[] = [];
    for (const file of appFiles) {
      const text = fs.readFileSync(file, "utf8");
      for (const spec of runtimeImports(text)) {
        const target = norm(spec, file);
        if (/(^|\/)lib\/datasets\/heldout(\.ts)?$/.test(target) || /(^|\/)lib\/exercises\//.test(target)) offenders.push(`${path.relative(ROOT, file)} → ${spec}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  test("no client component reaches a server-only data loader (held-out rows, test digits, hidden names), even indirectly", () => {
    const forbidden = new Set(["lib/datasets/heldout.ts", "lib/datasets/train.ts", "lib/datasets/files.ts", "lib/datasets/mnist.ts", "lib/datasets/names.ts", "lib/datasets/digit-evaluator.ts"]);
    const roots = appFiles.filter((f) => /^\s*["']use client["']/.test(fs.readFileSync(f, "utf8")));
    const seen = new Map<string, string>(); // file → the file that imported it
    const queue = [...roots];
    for (const r of roots) seen.set(r, "");
    const hits: string[] = [];
    while (queue.length) {
      const file = queue.shift()!;
      for (const spec of runtimeImports(fs.readFileSync(file, "utf8"))) {
        const target = resolveLocal(spec, file);
        if (!target || seen.has(target)) continue;
        seen.set(target, file);
        const rel = path.relative(ROOT, target).replaceAll(path.sep, "/");
        if (forbidden.has(rel)) {
          const chain = [rel];
          for (let f = file; f; f = seen.get(f)!) chain.unshift(path.relative(ROOT, f));
          hits.push(chain.join(" → "));
        } else queue.push(target);
      }
    }
    assert.deepEqual(hits, []);
  });
});
