// The data behind the density exercises: documented sizes and fixed disjoint splits (that the held-out
// loaders stay out of anything the browser loads is tests/unit/architecture.test.ts's).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadBodyMassHeldout, loadPenguinHeldout, loadWeatherHeldout } from "@/lib/datasets/heldout";
import { HeldoutInputError, parseHeldoutNumbers, parseHeldoutPoints, parseHeldoutSymbols } from "@/lib/datasets/heldout-input";
import { PENGUIN_HELDOUT_SIZE, PENGUIN_ROWS, PENGUIN_TRAIN_SIZE, PENGUINS_FILE, parsePenguins, splitPenguins } from "@/lib/datasets/penguins";
import {
  parseSeattleWeatherCsv,
  SEATTLE_WEATHER_FILE,
  splitWeather,
  WEATHER_DAYS,
  WEATHER_HELDOUT_SIZE,
  WEATHER_SYMBOLS,
  WEATHER_TRAIN_SIZE,
} from "@/lib/datasets/seattle-weather";
import { seededSplit } from "@/lib/datasets/split";
import { readVegaDataFile } from "@/lib/datasets/files";
import { loadBodyMassTrain, loadPenguinTrain, loadWeatherTrain, penguinSplit, weatherSplit } from "@/lib/datasets/train";

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
    assert.ok(
      mass.every((m) => m >= 2.7 && m <= 6.3),
      "body mass in kg",
    );
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
    assert.deepEqual(
      parseHeldoutPoints([
        [39.1, 181],
        [46, 210],
      ]),
      [
        [39.1, 181],
        [46, 210],
      ],
    );
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
