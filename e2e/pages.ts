// Every kind of page, as the people who see it: the tour the accessibility and appearance checks
// take. Signed out: home, sign-in, sign-up, forgot password. A student: the course list and course,
// modules with display equations, exercises (one with wide tables), a leaderboard, account, joining
// a live session, their assignments and the live session itself. The instructor: the course,
// student progress, roster, settings, assignments and the editor, the gradebook, a student's record
// and the live console. Each page is checked once its content is there.
import type { Browser, Locator, Page } from "playwright-core";
import { DEMO_ACCOUNTS } from "@/lib/course/modules";
import type { RunningServer } from "./server";
import { collectPageProblems, joinDemoCourse, signIn, startLiveSession } from "./students";

const STEP_TIMEOUT_MS = 60_000;
const ASSIGNMENT_TITLE = "Page tour";
/** A phone: module pages are also checked this narrow when the tour runs wider. */
const PHONE = { width: 390, height: 844 };

export interface Tour {
  server: RunningServer;
  browser: Browser;
  viewport: { width: number; height: number };
  colorScheme?: "light" | "dark";
  /** Called on each page state once its content is there; `what` names the state. */
  check: (page: Page, what: string) => Promise<void>;
}

/** The page's content is there: its h1 (and `content`, when given) shows, and nothing is still loading. */
async function settled(page: Page, content?: Locator): Promise<void> {
  await page.locator("h1").first().waitFor();
  await content?.first().waitFor();
  await page.waitForFunction(() => document.querySelector('[role="status"] svg.animate-spin') === null);
}

/** Takes the tour, calling `check` on every page state; returns the console errors and uncaught exceptions seen. */
export async function visitEveryPage({ server, browser, viewport, colorScheme, check }: Tour): Promise<string[]> {
  const problems: string[] = [];
  const newPage = async (): Promise<Page> => {
    const page = await (await browser.newContext({ viewport, colorScheme })).newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.on("dialog", (d) => void d.accept());
    problems.push(...collectPageProblems(page));
    return page;
  };
  /** Opens `path`, waits for its content and checks it. */
  const visit = async (page: Page, what: string, path: string, content?: Locator) => {
    await page.goto(path.startsWith("http") ? path : `${server.url}${path}`);
    await settled(page, content);
    await check(page, what);
  };

  // ── Signed out. ──
  const visitor = await newPage();
  await visit(visitor, "home", "/", visitor.getByRole("link", { name: "Create an account" }));
  await visit(visitor, "sign-in", "/sign-in", visitor.getByLabel("Password"));
  await visit(visitor, "sign-up", "/sign-up", visitor.getByLabel("Password"));
  await visit(visitor, "forgot-password", "/forgot-password", visitor.getByLabel("Email"));
  await visitor.context().close();

  // ── A student: course list, course, modules, exercises, leaderboard, account, joining live. ──
  const student = await newPage();
  const studentAccount = DEMO_ACCOUNTS.find((a) => a.email.startsWith("alice"))!;
  await signIn(student, server.url, studentAccount.email);
  await settled(student, student.getByLabel("Join code"));
  await check(student, "student: course list");
  const courseUrl = await joinDemoCourse(student);
  await settled(student, student.getByRole("link", { name: "Generative adversarial networks", exact: true }));
  await check(student, "student: course page");
  await visit(student, "student: module (GAN, display equations)", `${courseUrl}/modules/gan`, student.locator(".katex-display"));
  await student.getByTestId("quiz-status").waitFor();
  const alsoPhone = viewport.width > PHONE.width;
  if (alsoPhone) {
    await student.setViewportSize(PHONE);
    await check(student, `student: module (GAN) at ${PHONE.width} px, equations scrolling sideways`);
  }
  await visit(
    student,
    `student: module (diffusion)${alsoPhone ? ` at ${PHONE.width} px` : ""}`,
    `${courseUrl}/modules/hierarchical-vae-diffusion`,
    student.locator(".katex-display"),
  );
  if (alsoPhone) await student.setViewportSize(viewport);
  await visit(student, "student: exercise gan-ring", `${courseUrl}/exercises/gan-ring`, student.getByTestId("budget-input"));
  await visit(student, "student: exercise gmm-em", `${courseUrl}/exercises/gmm-em`, student.getByTestId("run-default"));
  await visit(student, "student: exercise markov-chain", `${courseUrl}/exercises/markov-chain`, student.getByTestId("chain-state"));
  await visit(student, "student: exercise hmm-weather (wide tables)", `${courseUrl}/exercises/hmm-weather`, student.getByRole("table"));
  await visit(student, "student: exercise vae-digits", `${courseUrl}/exercises/vae-digits`, student.getByTestId("train-start"));
  await visit(student, "student: leaderboard (gan-ring)", `${courseUrl}/exercises/gan-ring/leaderboard`);
  await visit(student, "student: sample arena (gan-ring)", `${courseUrl}/exercises/gan-ring/arena`, student.getByRole("heading", { name: /Sample arena/ }));
  await visit(student, "student: account", "/account", student.getByTestId("account-name"));
  await visit(student, "student: join a live session", "/live", student.getByLabel("Session code"));

  // ── The instructor: course, progress, roster, settings, assignments, gradebook, a record, live. ──
  const instructor = await newPage();
  const instructorAccount = DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!;
  await signIn(instructor, server.url, instructorAccount.email);
  await instructor.goto(courseUrl);
  const openLive = instructor.getByRole("link", { name: "Open the live session" });
  const startLive = instructor.getByRole("button", { name: "Start a live session" });
  await settled(instructor, openLive.or(startLive));
  await check(instructor, "instructor: course page");
  await visit(instructor, "instructor: student progress", `${courseUrl}/progress`, instructor.getByTestId("progress-table"));
  await visit(instructor, "instructor: roster", `${courseUrl}/roster`, instructor.getByTestId("invite-email"));
  await visit(instructor, "instructor: settings", `${courseUrl}/settings`, instructor.getByTestId("module-visibility-gan"));
  await visit(
    instructor,
    "instructor: the course's LMS page",
    `${courseUrl}/lms`,
    instructor.getByText("This course is not linked to an LMS").or(instructor.getByTestId("lms-course")),
  );
  await visit(instructor, "instructor: LMS integration", "/lti", instructor.getByRole("heading", { name: "GenLab's side of the registration" }));
  await visit(
    instructor,
    "instructor: sample arena (gan-ring)",
    `${courseUrl}/exercises/gan-ring/arena`,
    instructor.getByRole("heading", { name: "Run an arena" }),
  );
  await visit(instructor, "instructor: assignments", `${courseUrl}/assignments`, instructor.getByTestId("new-assignment"));
  await visit(instructor, "instructor: new assignment (editor)", `${courseUrl}/assignments/new`, instructor.getByTestId("assignment-title"));
  await instructor.getByTestId("assignment-title").fill(ASSIGNMENT_TITLE);
  await instructor.getByTestId("add-exercise-item").selectOption("gan-ring");
  await instructor.getByTestId("add-exercise-button").click();
  await instructor.getByTestId("item-points-0").waitFor();
  await check(instructor, "instructor: assignment editor with an item");
  await instructor.getByTestId("assignment-save").click();
  await instructor.waitForURL(/\/assignments\/(?!new)[^/]+$/);
  const assignmentUrl = instructor.url();
  await settled(instructor, instructor.getByTestId("release-grades"));
  await check(instructor, "instructor: an assignment");
  await visit(instructor, "instructor: editing an assignment", `${assignmentUrl}/edit`, instructor.getByTestId("assignment-title"));
  await visit(instructor, "instructor: gradebook", `${courseUrl}/gradebook`, instructor.getByTestId("gradebook-row"));
  await instructor.getByTestId("gradebook-row").getByRole("link", { name: studentAccount.name }).click();
  await instructor.waitForURL(/\/gradebook\/[^/]+$/);
  await settled(instructor, instructor.getByTestId("grade-audit"));
  await check(instructor, "instructor: a student's record");

  const code = await startLiveSession(instructor, courseUrl);
  await settled(instructor, instructor.getByTestId("join-qr"));
  await check(instructor, "instructor: live console");

  // ── The student again: their assignments, the assignment, the live session. ──
  await visit(student, "student: my assignments", "/assignments", student.getByTestId("my-assignment-row").filter({ hasText: ASSIGNMENT_TITLE }));
  await visit(student, "student: an assignment", assignmentUrl, student.getByTestId("my-item-0"));
  await student.goto(`${server.url}/live`);
  await student.getByLabel("Session code").fill(code.toLowerCase());
  await student.getByRole("button", { name: "Join session" }).click();
  await student.waitForURL(/\/live\/[^/]+$/);
  await settled(student, student.getByTestId("live-module-title"));
  await check(student, "student: live session");
  await instructor.getByTestId("participant-count").filter({ hasText: "1" }).waitFor();
  await check(instructor, "instructor: live console with a student");

  await instructor.getByRole("button", { name: "End session" }).click();
  await instructor.getByTestId("live-summary").waitFor();
  await check(instructor, "instructor: live session summary");
  await student.context().close();
  await instructor.context().close();
  return problems;
}
