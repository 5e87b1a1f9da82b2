// The sample arena in five browsers: four students whose gan-ring samples are already submitted
// (through the API, as the exercise page sends them) join a live session; the instructor starts an
// arena round; each student judges anonymised pairs — never their own — with the buttons and the
// keyboard; the instructor watches the ratings; the round ends with a podium by rating and the class
// picture, and the leaderboard shows the arena rating beside the metric with Kendall's τ.
// Screenshots of the voting page and of the console go to test-results/.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { DEMO_ACCOUNTS, DEMO_COURSE } from "@/lib/course/modules";
import { launchChromium } from "@/scripts/chromium";
import { submissionRequest } from "../tests/support/http-client";
import { signUpOverHttp, trpcMutation } from "../tests/support/live-server";
import { startGenlabServer, type RunningServer } from "./server";
import { collectPageProblems, signInAndJoinDemoCourse, startLiveSession } from "./students";

const ARTIFACTS = path.resolve(import.meta.dirname, "../test-results");
const STEP_TIMEOUT_MS = 60_000;
/** How many of the ring's 8 modes each student's samples cover: the metric's order, best first. */
const MODES = [8, 5, 3, 1];
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
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  return page;
}

/** 2,000 samples spread over the first `modes` of the ring's 8 centres, a little blurred. */
function samplesOnModes(modes: number): [number, number][] {
  return Array.from({ length: 2000 }, (_, i) => {
    const angle = (2 * Math.PI * (i % modes)) / 8;
    const wobble = 0.03 * Math.sin(i * 12.9898);
    return [2 * Math.cos(angle) + wobble, 2 * Math.sin(angle) - wobble] as [number, number];
  });
}

/** A new student: signed up, in the demo course, with a scored gan-ring submission. */
async function studentWithSubmission(n: number, modes: number) {
  const account = { name: `Arena student ${n}`, email: `arena-${n}-${Date.now()}@example.com`, password: `arena-password-${n}-${Date.now()}` };
  const { cookie } = await signUpOverHttp(server.url, account);
  const { courseId } = await trpcMutation<{ courseId: string }>(server.url, "course.join", { joinCode: DEMO_COURSE.joinCode }, cookie);
  const reply = await submissionRequest(
    server.url,
    { courseId, exerciseSlug: "gan-ring", idempotencyKey: `arena-${n}-${Date.now()}`, body: { samples: samplesOnModes(modes) } },
    cookie,
    { origin: server.url },
  );
  assert.equal(reply.status, 200, reply.text);
  assert.ok(reply.data, `scored: ${reply.text.slice(0, 200)}`);
  return account;
}

test("four students judge each other's samples in an arena round; the ratings reach the podium and the leaderboard", { timeout: 300_000 }, async () => {
  const accounts = [];
  for (const [i, modes] of MODES.entries()) accounts.push(await studentWithSubmission(i + 1, modes));

  const instructor = await newPage();
  const problems = collectPageProblems(instructor);
  const courseUrl = await signInAndJoinDemoCourse(instructor, server.url, DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!.email);
  const code = await startLiveSession(instructor, courseUrl);

  const students: Page[] = [];
  for (const account of accounts) {
    const page = await newPage();
    problems.push(...collectPageProblems(page));
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(account.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/courses/);
    await page.goto(`${server.url}/live`);
    await page.getByLabel("Session code").fill(code);
    await page.getByRole("button", { name: "Join session" }).click();
    await page.waitForURL(/\/live\/[^/]+$/);
    students.push(page);
  }
  await instructor
    .getByTestId("participant-count")
    .filter({ hasText: String(accounts.length) })
    .waitFor();

  // An arena round on gan-ring: every student's screen turns to judging pairs.
  await instructor.getByTestId("round-kind").selectOption("arena");
  await instructor.getByTestId("round-exercise").selectOption("gan-ring");
  await instructor.getByTestId("round-seconds").fill("180");
  await instructor.getByRole("button", { name: "Start the round" }).click();
  for (const page of students) await page.getByTestId("arena-voting").waitFor();

  // Each judges three pairs: the first student with the keyboard, the others with the buttons.
  for (const [i, page] of students.entries()) {
    for (let vote = 0; vote < 3; vote++) {
      // The four answers wake 1.5 s after the pair arrives (a button keeping the focus is aria-disabled until then).
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid="arena-voting"] button:enabled:not([aria-disabled="true"])').length === 4,
        undefined,
        {
          timeout: 10_000,
        },
      );
      if (i === 1 && vote === 0) await page.screenshot({ path: path.join(ARTIFACTS, "arena-vote-student.png"), fullPage: true });
      if (i === 0) await page.keyboard.press("ArrowRight");
      else await page.getByRole("button", { name: /Left looks more real/ }).click();
      await page
        .getByTestId("arena-votes-given")
        .filter({ hasText: `${vote + 1} vote` })
        .waitFor();
    }
  }

  // The console: the ratings so far, behind a disclosure (the console may be on the projector, and they name the entrants).
  const ratings = instructor.getByTestId("arena-live-ratings");
  await ratings.getByText(/Ratings so far/).click();
  await ratings.getByTestId("arena-tau").filter({ hasText: "12 votes" }).waitFor({ timeout: 15_000 });
  await instructor.getByText("The class picture appears when the arena round ends").waitFor();

  // The round ends: a podium by rating on every screen, and the class picture of the entries beside the ring.
  await instructor.getByRole("button", { name: "End the round now" }).click();
  for (const page of students) {
    await page.getByTestId("podium").waitFor({ timeout: 20_000 });
    assert.match(await page.getByTestId("my-standing").innerText(), /Your samples placed \d+(st|nd|rd|th) of \d+ in the class's vote/);
  }
  await instructor
    .getByTestId("instructor-round")
    .getByTestId("podium")
    .getByText(/Arena rating/)
    .first()
    .waitFor();
  const picture = instructor.getByTestId("class-picture");
  await picture.getByRole("img", { name: /Density of \d+ students' samples/ }).waitFor();
  await picture.getByRole("img", { name: "The target distribution" }).waitFor();
  await picture.getByRole("button", { name: new RegExp(accounts[3].name) }).hover();
  await picture
    .getByTestId("class-picture-focus")
    .filter({ hasText: `${accounts[3].name}: submitted` })
    .waitFor();
  await instructor.screenshot({ path: path.join(ARTIFACTS, "arena-class-picture-instructor.png"), fullPage: true });

  // The leaderboard: the arena rating beside the metric, with Kendall's τ between the two orders.
  await students[2].goto(`${courseUrl}/exercises/gan-ring/leaderboard`);
  await students[2]
    .getByTestId("leaderboard-arena-note")
    .getByText(/Kendall's τ/)
    .waitFor();
  assert.ok((await students[2].getByTestId("arena-rating").count()) >= accounts.length);
  // And the arena page shows the closed arena's results to a student.
  await students[2].goto(`${courseUrl}/exercises/gan-ring/arena`);
  await students[2].getByTestId("arena-results").getByTestId("arena-row").first().waitFor();
  assert.deepEqual(problems, []);
});
