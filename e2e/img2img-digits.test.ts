// pix2pix on digits in the browser: download the digits, train the generator and the discriminator briefly on wasm,
// see the completed validation digits and the evaluator's reading of them, submit the generator's weights, and get
// the browser's estimate and the server's score (FID and class accuracy of the completed hidden test digits).
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
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

const NUMBER = String.raw`(\d+(?:\.\d+)?)`;

test("img2img-digits: train briefly, see the completions, submit the generator, get the server's score", { timeout: 420_000 }, async () => {
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(60_000);
  const problems = collectPageProblems(page);
  const student = DEMO_ACCOUNTS.find((a) => a.email.startsWith("alice"))!;
  const courseUrl = await signInAndJoinDemoCourse(page, server.url, student.email);

  await page.goto(`${courseUrl}/exercises/img2img-digits`);
  await trainFor(page, 100);
  assert.equal(await page.getByTestId("backend-select").inputValue(), "wasm");
  // Once training stops, the evaluator (onnxruntime-web) reads the 20 completed validation digits.
  const readings = page.getByTestId("completion-readings");
  await readings.waitFor({ timeout: 120_000 });
  assert.match(
    await readings.innerText(),
    /reads \d+ of these 20 completed digits as the digit they really are.*L1 error per pixel of their lower halves: 0\.\d{3}/s,
  );
  await page.getByRole("img", { name: /The upper halves with the generator's lower halves/ }).waitFor();

  // The generator's weights (base64 float32, about 1.4 MB): the server completes the hidden test digits with them.
  await page.getByTestId("submit-samples").click();
  const scored = await page.getByTestId("submit-result").innerText({ timeout: 180_000 });
  const byServer = new RegExp(`^Scored by the server: Intra-class FID ${NUMBER}, Class accuracy ${NUMBER}, FID ${NUMBER}, L1 error per pixel ${NUMBER}`).exec(
    scored,
  );
  assert.ok(byServer, scored);
  const [intraClassFid, accuracy, fid, l1] = byServer.slice(1).map(Number);
  // After 100 iterations: between the real digits (0, 0.98, 0, 0) and the mean lower half pasted under every digit (126, 0.61, 109, 0.16).
  assert.ok(intraClassFid > 0 && fid > 0 && accuracy > 0.1 && accuracy <= 1 && l1 > 0 && l1 < 0.5, scored);
  const estimate = await page.getByTestId("submit-estimate").innerText({ timeout: 120_000 });
  const inBrowser = new RegExp(
    `^Estimated in your browser: Intra-class FID ${NUMBER}, Class accuracy ${NUMBER}, FID ${NUMBER}, L1 error per pixel ${NUMBER}`,
  ).exec(estimate);
  assert.ok(inBrowser, estimate);
  // The same generator on the 1,000 validation digits instead of the 1,000 test digits: close, not equal.
  assert.ok(Math.abs(Number(inBrowser[2]) - accuracy) < 0.1, `browser ${estimate} vs server ${scored}`);
  await page.screenshot({ path: path.resolve(import.meta.dirname, "../test-results/img2img-digits.png"), fullPage: true });

  await page.goto(`${courseUrl}/exercises/img2img-digits/leaderboard`);
  await page.getByRole("img", { name: /16 digits submitted by you/ }).waitFor();
  assert.deepEqual(problems, []);
});
