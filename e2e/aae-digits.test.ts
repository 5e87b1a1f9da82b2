// The adversarial auto-encoder in the browser: download the digits, train on wasm, watch the codes fill the prior,
// submit the encoder and decoder, get the browser's estimate (onnxruntime-web for the FID) and the server's three numbers.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { AAE_MAX_MMD2, AAE_MEAN_DIGIT_MSE } from "@/exercises/aae-digits/spec";
import { DEMO_ACCOUNTS } from "@/lib/course/modules";
import { launchChromium } from "@/scripts/chromium";
import { startGenlabServer, type RunningServer } from "./server";
import { collectPageProblems, signInAndJoinDemoCourse, trainFor } from "./students";

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startGenlabServer();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The default config after this many steps: codes near the prior (MMD² about 0.01) and digits that reconstruct (MSE about 0.053). */
const STEPS = 1000;
const SCORE = /FID (\d+(?:\.\d+)?), MMD² to the prior (-?\d+(?:\.\d+)?), Reconstruction MSE per pixel (\d+(?:\.\d+)?)/;

test("aae-digits: train briefly, see the codes over the prior, submit the model, get the estimate and the server's score", { timeout: 420_000 }, async () => {
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(60_000);
  const problems = collectPageProblems(page);
  const student = DEMO_ACCOUNTS.find((a) => a.email.startsWith("carol"))!;
  const courseUrl = await signInAndJoinDemoCourse(page, server.url, student.email);

  await page.goto(`${courseUrl}/exercises/aae-digits`);
  await trainFor(page, STEPS, { finishWithinMs: 240_000 });
  assert.equal(await page.getByTestId("backend-select").inputValue(), "wasm");

  // Once training stops the page encodes the 1,000 validation digits: their MMD² and MSE, and the map by digit.
  await page
    .getByTestId("aae-validation")
    .filter({ hasText: /MMD² of their codes to N\(0, I\) -?\d/ })
    .waitFor({ timeout: 60_000 });
  const onPage = await page.getByTestId("aae-validation").innerText();
  const pageMse = Number(/reconstruction MSE per pixel (\d+(?:\.\d+)?)/.exec(onPage)?.[1]);
  assert.ok(pageMse > 0.02 && pageMse < AAE_MEAN_DIGIT_MSE, onPage);
  await page.getByRole("img", { name: /^Codes of the 1,000 validation digits, by digit: 1,000 digits as dots coloured by label/ }).waitFor();
  await page.getByRole("img", { name: /^Codes of the validation digits in orange over as many samples of the prior/ }).waitFor();

  await page.getByTestId("submit-samples").click();
  const scored = await page.getByTestId("submit-result").innerText({ timeout: 120_000 });
  assert.match(scored, /^Scored by the server: FID /);
  const [, fid, mmd2, mse] = (SCORE.exec(scored) ?? []).map(Number);
  // 1,000 steps: far from the untrained model (FID 436, MMD² 0.25, MSE 0.236), short of the default run's 206.
  assert.ok(fid > 150 && fid < 400, scored);
  assert.ok(mmd2 < AAE_MAX_MMD2 && mse > 0.02 && mse < AAE_MEAN_DIGIT_MSE, scored);
  assert.equal(await page.getByTestId("submit-flagged").count(), 0, "an honest model after 1,000 steps is not flagged");

  // The estimate: the same computation on the validation digits (and their own FID reference), so close to the score.
  const estimate = await page.getByTestId("submit-estimate").innerText({ timeout: 120_000 });
  const [, estimatedFid, , estimatedMse] = (SCORE.exec(estimate) ?? []).map(Number);
  assert.match(estimate, /^Estimated in your browser: FID /);
  assert.ok(Math.abs(estimatedMse - mse) < 0.005, `server ${scored} / browser ${estimate}`);
  assert.ok(Math.abs(estimatedFid - fid) < 40, `server ${scored} / browser ${estimate}`);
  await page.screenshot({ path: path.resolve(import.meta.dirname, "../test-results/aae-digits.png"), fullPage: true });

  // The leaderboard's thumbnail: 16 digits the server decoded from the prior.
  await page.goto(`${courseUrl}/exercises/aae-digits/leaderboard`);
  await page.getByRole("img", { name: /16 digits submitted by you/ }).waitFor();
  assert.deepEqual(problems, []);
});
