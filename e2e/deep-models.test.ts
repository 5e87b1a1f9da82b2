// The deep generative models in the browser: download the digits, train briefly on wasm, draw the
// submission, get the browser's estimate (onnxruntime-web) and the server's score.
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

test("gan-digits: train briefly, submit 1,000 digits, see the browser's estimate and the server's FID", { timeout: 420_000 }, async () => {
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(60_000);
  const problems = collectPageProblems(page);
  const student = DEMO_ACCOUNTS.find((a) => a.email.startsWith("carol"))!;
  const courseUrl = await signInAndJoinDemoCourse(page, server.url, student.email);

  await page.goto(`${courseUrl}/exercises/gan-digits`);
  await trainFor(page, 60);
  assert.equal(await page.getByTestId("backend-select").inputValue(), "wasm");
  await page.getByTestId("submit-samples").click();
  const result = page.getByTestId("submit-result");
  await result.waitFor({ timeout: 120_000 });
  const scored = await result.innerText();
  const fid = Number(/FID (\d+(?:\.\d+)?)/.exec(scored)?.[1]);
  assert.ok(fid > 0, scored);
  const estimate = await page.getByTestId("submit-estimate").innerText({ timeout: 120_000 });
  assert.match(estimate, /Estimated in your browser: FID [0-9.]+, Classifier score [0-9.]+/);
  await page.screenshot({ path: path.resolve(import.meta.dirname, "../test-results/gan-digits.png"), fullPage: true });

  await page.goto(`${courseUrl}/exercises/gan-digits/leaderboard`);
  await page.getByRole("img", { name: /16 digits submitted by you/ }).waitFor();
  assert.deepEqual(problems, []);
});

test("cgan-digits and adversarial-digits: submit and get the server's score", { timeout: 420_000 }, async () => {
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(60_000);
  const problems = collectPageProblems(page);
  const student = DEMO_ACCOUNTS.find((a) => a.email.startsWith("alice"))!;
  const courseUrl = await signInAndJoinDemoCourse(page, server.url, student.email);

  await page.goto(`${courseUrl}/exercises/cgan-digits`);
  await trainFor(page, 20);
  await page.getByTestId("submit-samples").click();
  const cgan = await page.getByTestId("submit-result").innerText({ timeout: 120_000 });
  assert.match(cgan, /^Scored by the server: Intra-class FID [0-9.]+, Conditional accuracy [0-9.]+, FID [0-9.]+/);

  await page.goto(`${courseUrl}/exercises/adversarial-digits`);
  await page.waitForFunction(() => document.querySelector('[data-testid="run-attack"]:enabled:not([aria-disabled="true"])') !== null, undefined, {
    timeout: 120_000,
  });
  await page.getByTestId("run-attack").click();
  await page
    .getByTestId("attack-result")
    .filter({ hasText: /misreads \d+ of/ })
    .waitFor({ timeout: 120_000 });
  const browserCount = Number(/misreads (\d+) of 200/.exec(await page.getByTestId("attack-result").innerText())?.[1]);
  await page.getByTestId("submit-samples").click();
  const adversarial = await page.getByTestId("submit-result").innerText({ timeout: 120_000 });
  const fooled = Number(/Fooled (\d+(?:\.\d+)?)/.exec(adversarial)?.[1]);
  // The server reads the same ONNX weights with onnxruntime; tfjs in the page may differ on a digit or two at the boundary.
  assert.ok(Math.abs(fooled * 200 - browserCount) <= 2, `${adversarial} vs ${browserCount} in the browser`);
  assert.ok(fooled > 0.5, adversarial);
  assert.deepEqual(problems, []);
});

test("diffusion-2d: train, animate the reverse process, submit 2,000 samples", { timeout: 420_000 }, async () => {
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(60_000);
  const problems = collectPageProblems(page);
  const student = DEMO_ACCOUNTS.find((a) => a.email.startsWith("bob"))!;
  const courseUrl = await signInAndJoinDemoCourse(page, server.url, student.email);

  await page.goto(`${courseUrl}/exercises/diffusion-2d`);
  await trainFor(page, 300);
  await page.getByTestId("animate-reverse").click();
  await page.waitForFunction(() => document.querySelector('[data-testid="animate-reverse"]:enabled:not([aria-disabled="true"])') !== null, undefined, {
    timeout: 60_000,
  });
  await page.getByTestId("submit-samples").click();
  const scored = await page.getByTestId("submit-result").innerText({ timeout: 120_000 });
  assert.match(scored, /^Scored by the server: MMD² -?[0-9.]+/);
  assert.match(await page.getByTestId("submit-estimate").innerText(), /Estimated in your browser: MMD² -?[0-9.]+/);
  await page.screenshot({ path: path.resolve(import.meta.dirname, "../test-results/diffusion-2d.png"), fullPage: true });
  assert.deepEqual(problems, []);
});

test("flow-moons: train the flow, submit its weights, get the exact held-out log-likelihood", { timeout: 420_000 }, async () => {
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(60_000);
  const problems = collectPageProblems(page);
  const student = DEMO_ACCOUNTS.find((a) => a.email.startsWith("carol"))!;
  const courseUrl = await signInAndJoinDemoCourse(page, server.url, student.email);

  await page.goto(`${courseUrl}/exercises/flow-moons`);
  await trainFor(page, 300);
  await page.getByTestId("submit-samples").click();
  const scored = await page.getByTestId("submit-result").innerText({ timeout: 120_000 });
  const byServer = Number(/Held-out log-likelihood (-?\d+(?:\.\d+)?)/.exec(scored)?.[1]);
  const inBrowser = Number(/Held-out log-likelihood (-?\d+(?:\.\d+)?)/.exec(await page.getByTestId("submit-estimate").innerText())?.[1]);
  assert.ok(Number.isFinite(byServer) && Number.isFinite(inBrowser), scored);
  // Same weights, same distribution, different draws of 2,000 moons: close, not equal.
  assert.ok(Math.abs(byServer - inBrowser) < 0.15, `server ${byServer}, browser ${inBrowser}`);
  await page.screenshot({ path: path.resolve(import.meta.dirname, "../test-results/flow-moons.png"), fullPage: true });
  assert.deepEqual(problems, []);
});

test("ar-names: train a bigram and a small transformer, sample names, submit the weights", { timeout: 420_000 }, async () => {
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(60_000);
  const problems = collectPageProblems(page);
  const student = DEMO_ACCOUNTS.find((a) => a.email.startsWith("alice"))!;
  const courseUrl = await signInAndJoinDemoCourse(page, server.url, student.email);

  await page.goto(`${courseUrl}/exercises/ar-names`);
  await page.waitForFunction(() => document.querySelector('[data-testid="train-start"]:enabled:not([aria-disabled="true"])') !== null, undefined, {
    timeout: 120_000,
  });
  await page.getByTestId("model-kind").selectOption("bigram");
  await page.getByRole("button", { name: "Reset" }).click();
  await trainFor(page, 150);
  await page.getByTestId("sample-names").click();
  await page.waitForFunction(() => (document.querySelector('[data-testid="name-samples"]')?.textContent ?? "").split(", ").length === 20);
  await page.getByTestId("submit-samples").click();
  const scored = await page.getByTestId("submit-result").innerText({ timeout: 120_000 });
  const bits = Number(/Bits per character (\d+(?:\.\d+)?)/.exec(scored)?.[1]);
  assert.ok(bits > 2 && bits < Math.log2(28), scored);

  // The transformer: a few steps, then its attention table.
  await page.getByTestId("model-kind").selectOption("transformer");
  await page.getByRole("button", { name: "Reset" }).click();
  await trainFor(page, 20);
  await page.getByRole("button", { name: "Show attention" }).click();
  await page.getByRole("table", { name: /Attention of layer 1, head 1/ }).waitFor();
  await page.screenshot({ path: path.resolve(import.meta.dirname, "../test-results/ar-names.png"), fullPage: true });
  assert.deepEqual(problems, []);
});

test("rbm-digits, vae-digits and autoencoder-digits: train briefly and submit", { timeout: 600_000 }, async () => {
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(60_000);
  const problems = collectPageProblems(page);
  const student = DEMO_ACCOUNTS.find((a) => a.email.startsWith("bob"))!;
  const courseUrl = await signInAndJoinDemoCourse(page, server.url, student.email);

  await page.goto(`${courseUrl}/exercises/rbm-digits`);
  await trainFor(page, 60);
  await page.getByLabel("Gibbs steps per submitted digit").fill("5");
  await page.getByTestId("submit-samples").click();
  assert.match(await page.getByTestId("submit-result").innerText({ timeout: 180_000 }), /^Scored by the server: FID \d/);

  await page.goto(`${courseUrl}/exercises/vae-digits`);
  await trainFor(page, 60);
  await page.getByTestId("submit-samples").click();
  assert.match(await page.getByTestId("submit-result").innerText({ timeout: 120_000 }), /^Scored by the server: FID \d/);
  await page.screenshot({ path: path.resolve(import.meta.dirname, "../test-results/vae-digits.png"), fullPage: true });

  await page.goto(`${courseUrl}/exercises/autoencoder-digits`);
  await page.waitForFunction(() => document.querySelector('[data-testid="fit-ppca"]:enabled:not([aria-disabled="true"])') !== null, undefined, {
    timeout: 120_000,
  });
  await page.getByTestId("fit-ppca").click();
  await page.getByTestId("ppca-result").filter({ hasText: /MSE/ }).waitFor({ timeout: 120_000 });
  await page.locator('input[name="autoencoder-source"][value="ppca"]').check();
  await page.getByTestId("submit-samples").click();
  const ppca = await page.getByTestId("submit-result").innerText({ timeout: 120_000 });
  const mse = Number(/MSE per pixel (\d+(?:\.\d+)?)/.exec(ppca)?.[1]);
  // Two principal directions keep the rough shape of a digit: between a perfect copy and a blank page.
  assert.ok(mse > 0.02 && mse < 0.1, ppca);
  assert.match(await page.getByTestId("submit-estimate").innerText(), /MSE per pixel \d/);

  // The MLP's weights after a short run (base64 float32, about 2 MB): the server reconstructs the hidden digits with them.
  await trainFor(page, 200);
  await page.locator('input[name="autoencoder-source"][value="mlp"]').check();
  await page.getByTestId("submit-samples").click();
  await page.waitForFunction(
    (before) => {
      const shown = document.querySelector<HTMLElement>('[data-testid="submit-result"]')?.innerText ?? "";
      return /MSE per pixel/.test(shown) && shown !== before;
    },
    ppca,
    { timeout: 120_000 },
  );
  const mlp = await page.getByTestId("submit-result").innerText();
  const mlpMse = Number(/MSE per pixel (\d+(?:\.\d+)?)/.exec(mlp)?.[1]);
  // 200 steps leave the MLP far from a copy, and well below its untrained grey output (about 0.2).
  assert.ok(mlpMse > 0.02 && mlpMse < 0.2, mlp);
  await page.screenshot({ path: path.resolve(import.meta.dirname, "../test-results/autoencoder-digits.png"), fullPage: true });
  assert.deepEqual(problems, []);
});
