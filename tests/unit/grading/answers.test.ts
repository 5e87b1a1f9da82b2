// lib/grading/answers.ts: what people type for a numeric answer, accepted or refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { describeTolerance, parseNumericAnswer } from "@/lib/grading/answers";

test("accepted forms", () => {
  const table: [string, number][] = [
    ["0.56", 0.56],
    [".56", 0.56],
    ["0,56", 0.56], // decimal comma
    ["4/51", 4 / 51],
    ["4 / 51", 4 / 51],
    ["-4/51", -4 / 51],
    ["1.5/3", 0.5],
    ["1e-3", 0.001],
    ["2.5E2", 250],
    ["-2", -2],
    ["  3 ", 3],
    ["+0.5", 0.5],
    ["5.", 5],
    ["56%", 0.56],
    ["56 %", 0.56],
    ["12,5%", 0.125],
    ["−0.5", -0.5], // U+2212 minus sign
    ["−4/51", -4 / 51],
    ["0,500", 0.5], // a decimal comma: no thousands start with 0
    ["1,5", 1.5],
    ["-0", 0],
  ];
  for (const [text, value] of table) assert.equal(parseNumericAnswer(text), value, JSON.stringify(text));
  assert.ok(Object.is(parseNumericAnswer("-0"), 0), "−0 is returned as 0");
});

test("refused forms", () => {
  const refused = [
    "",
    "   ",
    "1,000.5",
    "1,024", // one thousand and twenty-four, or 1.024 with a decimal comma?
    "-362,880",
    "1".repeat(65),
    "1.000,5",
    "1,000,000",
    "0,5,6",
    "abc",
    "0.5abc",
    "1..2",
    "1/0",
    "0/0",
    "1e999",
    "-1e999/1",
    "Infinity",
    "NaN",
    "%",
    "1/2%",
    "1 000",
    "0x10",
    "1e",
    "e5",
    ".",
    "--1",
    "+-1",
    "4//51",
  ];
  for (const text of refused) assert.equal(parseNumericAnswer(text), null, JSON.stringify(text));
});

test("describeTolerance", () => {
  assert.equal(describeTolerance(0.01), "answers within ±0.01 are accepted");
  assert.equal(describeTolerance(0.0005), "answers within ±0.0005 are accepted");
  assert.equal(describeTolerance(2), "answers within ±2 are accepted");
  assert.equal(describeTolerance(0), "only the exact answer is accepted");
});
