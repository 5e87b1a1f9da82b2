// The foundation's story in two browsers: a student signs in, joins the demo course by code,
// trains the GAN in the page and submits; the instructor's open leaderboard shows the entry
// without a reload. Screenshots of both pages are saved to test-results/.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { DEMO_ACCOUNTS, DEMO_COURSE } from "@/lib/course/modules";
import { QUIZZES } from "@/lib/course/quizzes";
import { EXERCISES } from "@/exercises/registry";
import { launchChromium } from "@/scripts/chromium";
import { E2E_DEMO_PASSWORD, startGenlabServer, type RunningServer } from "./server";

const ARTIFACTS = path.resolve(import.meta.dirname, "../test-results");
const STEP_TIMEOUT_MS = 60_000;
let server: RunningServer;
let browser: Browser;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startGenlabServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page: Page, email: string) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(E2E_DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/courses/, { timeout: STEP_TIMEOUT_MS });
}

test("a student trains and submits; the instructor's leaderboard updates live", { timeout: 240_000 }, async () => {
  const instructor = await (await browser.newContext()).newPage();
  const student = await (await browser.newContext()).newPage();
  instructor.setDefaultTimeout(STEP_TIMEOUT_MS);
  student.setDefaultTimeout(STEP_TIMEOUT_MS);
  const instructorAccount = DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!;
  const studentAccount = DEMO_ACCOUNTS.find((a) => a.email.startsWith("alice"))!;

  // The instructor opens the exercise's leaderboard and keeps it open.
  await signIn(instructor, instructorAccount.email);
  await instructor
    .getByRole("link", { name: new RegExp(DEMO_COURSE.title) })
    .first()
    .click();
  await instructor.waitForURL(/\/courses\/[^/]+$/);
  const courseUrl = instructor.url();
  await instructor.goto(`${courseUrl}/exercises/gan-ring/leaderboard`);
  await instructor
    .getByTestId("leaderboard")
    .or(instructor.getByText(/No submissions yet/))
    .first()
    .waitFor();
  // Marks this document: a reload or navigation would lose it.
  await instructor.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  // The student joins by code and trains in the browser.
  await signIn(student, studentAccount.email);
  await student.getByLabel("Join code").fill(DEMO_COURSE.joinCode.toLowerCase());
  await student.getByRole("button", { name: "Join course" }).click();
  await student
    .getByRole("link", { name: new RegExp(DEMO_COURSE.title) })
    .first()
    .waitFor();
  // Opening the page loads neither TensorFlow.js's wasm nor anything else of the model: Start does.
  const wasmRequests: string[] = [];
  student.on("request", (request) => {
    if (request.url().includes("/tfjs-wasm/")) wasmRequests.push(request.url());
  });
  await student.goto(`${courseUrl}/exercises/gan-ring`);
  await student.getByTestId("iteration").waitFor();
  await student.getByTestId("loads-on-start").waitFor();
  await student.getByTestId("budget-input").fill("400");
  await student.waitForTimeout(1000);
  assert.deepEqual(wasmRequests, [], "nothing of TensorFlow.js before Start");
  await student.getByRole("button", { name: "Start" }).click();
  // Headless Chromium here has only software-emulated WebGL/WebGPU, which lose to wasm.
  assert.equal(await student.getByTestId("backend-select").inputValue(), "wasm", "the automatic choice skips GPU backends emulated on the CPU");
  assert.ok(wasmRequests.length > 0, "Start loaded the wasm backend");
  await student.waitForFunction(() => document.querySelector('[data-testid="iteration"]')?.textContent?.replace(/\D/g, "") === "400", undefined, {
    timeout: 120_000,
  });
  await student.screenshot({ path: path.join(ARTIFACTS, "exercise-gan-ring.png"), fullPage: true });

  const submittedAt = Date.now();
  await student.getByTestId("submit-samples").click();
  await student.getByTestId("submit-result").waitFor();
  assert.match(await student.getByTestId("submit-result").innerText(), /Scored by the server: Modes covered \d, High quality/);

  // The instructor's page shows Alice's entry without a reload.
  const row = instructor.getByTestId("leaderboard-row").filter({ hasText: studentAccount.name });
  await row.waitFor({ timeout: 10_000 });
  const latencyMs = Date.now() - submittedAt;
  assert.equal(await instructor.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload), true, "the leaderboard page was not reloaded");
  await instructor.screenshot({ path: path.join(ARTIFACTS, "leaderboard-gan-ring.png"), fullPage: true });
  console.log(`leaderboard entry visible ${latencyMs} ms after the student's click (includes server scoring)`);

  // The student reads the GAN module and passes its quiz; the instructor sees it in the progress table.
  await student.goto(`${courseUrl}/modules/gan`);
  await student.getByTestId("quiz-status").waitFor();
  for (const [index, question] of QUIZZES.gan.entries()) {
    const card = student.getByRole("listitem").filter({ hasText: `${index + 1}. ${question.prompt}` });
    if (question.kind === "choice") await card.getByRole("radio").nth(question.answer).check();
    else await card.getByPlaceholder("Your answer").fill(String(question.answer));
    await card.getByRole("button", { name: "Check" }).click();
    await card.getByText("Correct.").waitFor();
  }
  await student.getByText("Quiz passed").waitFor();

  // The markov-chain exercise: iterate the lecture's chain to its stationary distribution and submit.
  await student.goto(`${courseUrl}/exercises/markov-chain`);
  await student.getByRole("button", { name: "Start in state 3" }).click();
  await student.getByRole("button", { name: "100 steps" }).click();
  await student.getByTestId("chain-steps").filter({ hasText: "100" }).waitFor();
  await student.getByTestId("submit-samples").click();
  await student.getByTestId("submit-result").waitFor();
  assert.match(await student.getByTestId("submit-result").innerText(), /L1 error 0\.0000\d\d/);
  await student.screenshot({ path: path.join(ARTIFACTS, "module-gan-quiz.png"), fullPage: true });
  await instructor.goto(`${courseUrl}/progress`);
  const progressRow = instructor.getByTestId("progress-table").getByRole("row").filter({ hasText: studentAccount.name });
  await progressRow.waitFor();
  const cells = await progressRow.innerText();
  assert.match(cells, /R ✓/);
  assert.match(cells, new RegExp(`Q ${QUIZZES.gan.length}/${QUIZZES.gan.length}`));
  const ganExercises = EXERCISES.filter((e) => e.moduleSlug === "gan").length;
  assert.match(cells, new RegExp(`E 1/${ganExercises}`), "gan-ring submitted, of the GAN module's exercises");
  assert.match(cells, /E 1\/2/, "one of the two Markov chain / MCMC exercises submitted");
});
