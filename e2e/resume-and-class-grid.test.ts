// The one trainer hook, end to end: a reload in the middle of training offers "Resume from step N"
// and continues that run (weights, optimiser, curves); and the classical exercises, which run in
// plain JavaScript, fill the instructor's class grid in a live round like the deep models do.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { findExerciseSpec } from "@/exercises/specs";
import { DEMO_ACCOUNTS } from "@/lib/course/modules";
import { launchChromium } from "@/scripts/chromium";
import { startGenlabServer, type RunningServer } from "./server";
import { collectPageProblems, signInAndJoinDemoCourse, startLiveSession } from "./students";

const STEP_TIMEOUT_MS = 60_000;
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

async function newPage(): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.on("dialog", (d) => void d.accept());
  return page;
}

const iterationOf = async (page: Page) => Number((await page.getByTestId("iteration").innerText()).replace(/\D/g, ""));

test("a reload mid-training offers to resume the run where it stopped, and it continues from there", { timeout: 240_000 }, async () => {
  const page = await newPage();
  const problems = collectPageProblems(page);
  const student = DEMO_ACCOUNTS.filter((a) => a.role === null)[2];
  const courseUrl = await signInAndJoinDemoCourse(page, server.url, student.email);

  await page.goto(`${courseUrl}/exercises/gan-ring`);
  await page.getByTestId("budget-input").fill("3000");
  await page.getByTestId("train-start").click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="iteration"]')?.textContent?.replace(/\D/g, "") || 0) >= 150, undefined, {
    timeout: 120_000,
  });
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await page.getByTestId("train-start").filter({ hasText: "Resume" }).waitFor();
  const stoppedAt = await iterationOf(page);
  assert.ok(stoppedAt >= 150 && stoppedAt < 3000, `paused mid-run at ${stoppedAt}`);

  // Pausing saved the run; the reload finds it and offers it (before loading anything of the model).
  await page.reload();
  const offer = page.getByTestId("resume-saved");
  await offer.waitFor();
  assert.equal(await offer.innerText(), `Resume from step ${stoppedAt.toLocaleString("en-US")}`);
  assert.equal(await iterationOf(page), 0, "nothing is resumed without asking");
  await offer.click();
  await page.getByTestId("saved-run").waitFor({ state: "detached" });
  // Resuming loads TensorFlow.js, builds the model and restores the run into it.
  await page.waitForFunction((step) => document.querySelector('[data-testid="iteration"]')?.textContent === step, stoppedAt.toLocaleString("en-US"));
  assert.equal(await page.getByTestId("budget-input").inputValue(), "3000", "with the run's budget");

  // Training continues from there.
  await page.getByTestId("train-start").filter({ hasText: "Resume" }).click();
  await page.waitForFunction(
    (from) => Number(document.querySelector('[data-testid="iteration"]')?.textContent?.replace(/\D/g, "") || 0) >= from + 50,
    stoppedAt,
    {
      timeout: 120_000,
    },
  );
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  assert.deepEqual(problems, [], "no console errors");
});

test("the classical exercises report to the instructor's class grid in a live round", { timeout: 300_000 }, async () => {
  const instructor = await newPage();
  const student = await newPage();
  const problems = [...collectPageProblems(instructor), ...collectPageProblems(student)];
  const instructorAccount = DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!;
  const studentAccount = DEMO_ACCOUNTS.filter((a) => a.role === null)[0];

  const courseUrl = await signInAndJoinDemoCourse(instructor, server.url, instructorAccount.email);
  const code = await startLiveSession(instructor, courseUrl);

  await signInAndJoinDemoCourse(student, server.url, studentAccount.email);
  await student.getByRole("link", { name: "Join live session" }).click();
  await student.getByLabel("Session code").fill(code);
  await student.getByRole("button", { name: "Join session" }).click();
  await student.getByTestId("live-module-title").waitFor();
  await instructor.getByTestId("participant-count").filter({ hasText: "1" }).waitFor();

  for (const slug of ["metropolis-2d", "gmm-em"]) {
    await instructor.getByTestId("round-exercise").selectOption(slug);
    await instructor.getByTestId("round-seconds").fill("120");
    await instructor.getByRole("button", { name: "Start the round" }).click();
    await student.getByRole("heading", { name: `Round: ${findExerciseSpec(slug)!.title}` }).waitFor();
    await student.getByTestId("round-countdown").waitFor();
    await student.getByTestId("train-start").click();

    // The tile shows the plain-JavaScript backend, a growing iteration and a picture of the run.
    // This round's reports (a tile keeps the last one it had, from the previous round until a new one arrives).
    const tile = instructor.locator(`[data-testid="grid-tile"][data-exercise="${slug}"]`).filter({ hasText: studentAccount.name });
    await tile.getByTestId("grid-backend").filter({ hasText: "js" }).waitFor();
    await instructor.waitForFunction(
      ({ name, slug }) =>
        [...document.querySelectorAll(`[data-testid="grid-tile"][data-exercise="${slug}"]`)].some(
          (t) => t.textContent?.includes(name) && Number(t.querySelector('[data-testid="grid-iteration"]')?.textContent?.replace(/\D/g, "") || 0) > 0,
        ),
      { name: studentAccount.name, slug },
    );
    await tile.locator("canvas[role=img], svg[role=img]").first().waitFor();
    assert.equal(await tile.getByText("no samples yet").count(), 0, `${slug}: the tile has a thumbnail`);

    await instructor.getByRole("button", { name: "End the round now" }).click();
    // Without submissions there is no podium: the round is over when a new one can start.
    await instructor.getByRole("button", { name: "Start the round" }).waitFor();
  }
  await instructor.getByRole("button", { name: "End session" }).click();
  await instructor.getByTestId("live-summary").waitFor();
  assert.deepEqual(problems, [], "no console errors");
});
