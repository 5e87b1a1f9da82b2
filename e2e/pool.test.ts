// The worker pool from the browser: a student hands a gan-ring run to the pool (the server's own
// local worker, WASM here), watches it train live (iterations, losses, sample snapshot), while the
// instructor's page shows the same job streaming; the run lands on the leaderboard as a pool run,
// and its weights are loaded back into the page to draw fresh samples. A second job is cancelled.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { DEMO_ACCOUNTS } from "@/lib/course/modules";
import { launchChromium } from "@/scripts/chromium";
import { E2E_DEMO_PASSWORD, startGenlabServer, type RunningServer } from "./server";
import { collectPageProblems, joinDemoCourse, signIn } from "./students";

const ARTIFACTS = path.resolve(import.meta.dirname, "../test-results");
const STEP_TIMEOUT_MS = 60_000;
/** Long enough to see several progress reports (one a second), short enough for CI. */
const POOL_STEPS = 2500;
let server: RunningServer;
let browser: Browser;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startGenlabServer(); // with its default local worker
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const iterationOf = async (page: Page) => Number((await page.getByTestId("pool-detail-iteration").innerText()).split("/")[0].replace(/\D/g, ""));

test("a pool run requested in the browser streams live progress and lands on the leaderboard", { timeout: 300_000 }, async () => {
  const student = await (await browser.newContext({ acceptDownloads: true })).newPage();
  const instructor = await (await browser.newContext()).newPage();
  for (const page of [student, instructor]) page.setDefaultTimeout(STEP_TIMEOUT_MS);
  const problems = [...collectPageProblems(student), ...collectPageProblems(instructor)];
  // A new student: the demo students have gan-ring entries of their own from other tests.
  const account = { name: `Dora Pool ${Date.now().toString(36)}`, email: `dora-${Date.now().toString(36)}@genlab.local` };
  await student.goto(`${server.url}/sign-up`);
  await student.getByLabel("Your name").fill(account.name);
  await student.getByLabel("Email").fill(account.email);
  await student.getByLabel("Password").fill(E2E_DEMO_PASSWORD);
  await student.getByRole("button", { name: "Create account" }).click();
  await student.waitForURL(/\/courses/);
  const courseUrl = await joinDemoCourse(student);
  await signIn(instructor, server.url, DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!.email);
  await instructor.goto(`${courseUrl}/exercises/gan-ring`);
  await instructor.getByTestId("pool-empty").or(instructor.getByTestId("pool-jobs")).first().waitFor();
  await instructor.getByText("Live updates on").waitFor();

  await student.goto(`${courseUrl}/exercises/gan-ring`);
  await student.getByText("Live updates on").waitFor();
  // The server's own local worker has registered itself.
  await student
    .getByTestId("pool-workers")
    .filter({ hasText: /[1-9]\d* workers? online \(\d+ busy\): wasm on / })
    .waitFor();
  await student.getByTestId("pool-steps").fill(String(POOL_STEPS));
  await student.getByTestId("pool-run").click();
  // The status line follows the job: queued, then training (a free worker may take it at once).
  await student.getByText(/^(Queued\. It starts as soon as a worker is free\.|Training on the pool: its progress is below\.)$/).waitFor();

  // Live progress: the iteration count moves on without a reload, with losses and the worker named.
  const jobId = await student.getByTestId("pool-job").first().getAttribute("data-job-id"); // newest first
  const statusOf = (page: Page, id: string) => page.locator(`[data-job-id="${id}"]`).getAttribute("data-status");
  const waitForStatus = (page: Page, id: string, status: string, timeout = STEP_TIMEOUT_MS) =>
    page.waitForFunction(([i, s]) => document.querySelector(`[data-job-id="${i}"]`)?.getAttribute("data-status") === s, [id, status] as const, { timeout });
  assert.ok(jobId);
  await waitForStatus(student, jobId, "RUNNING", 90_000);
  await student.waitForFunction(() => /^[1-9]/.test(document.querySelector('[data-testid="pool-detail-iteration"]')?.textContent ?? ""));
  const first = await iterationOf(student);
  await student.waitForFunction(
    (seen) => Number((document.querySelector('[data-testid="pool-detail-iteration"]')?.textContent ?? "").split("/")[0].replace(/\D/g, "")) > seen,
    first,
  );
  const detail = student.getByTestId("pool-job-detail");
  assert.match(await detail.innerText(), /wasm on /, "the worker's backend and device are shown");
  assert.match(await detail.innerText(), /Losses\s+D \d/);
  assert.equal((await student.getByTestId("pool-job-detail").locator("canvas").count()) > 0, true, "a sample snapshot is drawn");

  // The instructor's page lists the student's job (with the owner's name) and it moves there too.
  const instructorsJob = instructor.locator(`[data-job-id="${jobId}"]`);
  await instructorsJob.waitFor();
  assert.match(await instructorsJob.innerText(), new RegExp(account.name));
  await instructorsJob.click();
  await instructor.waitForFunction(() => /^[1-9]/.test(document.querySelector('[data-testid="pool-detail-iteration"]')?.textContent ?? ""));

  // A second job is queued behind the first (one worker) and cancelled.
  const before = await student.getByTestId("pool-job").count();
  await student.getByTestId("pool-run").click();
  await student.waitForFunction((n) => document.querySelectorAll('[data-testid="pool-job"]').length === n + 1, before);
  const second = student.getByTestId("pool-job").first();
  const secondId = (await second.getAttribute("data-job-id"))!;
  assert.notEqual(secondId, jobId);
  assert.match(await second.innerText(), /#\d+ in the queue, starts/);
  await second.click();
  await student.getByTestId("pool-cancel").click();
  await waitForStatus(student, secondId, "CANCELLED");

  // The first job finishes: scored by the server, weights ready, live on the open pages.
  await waitForStatus(student, jobId, "SUCCEEDED", 180_000);
  await student.locator(`[data-job-id="${jobId}"]`).click();
  assert.equal(await statusOf(student, jobId), "SUCCEEDED");
  await student.getByTestId("pool-detail-score").waitFor();
  assert.match(await student.getByTestId("pool-detail-score").innerText(), /Modes covered|MMD|\d/);
  await student.screenshot({ path: path.join(ARTIFACTS, "pool-run-student.png"), fullPage: true });

  // Loading the pool-trained model replaces the page's: its iteration count, fresh samples.
  await student.getByTestId("pool-load").click();
  await student.getByText(/Loaded into the page/).waitFor();
  assert.equal(await student.getByTestId("iteration").innerText(), POOL_STEPS.toLocaleString("en"));

  // Download: the JSON the page loads (config + weights).
  const [download] = await Promise.all([student.waitForEvent("download"), student.getByRole("button", { name: "Download weights" }).click()]);
  const file = await download.path();
  const saved = JSON.parse(await readFile(file, "utf8"));
  assert.equal(saved.exerciseSlug, "gan-ring");
  assert.equal(saved.weights.iteration, POOL_STEPS);
  // The whole training state (train/checkpoint.ts): the weights with both optimisers' state, so a load resumes exactly.
  assert.ok(saved.weights.tensors.generator.values.length > 100);
  assert.deepEqual(Object.keys(saved.weights.optimizers).sort(), ["discriminator", "generator"]);

  // On the leaderboard, marked as a pool run, with its settings.
  await student.goto(`${courseUrl}/exercises/gan-ring/leaderboard`);
  const row = student.getByTestId("leaderboard-row").filter({ hasText: account.name });
  await row.waitFor();
  assert.match(await row.innerText(), /pool run/);
  await row.getByText("settings").click();
  assert.match(await row.innerText(), /Hidden width \d+ units/, "settings in words, not code names");
  await instructor.screenshot({ path: path.join(ARTIFACTS, "pool-run-instructor.png"), fullPage: true });
  assert.deepEqual(problems, []);
});
