// The live classroom in four browsers: an instructor starts a session; three students join by
// code; pacing reaches every screen; a poll is answered and revealed; a short timed round on
// gan-ring with live progress on the instructor's grid and submissions; one student reloads
// mid-round and finds the round, the countdown and their submission; the podium reaches everyone;
// the session ends with its results and CSV. Screenshots of the grid and the podium go to test-results/.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { COURSE_MODULES, DEMO_ACCOUNTS } from "@/lib/course/modules";
import { QUIZZES } from "@/lib/course/quizzes";
import { launchChromium } from "@/scripts/chromium";
import { startGenlabServer, type RunningServer } from "./server";
import { collectPageProblems, signInAndJoinDemoCourse, startLiveSession } from "./students";

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

async function newPage(): Promise<Page> {
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.on("dialog", (d) => void d.accept());
  return page;
}

test("an instructor runs a live session with three students", { timeout: 420_000 }, async () => {
  const instructor = await newPage();
  const problems = collectPageProblems(instructor);
  const instructorAccount = DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!;
  const studentAccounts = DEMO_ACCOUNTS.filter((a) => a.role === null);
  assert.equal(studentAccounts.length, 3);

  // The instructor starts a session from the course page (ending one a previous run left open).
  const courseUrl = await signInAndJoinDemoCourse(instructor, server.url, instructorAccount.email);
  const code = await startLiveSession(instructor, courseUrl);
  // Opened at localhost, the console says the class cannot use this join link.
  assert.match(await instructor.getByTestId("localhost-warning").innerText(), /Students cannot open this join link.*HOST=0\.0\.0\.0/s);
  assert.match(code, /^[A-HJ-NP-Z2-9]{6}$/, "six readable characters");
  await instructor.getByTestId("join-qr").waitFor();

  // Three students join by typing the code (lower case, as people do).
  const students: Page[] = [];
  for (const account of studentAccounts) {
    const page = await newPage();
    problems.push(...collectPageProblems(page));
    await signInAndJoinDemoCourse(page, server.url, account.email);
    await page.getByRole("link", { name: "Join live session" }).click();
    await page.getByLabel("Session code").fill(code.toLowerCase());
    await page.getByRole("button", { name: "Join session" }).click();
    await page.waitForURL(/\/live\/[^/]+$/);
    await page.getByTestId("live-module-title").filter({ hasText: "Lobby" }).waitFor();
    students.push(page);
  }
  await instructor.getByTestId("participant-count").filter({ hasText: "3" }).waitFor();

  // Pacing: every screen follows the instructor to the GAN module.
  const gan = COURSE_MODULES.find((m) => m.slug === "gan")!;
  await instructor.getByTestId("pacing-module").selectOption("gan");
  for (const page of students) {
    await page.getByTestId("live-module-title").filter({ hasText: gan.title }).waitFor();
    assert.equal(await page.getByTestId("module-select").isDisabled(), true, "navigation is locked by default");
  }

  // A poll from the module's quiz: one right answer and two wrong ones; then the reveal.
  const question = QUIZZES.gan.find((q) => q.kind === "choice")!;
  assert.equal(question.kind, "choice");
  await instructor.getByTestId("open-poll").click();
  for (const [i, page] of students.entries()) {
    const choice = i === 0 ? question.answer : (question.answer + 1) % question.choices.length;
    await page.getByRole("button", { name: question.choices[choice] }).click();
    await page.getByText("Answer recorded.").waitFor();
  }
  await instructor.getByTestId("instructor-poll").getByText("3 answers").waitFor();
  await instructor.getByRole("button", { name: "Reveal the answer" }).click();
  await students[0].getByTestId("poll-verdict").filter({ hasText: "You answered correctly" }).waitFor();
  await students[0].getByTestId("my-points").filter({ hasText: "100" }).waitFor();
  await students[1].getByTestId("poll-verdict").filter({ hasText: "You answered “" }).waitFor();

  // A timed round on gan-ring; the countdown runs on every screen.
  await instructor.getByTestId("round-exercise").selectOption("gan-ring");
  await instructor.getByTestId("round-seconds").fill("120");
  await instructor.getByRole("button", { name: "Start the round" }).click();
  for (const page of students) {
    await page.getByTestId("round-countdown").waitFor();
    await page.getByRole("button", { name: "Start" }).waitFor();
    await page.getByTestId("budget-input").fill("150");
    await page.getByRole("button", { name: "Start" }).click();
  }
  const countdown = await students[2].getByTestId("round-countdown").innerText();
  assert.match(countdown, /^[12]:\d\d$/, `a two-minute countdown, read ${countdown}`);

  // The instructor's grid fills with each student's backend, iteration and samples.
  for (const account of studentAccounts) {
    const tile = instructor.getByTestId("grid-tile").filter({ hasText: account.name });
    await tile.getByTestId("grid-backend").filter({ hasText: "wasm" }).waitFor();
    await instructor.waitForFunction(
      (name) =>
        [...document.querySelectorAll('[data-testid="grid-tile"]')].some(
          (t) => t.textContent?.includes(name) && Number(t.querySelector('[data-testid="grid-iteration"]')?.textContent?.replace(/\D/g, "") || 0) > 0,
        ),
      account.name,
    );
  }
  await instructor.screenshot({ path: path.join(ARTIFACTS, "live-instructor-grid.png"), fullPage: true });

  // Spotlight: the instructor puts the first student's samples on every screen.
  await instructor.getByRole("button", { name: `Spotlight ${studentAccounts[0].name}` }).click();
  await students[1].getByTestId("spotlight").filter({ hasText: studentAccounts[0].name }).waitFor();

  // Everyone submits for the round (after training to the small budget).
  for (const page of students) {
    await page.waitForFunction(() => document.querySelector('[data-testid="iteration"]')?.textContent?.replace(/\D/g, "") === "150", undefined, {
      timeout: 120_000,
    });
    await page.getByRole("button", { name: /for the round/ }).click();
    await page.getByTestId("submit-result").waitFor();
    await page.getByTestId("round-submissions").getByText("Your submissions in this round (1)").waitFor();
  }

  // One student reloads mid-round: the round, the countdown and the submission are still there.
  const reloaded = students[1];
  const before = await reloaded.getByTestId("round-countdown").innerText();
  await reloaded.reload();
  await reloaded.getByTestId("round-countdown").waitFor({ timeout: 10_000 });
  await reloaded.getByTestId("round-submissions").getByText("Your submissions in this round (1)").waitFor({ timeout: 10_000 });
  await reloaded.getByTestId("live-connection").filter({ hasText: "Live" }).waitFor({ timeout: 10_000 });
  const afterReload = await reloaded.getByTestId("round-countdown").innerText();
  const seconds = (t: string) => Number(t.split(":")[0]) * 60 + Number(t.split(":")[1]);
  assert.ok(seconds(afterReload) <= seconds(before) && seconds(before) - seconds(afterReload) < 20, `the countdown continued (${before} → ${afterReload})`);
  assert.equal(await reloaded.getByTestId("my-points").innerText(), "0", "points survive the reload (a wrong poll answer: 0)");

  // The instructor ends the round; the podium reaches everyone.
  await instructor.getByRole("button", { name: "End the round now" }).click();
  for (const page of students) {
    await page.getByTestId("podium").waitFor({ timeout: 15_000 });
    await page.getByTestId("my-standing").waitFor();
  }
  await instructor.getByTestId("instructor-round").getByTestId("podium").waitFor();
  const standing = await students[0].getByTestId("my-standing").innerText();
  assert.match(standing, /You placed \d+(st|nd|rd) of 3/);
  await students[0].screenshot({ path: path.join(ARTIFACTS, "live-podium-student.png"), fullPage: true });
  await instructor.screenshot({ path: path.join(ARTIFACTS, "live-podium-instructor.png"), fullPage: true });

  // The session ends; its results stay, and the CSV has one row per student.
  await instructor.getByRole("button", { name: "End session" }).click();
  await instructor.getByTestId("live-summary").waitFor();
  const download = instructor.waitForEvent("download");
  await instructor.getByTestId("export-csv").click();
  const csv = readFileSync(await (await download).path(), "utf8")
    .trim()
    .split(/\r?\n/);
  assert.equal(csv.length, 4, "a header and three students");
  assert.match(csv[0], /^name,email,polls answered,polls correct,round 1 gan-ring rank,round 1 Modes covered,points$/);
  await students[2].getByTestId("live-summary").waitFor({ timeout: 15_000 });

  assert.deepEqual(problems, [], "no console errors");
});
