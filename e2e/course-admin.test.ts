// Issue 14's story in four browsers: a lecturer signs up and starts a course, invites a teaching
// assistant and imports the class list (everyone gets an invite link with their section: Bruno follows
// his and creates an account; Ada, who has an account, joins with the course's code and still gets her
// section), hides a module, and sets "Assignment 2: GANs" with a late policy; the TA grants Ada an
// extension; the students submit and Ada takes the graded quiz; the lecturer reads the gradebook,
// overrides a grade (audited), releases grades and exports CSVs for Canvas, Moodle and spreadsheets.
// Screenshots and the exported files are saved to test-results/.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { COURSE_MODULES } from "@/lib/course/modules";
import { QUIZZES } from "@/lib/course/quizzes";
import { EXERCISES } from "@/exercises/registry";
import { utcToZonedLocal, zonedLocalToUtc } from "@/lib/grading/time";
import { launchChromium } from "@/scripts/chromium";
import { assertAccessible, collectPageProblems } from "./students";
import { startGenlabServer, type RunningServer } from "./server";

const ARTIFACTS = path.resolve(import.meta.dirname, "../test-results");
const STEP_TIMEOUT_MS = 60_000;
const TIME_ZONE = "Europe/Berlin";
const PASSWORD = "course-admin-e2e-password";
const ASSIGNMENT_TITLE = "Assignment 2: GANs";
const HIDDEN_MODULE = "normalizing-flows";

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

const titleOf = (slug: string) => EXERCISES.find((e) => e.slug === slug)!.title;
const moduleTitle = (slug: string) => COURSE_MODULES.find((m) => m.slug === slug)!.title;

/** Last Monday 09:00 and this coming Friday 23:59 (next week's once this week's has passed), in the course's zone. */
function assignmentDates(now = new Date()): { openAt: string; dueAt: string } {
  const today = utcToZonedLocal(now, TIME_ZONE).slice(0, 10);
  const noon = new Date(`${today}T12:00:00Z`); // a calendar day to count on; its weekday is the zone's
  const weekday = (noon.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const day = (offset: number) => new Date(noon.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  let openAt = `${day(-weekday)}T09:00`;
  if (zonedLocalToUtc(openAt, TIME_ZONE) > now) openAt = `${day(-weekday - 7)}T09:00`;
  let dueAt = `${day(4 - weekday)}T23:59`;
  if (zonedLocalToUtc(dueAt, TIME_ZONE) <= now) dueAt = `${day(11 - weekday)}T23:59`;
  return { openAt, dueAt };
}

/** 2,000 gan-ring samples: spread over the centres `modes` (of the 8 at radius 2), a little jitter each. */
function ringSamples(modes: number[]): [number, number][] {
  return Array.from({ length: 2000 }, (_, i) => {
    const k = modes[i % modes.length];
    const angle = (2 * Math.PI * k) / 8;
    const jitter = (((i * 37) % 21) - 10) / 1000; // within ±0.01, well inside 3σ = 0.06
    return [2 * Math.cos(angle) + jitter, 2 * Math.sin(angle) - jitter];
  });
}

/** A student's samples, sent as the exercise page does (POST /api/submissions) from their page. */
async function submitRing(page: Page, courseId: string, samples: [number, number][]) {
  const answer = await page.evaluate(
    async ({ courseId, samples }) => {
      const query = new URLSearchParams({ courseId, exerciseSlug: "gan-ring", idempotencyKey: crypto.randomUUID() });
      const response = await fetch(`/api/submissions?${query}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ body: { samples }, config: null }),
      });
      return { status: response.status, text: await response.text() };
    },
    { courseId, samples },
  );
  assert.equal(answer.status, 200, `the submission was accepted: ${answer.text}`);
  // Newline-delimited: {"accepted"} once stored, then {"result"} once scored (server/api/submissions-http.ts).
  const lines = answer.text.trim().split("\n");
  assert.match(lines[0], /^\{"accepted":/);
  return JSON.parse(lines.at(-1)!) as { result: { json: { metrics: Record<string, number> } } };
}

async function signUp(page: Page, name: string, email: string) {
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
}

test("a lecturer runs a course: roster, TA, hidden module, assignment, extension, gradebook, override, release, exports", { timeout: 300_000 }, async () => {
  const started = Date.now();
  const run = Date.now().toString(36);
  const people = {
    instructor: { name: "Grace Lecturer", email: `grace.${run}@uni.example` },
    ta: { name: "Tom Assistant", email: `tom.${run}@uni.example` },
    s1: { name: "Ada Student", email: `ada.${run}@uni.example`, section: "Lab A" },
    s2: { name: "Bruno Student", email: `bruno.${run}@uni.example`, section: "Lab B" },
  };
  const problems: string[] = [];
  const open = async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.on("dialog", (d) => void d.accept());
    const seen = collectPageProblems(page);
    return { page, seen };
  };
  const [instructorTab, taTab, s1Tab, s2Tab] = await Promise.all([open(), open(), open(), open()]);
  const instructor = instructorTab.page;
  const ta = taTab.page;
  const s1 = s1Tab.page;
  const s2 = s2Tab.page;
  const step = (label: string) => console.log(`[course-admin] ${((Date.now() - started) / 1000).toFixed(1)} s: ${label}`);

  // ── 1. The lecturer signs up and starts a course; Ada already has an account. ──
  step("sign-ups and the new course");
  await Promise.all([instructor.goto(`${server.url}/sign-up`), s1.goto(`${server.url}/sign-up`)]);
  await signUp(instructor, people.instructor.name, people.instructor.email);
  await signUp(s1, people.s1.name, people.s1.email);
  await Promise.all([instructor.waitForURL(/\/courses$/), s1.waitForURL(/\/courses$/)]);
  await s1.getByText("You are not in any course yet").waitFor();

  await instructor.getByTestId("new-course-title").fill("Generative AI");
  await instructor.getByTestId("new-course-term").fill("Winter 2026/27");
  await instructor.getByTestId("new-course-timezone").selectOption(TIME_ZONE);
  await instructor.getByTestId("new-course-submit").click();
  await instructor.waitForURL(/\/courses\/[^/]+$/);
  const courseUrl = instructor.url();
  const courseId = courseUrl.split("/").pop()!;
  await instructor
    .getByRole("heading", { name: /Generative AI/ })
    .first()
    .waitFor();
  await instructor.getByText("Join code for students").waitFor();
  // The code as shown to the room (its letters are spelled out separately for screen readers).
  const joinCode = (
    await instructor
      .getByText(/^[A-Z2-9]{6}$/)
      .first()
      .innerText()
  ).trim();

  // ── 2. Roster: invite the TA by email; import the class list. ──
  step("roster: invite the TA, import the CSV");
  await instructor.getByRole("link", { name: "Roster" }).click();
  await instructor.waitForURL(/\/roster$/);
  await instructor.getByTestId("invite-email").fill(people.ta.email);
  await instructor.getByTestId("invite-role").selectOption("TEACHING_ASSISTANT");
  await instructor.getByTestId("invite-submit").click();
  const taInvite = await instructor.getByTestId("invite-link").inputValue();
  assert.match(taInvite, /\/invite\/[\w-]{16,}$/);
  assert.match(await instructor.getByTestId("invite-result").innerText(), /as teaching assistant/);

  await instructor
    .getByTestId("roster-csv")
    .fill(`email,name,section\n${people.s1.email},${people.s1.name},${people.s1.section}\n${people.s2.email},${people.s2.name},${people.s2.section}\n`);
  await instructor.getByTestId("roster-import-submit").click();
  await instructor.getByTestId("roster-import-result").waitFor();
  // Nobody is enrolled without consent: both students get an invite link, with their section.
  const s2Invite = await instructor.getByLabel(`Invite link for ${people.s2.email}`).inputValue();
  assert.match(s2Invite, /\/invite\/[\w-]{16,}$/);
  await instructor.getByLabel(`Invite link for ${people.s1.email}`).waitFor();
  await instructor.getByTestId(`invite-row-${people.s1.email}`).filter({ hasText: people.s1.section }).waitFor();
  await instructor.getByTestId(`invite-row-${people.s2.email}`).filter({ hasText: people.s2.section }).waitFor();
  await instructor.getByTestId(`invite-row-${people.ta.email}`).filter({ hasText: "Teaching assistant" }).waitFor();

  // ── 3. The TA and Bruno follow their invite links, create accounts and accept; Ada joins with the code. ──
  step("the TA and the students join");
  const acceptInvite = async (page: Page, link: string, person: { name: string; email: string }, role: RegExp) => {
    await page.goto(link);
    await page.getByTestId("invite-card").filter({ hasText: role }).waitFor();
    await page.getByTestId("invite-sign-up").click();
    await page.waitForURL(/\/sign-up\?next=/);
    await signUp(page, person.name, person.email);
    await page.waitForURL(/\/invite\//);
    await page.getByText(`You are signed in as ${person.email}`).waitFor();
    await page.getByTestId("accept-invite").click();
    await page.waitForURL(new RegExp(`/courses/${courseId}$`));
  };
  const joinWithCode = async () => {
    await s1.getByLabel("Join code").fill(joinCode.toLowerCase());
    await s1.getByRole("button", { name: "Join course" }).click();
    await s1.getByRole("link", { name: "Generative AI" }).first().click();
    await s1.waitForURL(new RegExp(`/courses/${courseId}$`));
  };
  await Promise.all([acceptInvite(ta, taInvite, people.ta, /as a teaching assistant/), acceptInvite(s2, s2Invite, people.s2, /as a student/), joinWithCode()]);
  const courseNav = ta.getByRole("navigation", { name: "Course" });
  await courseNav.getByRole("link", { name: "Gradebook" }).waitFor();
  assert.equal((await ta.getByText("Teaching assistant", { exact: true }).count()) > 0, true, "the TA's badge says Teaching assistant");
  assert.equal(await courseNav.getByRole("link", { name: "Settings" }).count(), 0, "a TA does not change settings");
  for (const student of [s1, s2]) {
    await student.getByRole("navigation", { name: "Course" }).getByRole("link", { name: "Assignments" }).waitFor();
    assert.equal(await student.getByRole("navigation", { name: "Course" }).getByRole("link", { name: "Gradebook" }).count(), 0);
  }

  await instructor.reload();
  for (const [person, role] of [
    [people.ta, "TEACHING_ASSISTANT"],
    [people.s1, "STUDENT"],
    [people.s2, "STUDENT"],
  ] as const) {
    await instructor.getByTestId(`roster-row-${person.email}`).waitFor();
    assert.equal(await instructor.getByTestId(`roster-row-${person.email}`).getByTestId("member-role").inputValue(), role, person.email);
  }
  // Ada's section came with her invite although she joined with the code.
  assert.equal(await instructor.getByTestId(`roster-row-${people.s1.email}`).getByTestId("member-section").inputValue(), people.s1.section);
  assert.equal(await instructor.getByTestId(`roster-row-${people.s2.email}`).getByTestId("member-section").inputValue(), people.s2.section);
  assert.equal(await instructor.getByTestId("invites-table").count(), 0, "every invite was taken up");

  // ── 4. Settings: hide the normalizing-flows module; students no longer see it. ──
  step("settings: hide a module");
  await instructor.goto(`${courseUrl}/settings`);
  await instructor.getByTestId(`module-visibility-${HIDDEN_MODULE}`).selectOption("hidden");
  await instructor.getByTestId(`module-row-${HIDDEN_MODULE}`).getByText("Saved").waitFor();
  await instructor.getByTestId(`module-row-${HIDDEN_MODULE}`).getByText("No — hidden").waitFor();
  await s1.goto(courseUrl);
  await s1.getByRole("link", { name: moduleTitle("gan"), exact: true }).waitFor();
  assert.equal(
    await s1.getByRole("link", { name: moduleTitle(HIDDEN_MODULE), exact: true }).count(),
    0,
    "the hidden module is not on the student's course page",
  );
  await instructor.goto(courseUrl);
  await instructor.getByTestId(`module-hidden-${HIDDEN_MODULE}`).waitFor();

  // ── 5. The lecturer creates Assignment 2: GANs. ──
  step("the assignment");
  const dates = assignmentDates();
  await instructor.getByRole("navigation", { name: "Course" }).getByRole("link", { name: "Assignments" }).click();
  await instructor.getByTestId("new-assignment").click();
  await instructor.waitForURL(/\/assignments\/new$/);
  await instructor.getByTestId("assignment-title").fill(ASSIGNMENT_TITLE);
  await instructor
    .getByTestId("assignment-instructions")
    .fill(
      "## What to do\n\n- Train the GAN on the **8-Gaussian ring** until it covers all modes.\n- Train the digit GAN.\n- Take the GAN quiz (two attempts, the best counts).",
    );
  await instructor.getByTestId("instructions-preview").getByRole("heading", { name: "What to do" }).waitFor();
  await instructor.getByTestId("assignment-open").fill(dates.openAt);
  await instructor.getByTestId("assignment-due").fill(dates.dueAt);
  await instructor.getByTestId("late-policy").selectOption("percentPerDay");
  await instructor.getByTestId("late-percent").fill("10");
  await instructor.getByTestId("late-days").fill("3");
  await instructor.getByTestId("quiz-attempts").fill("2");
  for (const [slug, points] of [
    ["gan-ring", "10"],
    ["gan-digits", "20"],
  ] as const) {
    await instructor.getByTestId("add-exercise-item").selectOption(slug);
    await instructor.getByTestId("add-exercise-button").click();
    const index = slug === "gan-ring" ? 0 : 1;
    await instructor.getByTestId(`item-points-${index}`).fill(points);
  }
  await instructor.getByTestId("add-quiz-item").selectOption("gan");
  await instructor.getByTestId("add-quiz-button").click();
  await instructor.getByTestId("item-points-2").fill("5");
  assert.match(await instructor.getByTestId("assignment-total-points").innerText(), /35/);
  await instructor.getByTestId("assignment-save").click();
  await instructor.waitForURL(/\/assignments\/(?!new)[^/]+$/);
  const assignmentUrl = instructor.url();
  const assignmentId = assignmentUrl.split("/").pop()!;
  await instructor.getByText("3 items, 35 points").waitFor();
  await instructor.getByText("Late work accepted for 3 days at −10 % a day.").waitFor();

  // ── 6. The TA gives Ada a two-day extension. ──
  step("the TA grants an extension");
  await ta.goto(assignmentUrl);
  const studentSelect = ta.getByTestId("extension-student");
  const adaOption = studentSelect.locator("option").filter({ hasText: people.s1.name });
  await adaOption.waitFor({ state: "attached" });
  await studentSelect.selectOption((await adaOption.getAttribute("value"))!);
  await ta.getByTestId("extension-plus-2").click();
  assert.ok((await ta.getByTestId("extension-due").inputValue()).endsWith("T23:59"), "two days after the due date, same time");
  await ta.getByTestId("extension-save").click();
  await ta.getByTestId("extension-list").filter({ hasText: people.s1.name }).waitFor();
  assert.equal(await ta.getByTestId("edit-assignment").count(), 0, "a TA does not edit assignments");

  // ── 7. Ada: My assignments, a good gan-ring submission, the graded quiz, her points. ──
  step("student 1: my assignments, submission, quiz");
  await s1.goto(`${server.url}/assignments`);
  const firstRow = s1.getByTestId("my-assignments").getByTestId("my-assignment-row").first();
  await firstRow.filter({ hasText: ASSIGNMENT_TITLE }).waitFor();
  const rowText = await firstRow.innerText();
  assert.match(rowText, /Due in \d+ days?/, "a countdown to her due date");
  assert.match(rowText, /Extended/);
  assert.match(rowText, /your extension/);
  await s1.screenshot({ path: path.join(ARTIFACTS, "my-assignments.png"), fullPage: true });

  const good = await submitRing(s1, courseId, ringSamples([0, 1, 2, 3, 4, 5, 6, 7]));
  assert.equal(good.result.json.metrics.modesCovered, 8);

  await firstRow.getByRole("link", { name: ASSIGNMENT_TITLE, exact: true }).click();
  await s1.waitForURL(/\/assignments\/[^/]+$/);
  await s1.getByTestId("my-extension").waitFor();
  await s1.getByTestId("my-item-open-2").click();
  await s1.waitForURL(/\/quiz\/[^/]+$/);
  const questions = QUIZZES.gan;
  const answerQuiz = async (wrongIndex: number | null) => {
    for (const [index, q] of questions.entries()) {
      const card = s1.getByTestId(`quiz-question-${index + 1}`);
      if (q.kind === "choice") {
        const choice = index === wrongIndex ? (q.answer + 1) % q.choices.length : q.answer;
        await card.getByRole("radio").nth(choice).check();
      } else {
        await card.getByTestId(`quiz-numeric-${index + 1}`).fill(index === wrongIndex ? "0.25" : String(q.answer));
      }
    }
  };
  // First attempt: one answer wrong.
  await answerQuiz(0);
  await s1.getByTestId("quiz-submit").filter({ hasText: "Submit attempt 1 of 2" }).click();
  await s1
    .getByTestId("quiz-result")
    .filter({ hasText: `Score: ${questions.length - 1} of ${questions.length} correct` })
    .waitFor();
  await s1.getByTestId("quiz-attempts-used").filter({ hasText: "1 of 2 used" }).waitFor();
  // The last attempt asks for confirmation (accepted by the dialog handler): all correct.
  await answerQuiz(null);
  await s1.getByTestId("quiz-submit").filter({ hasText: "Submit my last attempt" }).click();
  await s1
    .getByTestId("quiz-result")
    .filter({ hasText: `Score: ${questions.length} of ${questions.length} correct` })
    .waitFor();
  await s1.getByTestId("quiz-blocked").filter({ hasText: "You have used all 2 attempts" }).waitFor();
  await assertAccessible(s1, "a graded quiz with its result, attempts used up");

  await s1.getByRole("link", { name: "Back to the assignment" }).click();
  await s1.waitForURL(/\/assignments\/[^/]+$/);
  // The page may show its cached points for a moment before refetching them.
  await s1.getByTestId("my-item-0").filter({ hasText: "10 / 10" }).waitFor();
  await s1.getByTestId("my-item-2").filter({ hasText: "5 / 5" }).waitFor();
  assert.match(await s1.getByTestId("my-item-0").innerText(), /Submission of .*best/s, "which submission counts");
  assert.match(await s1.getByTestId("my-item-1").innerText(), /— \/ 20[\s\S]*Nothing submitted yet/);
  assert.match(await s1.getByTestId("my-item-2").innerText(), /5 \/ 5[\s\S]*Attempt of .*best/s);
  assert.equal(await s1.getByTestId("my-total").innerText(), "15 / 35");
  assert.match(await s1.getByTestId("grades-release-status").innerText(), /Provisional/);

  // Bruno: every sample on one centre (mode collapse): scored, but no points.
  step("student 2: a collapsed submission");
  const collapsed = await submitRing(s2, courseId, ringSamples([0]));
  assert.equal(collapsed.result.json.metrics.modesCovered, 1);
  await s2.goto(assignmentUrl);
  await s2.getByTestId("my-item-0").filter({ hasText: "0 / 10" }).waitFor();
  assert.equal(await s2.getByTestId("my-total").innerText(), "0 / 35");

  // ── 8. The gradebook, Ada's record, an override with its audit, release. ──
  step("gradebook, record, override, release");
  await instructor.goto(`${courseUrl}/gradebook`);
  const table = instructor.getByTestId("gradebook-table");
  await table.waitFor();
  const rows = instructor.getByTestId("gradebook-row");
  const adaRow = rows.filter({ hasText: people.s1.name });
  const brunoRow = rows.filter({ hasText: people.s2.name });
  await adaRow.getByTestId("course-total").filter({ hasText: "15 / 35" }).waitFor();
  await brunoRow.getByTestId("course-total").filter({ hasText: "0 / 35" }).waitFor();
  assert.equal(await rows.count(), 2, "students only");
  assert.match(await adaRow.innerText(), /ext\./, "Ada's extension shows");
  await instructor.screenshot({ path: path.join(ARTIFACTS, "gradebook.png"), fullPage: true });
  await instructor.getByTestId("gradebook-section").selectOption(people.s2.section);
  await rows.filter({ hasText: people.s1.name }).waitFor({ state: "detached" });
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), new RegExp(people.s2.name));
  await instructor.getByTestId("gradebook-section").selectOption("");
  await adaRow.waitFor();

  await adaRow.getByRole("link", { name: people.s1.name }).click();
  await instructor.waitForURL(/\/gradebook\/[^/]+$/);
  const history = instructor.getByTestId("submission-history");
  // Metric labels come with the exercise catalog (raw keys until it arrives).
  await history.getByText("Modes covered").waitFor();
  const historyText = await history.innerText();
  assert.match(historyText, new RegExp(titleOf("gan-ring")));
  assert.match(historyText, /Modes covered\s+8/);
  assert.match(historyText, new RegExp(`counts for ${ASSIGNMENT_TITLE}: ${titleOf("gan-ring")}`));

  const reason = "Her digit samples arrived by email after an upload error";
  await instructor.getByTestId("override-item").selectOption({ label: titleOf("gan-digits") });
  await instructor.getByTestId("override-points").fill("15");
  await instructor.getByTestId("override-reason").fill(reason);
  await instructor.getByTestId("override-save").click();
  await instructor.getByText(`${titleOf("gan-digits")}: set to 15 points.`).waitFor();
  const audit = instructor.getByTestId("grade-audit");
  await audit.filter({ hasText: reason }).waitFor();
  const auditText = await audit.innerText();
  assert.match(auditText, /computed points →[\s\S]*15 points/, "old → new");
  assert.match(auditText, new RegExp(people.instructor.name));
  assert.match(auditText, new RegExp(`${ASSIGNMENT_TITLE}: ${titleOf("gan-digits")}`));
  await assertAccessible(instructor, "a student's record with an override and its audit");

  // Not released yet: Ada still sees provisional points without the override.
  await s1.reload();
  assert.equal(await s1.getByTestId("my-total").innerText(), "15 / 35");

  await instructor.goto(assignmentUrl);
  const releaseSwitch = instructor.getByTestId("release-grades");
  assert.equal(await releaseSwitch.getAttribute("aria-checked"), "false");
  await releaseSwitch.click();
  await instructor.locator('[data-testid="release-grades"][aria-checked="true"]').waitFor();
  await instructor.getByText(/Released .*: students see their final points/).waitFor();

  await s1.reload();
  await s1.getByTestId("grades-release-status").filter({ hasText: "Released — these points are final." }).waitFor();
  const overridden = await s1.getByTestId("my-item-1").innerText();
  assert.match(overridden, /15 \/ 20/);
  assert.match(overridden, /Set by your instructor/);
  assert.match(overridden, new RegExp(`Instructor's note: ${reason}`));
  assert.equal(await s1.getByTestId("my-total").innerText(), "30 / 35");

  // ── 9. Exports. ──
  step("exports");
  await instructor.goto(`${courseUrl}/gradebook`);
  await instructor.getByTestId("gradebook-table").waitFor();
  await instructor.getByTestId(`release-${assignmentId}`).filter({ hasText: "Unrelease" }).waitFor();
  const exported: Record<string, string> = {};
  for (const format of ["generic", "canvas", "moodle"] as const) {
    const [download] = await Promise.all([instructor.waitForEvent("download"), instructor.getByTestId(`export-${format}`).click()]);
    const file = path.join(ARTIFACTS, `grades-${format}.csv`);
    await download.saveAs(file);
    exported[format] = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
    assert.match(download.suggestedFilename(), /\.csv$/);
    await instructor.getByText(`Downloaded ${download.suggestedFilename()}.`).waitFor();
  }
  const lines = (csv: string) => csv.split(/\r?\n/).filter((l) => l.length > 0);
  const cells = (line: string) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1].replace(/^"|"$/g, "").replace(/""/g, '"'));
  const generic = lines(exported.generic);
  assert.ok(generic[0].startsWith("Name,Email,Section,"), generic[0]);
  assert.ok(
    generic.some((l) => l.includes(people.s1.email) && l.includes("30")),
    "Ada's row with her total",
  );
  const canvas = lines(exported.canvas);
  assert.ok(canvas[0].startsWith("Student,ID,SIS User ID,SIS Login ID,Section,"), canvas[0]);
  assert.ok(
    canvas.some((l) => l.startsWith("Points Possible")),
    "a Points Possible row",
  );
  const adaCanvas = canvas.find((l) => l.includes(people.s1.email));
  assert.ok(adaCanvas, "Ada's email is in the Canvas export");
  const loginColumn = cells(canvas[0]).indexOf("SIS Login ID");
  assert.equal(cells(adaCanvas!)[loginColumn], people.s1.email, "the email goes in SIS Login ID");
  assert.equal(cells(adaCanvas!).at(-1), "30", "Ada's released total, override included");
  const moodle = lines(exported.moodle);
  assert.ok(moodle[0].includes("Email address"), moodle[0]);
  assert.ok(moodle.some((l) => l.includes(people.s2.email)));

  // ── No page logged an error or threw. ──
  problems.push(...instructorTab.seen, ...taTab.seen, ...s1Tab.seen, ...s2Tab.seen);
  assert.deepEqual(problems, [], "no console errors or uncaught exceptions");
  step("done");
});
