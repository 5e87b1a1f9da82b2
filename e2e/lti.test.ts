// GenLab inside an LMS, in Chromium: a simulated Canvas (tests/support/lms.ts) on http://127.0.0.1
// frames GenLab on http://localhost, another site, so GenLab's cookies there are third-party ones.
// The LMS administrator registers Canvas on /lti; the instructor adds a GenLab assignment through
// Canvas's picker (connecting their LMS account to their GenLab account with a code on the way); a student opens
// the link in Canvas, trains gan-ring inside the frame and submits; Canvas's gradebook shows the score.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { DEMO_ACCOUNTS, DEMO_COURSE } from "@/lib/course/modules";
import { findExercise } from "@/exercises/registry";
import { launchChromium } from "@/scripts/chromium";
import { createDb } from "@/server/db";
import { type SimulatedLms, startSimulatedLms } from "@/tests/support/lms";
import { startGenlabServer, type RunningServer } from "./server";
import { collectPageProblems, signIn } from "./students";

const ARTIFACTS = path.resolve(import.meta.dirname, "../test-results");
const STEP_TIMEOUT_MS = 60_000;
let server: RunningServer;
let browser: Browser;
let lms: SimulatedLms;
const db = createDb(process.env.DATABASE_URL!);

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startGenlabServer();
  browser = await launchChromium();
  lms = await startSimulatedLms({
    mode: "canvas",
    tool: { loginUrl: `${server.url}/lti/login`, launchUrl: `${server.url}/lti/launch`, jwksUrl: `${server.url}/lti/jwks` },
  });
});

after(async () => {
  // A registered LMS may frame GenLab: the other browser tests expect only GenLab itself.
  if (lms) await db.ltiPlatform.deleteMany({ where: { jwksUrl: lms.jwksUrl } });
  await browser?.close();
  await lms?.close();
  await server?.stop();
  await db.$disconnect();
});

/** `genlab user allow-lms <email>`, as the person who runs GenLab would type it. */
async function allowLms(email: string) {
  const child = spawn(process.execPath, ["bin/genlab.mjs", "user", "allow-lms", email], {
    cwd: path.resolve(import.meta.dirname, ".."),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  assert.equal(code, 0, output);
  assert.match(output, /may now register LMSs/);
}

async function newPage(context: BrowserContext, problems: string[]): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  problems.push(...collectPageProblems(page));
  return page;
}

test(
  "inside a simulated Canvas: registered, an assignment added by deep linking, a student submits gan-ring in the frame, the score reaches Canvas's gradebook",
  { timeout: 420_000 },
  async () => {
    const problems: string[] = [];
    const instructorAccount = DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!;
    // New LMS people and course each run: a database that ran this test before knows the old ones.
    const run = randomUUID().slice(0, 8);
    const contextId = `gen-ai-${run}`;
    const ASSIGNMENT_TITLE = `Assignment 2: GANs (${run})`;
    const teacher = { sub: `canvas-teacher-${run}`, name: "Ada Lovelace", email: `ada.${run}@uni.example` };
    const student = { sub: `canvas-student-${run}`, name: "Grace Hopper", email: `grace.${run}@uni.example` };
    // …where the demo instructor may also be connected to an earlier run's LMS account (one per LMS).
    await db.ltiUser.deleteMany({ where: { user: { email: instructorAccount.email } } });
    lms.addCourse({ id: contextId, title: "Generative AI (Canvas)" });
    lms.enrol(contextId, teacher, ["Instructor"]);
    lms.enrol(contextId, student, ["Learner"]);

    // 1. The demo instructor is GenLab's LMS administrator too; they register Canvas by hand on /lti.
    await allowLms(instructorAccount.email);
    const instructorContext = await browser.newContext();
    const admin = await newPage(instructorContext, problems);
    await signIn(admin, server.url, instructorAccount.email);
    await admin.goto(`${server.url}/lti`);
    const form = admin.getByTestId("lti-register-form");
    await form.getByLabel("Name").fill("Canvas of the browser test");
    await form.getByLabel("Issuer (platform ID)").fill(lms.issuer);
    await form.getByLabel("Client ID").fill(lms.clientId);
    await form.getByLabel("Deployment IDs").fill(lms.deploymentId);
    await form.getByLabel("Authorization URL (OIDC authentication request)").fill(lms.authLoginUrl);
    await form.getByLabel("Access token URL").fill(lms.tokenUrl);
    await form.getByLabel("Public keyset URL (the LMS's JWKS)").fill(lms.jwksUrl);
    await form.getByLabel("LMS web addresses (optional)").fill(lms.origin);
    await admin.getByTestId("lti-register-submit").click();
    await admin.getByTestId("lti-platform").filter({ hasText: "Canvas of the browser test" }).waitFor();

    // 2. A GenLab assignment with gan-ring, made in the editor.
    const course = await db.course.findUniqueOrThrow({ where: { joinCode: DEMO_COURSE.joinCode }, select: { id: true } });
    await admin.goto(`${server.url}/courses/${course.id}/assignments/new`);
    await admin.getByTestId("assignment-title").fill(ASSIGNMENT_TITLE);
    await admin.getByTestId("add-exercise-item").selectOption("gan-ring");
    await admin.getByTestId("add-exercise-button").click();
    await admin.getByTestId("item-points-0").fill("10");
    await admin.getByTestId("assignment-save").click();
    await admin.waitForURL(/\/assignments\/(?!new)[^/]+$/);

    // 3. In Canvas, the instructor adds GenLab from the picker. Their first launch made a new GenLab
    // account without courses: they connect it to their usual account in a new tab, then try again.
    const canvas = await newPage(instructorContext, problems);
    await canvas.goto(`${lms.origin}/courses/${contextId}/deep_linking?user=${teacher.sub}`);
    const picker = canvas.frameLocator('iframe[title="GenLab"]');
    await picker.getByText("No assignment to add yet").waitFor();
    const [codeTab] = await Promise.all([instructorContext.waitForEvent("page"), picker.getByRole("link", { name: /Show a code there/ }).click()]);
    codeTab.setDefaultTimeout(STEP_TIMEOUT_MS);
    await codeTab.getByTestId("lti-connect-show-code").click();
    const code = await codeTab.getByTestId("lti-connect-code").innerText();
    await codeTab.close();
    await picker.getByTestId("lti-connect-code-input").fill(code);
    await picker.getByTestId("lti-connect-submit").click();
    await picker.getByText(/^Connected to /).waitFor();
    await canvas.reload();
    await picker.getByTestId("deep-link-picker").waitFor();
    await picker.getByRole("radio", { name: ASSIGNMENT_TITLE }).check();
    await canvas.screenshot({ path: path.join(ARTIFACTS, "lti-deep-link-picker.png") });
    await picker.getByTestId("deep-link-add").click();
    await picker.getByText(`Linked: ${ASSIGNMENT_TITLE}`).waitFor();
    const [lineItem] = lms.lineItems(contextId);
    assert.deepEqual([lineItem.label, lineItem.scoreMaximum], [ASSIGNMENT_TITLE, 10], "Canvas made a grade column of the assignment's points");

    // 4. The student opens the link in Canvas (a browser that never signed in to GenLab), inside the frame.
    const studentContext = await browser.newContext();
    const studentCanvas = await newPage(studentContext, problems);
    await studentCanvas.goto(`${lms.origin}/courses/${contextId}/links/${encodeURIComponent(lineItem.resourceLinkId!)}?user=${student.sub}`);
    const genlab = studentCanvas.frameLocator('iframe[title="GenLab"]');
    await genlab.getByRole("heading", { name: ASSIGNMENT_TITLE }).waitFor();
    await genlab
      .getByRole("link", { name: findExercise("gan-ring")!.title })
      .first()
      .click();
    await genlab.getByTestId("iteration").waitFor();
    await genlab.getByTestId("budget-input").fill("200");
    await genlab.getByRole("button", { name: "Start" }).click();
    await genlab.getByTestId("iteration").filter({ hasText: /^200$/ }).waitFor({ timeout: 180_000 });
    await genlab.getByTestId("submit-samples").click();
    await genlab.getByTestId("submit-result").waitFor();
    assert.match(await genlab.getByTestId("submit-result").innerText(), /Scored by the server/);
    await studentCanvas.screenshot({ path: path.join(ARTIFACTS, "lti-student-in-canvas.png"), fullPage: true });

    // 5. GenLab posts the score; Canvas's gradebook shows it.
    const deadline = Date.now() + 30_000;
    while (!lms.grades(contextId).some((g) => g.userSub === student.sub && g.scoreGiven !== null)) {
      assert.ok(Date.now() < deadline, "the score reached Canvas within 30 s");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const gradebook = await newPage(instructorContext, problems);
    await gradebook.goto(`${lms.origin}/courses/${contextId}/gradebook`);
    const row = gradebook.getByRole("row").filter({ hasText: student.name });
    await row.waitFor();
    // GenLab records the post once the LMS has answered it: a moment after the LMS shows it.
    const sentWhere = { user: { ltiAccounts: { some: { sub: student.sub } } }, status: "POSTED" as const };
    while ((await db.ltiScoreSync.count({ where: sentWhere })) === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    const sent = await db.ltiScoreSync.findFirstOrThrow({ where: sentWhere });
    const cells = (await row.getByRole("cell").allInnerTexts()).slice(0, 4);
    assert.deepEqual(cells, [ASSIGNMENT_TITLE, student.name, `${sent.postedPoints} / 10`, "FullyGraded"], "the points GenLab computed, fully graded");
    await gradebook.screenshot({ path: path.join(ARTIFACTS, "lti-canvas-gradebook.png"), fullPage: true });

    // 6. The course's LMS page shows what was sent.
    await admin.goto(`${server.url}/courses/${course.id}/lms`);
    await admin
      .getByTestId("lms-course")
      .getByRole("row", { name: new RegExp(`${student.email} Sent`) })
      .waitFor();
    assert.deepEqual(problems, []);
  },
);
