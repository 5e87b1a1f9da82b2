// LTI 1.3 against a simulated Canvas and Moodle (tests/support/lms.ts), over real HTTP on loopback:
// deep linking, launches (account, enrolment, role, destination), every id_token check on its own,
// grade passback through the real queue (retries, whole-second timestamps, FullyGraded), roster sync
// with paging and removals, and GenLab's key set with rotation. A launch is driven as a browser
// would: GenLab's login URL, the LMS's authorization page, the form it posts, with a cookie jar.
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import type PgBoss from "pg-boss";
import { createAppServer } from "@/server/app";
import { createAuth } from "@/server/auth";
import { startGradeSync, syncStudentScores } from "@/server/lti/grades";
import { registerPlatform } from "@/server/lti/platforms";
import { syncRoster } from "@/server/lti/roster";
import { createSessionCookie } from "@/server/security/session-token";
import { createLtiTool, type LtiTool } from "@/server/lti/tool";
import { startPoolQueue } from "@/server/pool/queue";
import { createScoringPool } from "@/server/scoring/pool";
import { securitySettings } from "@/server/security/settings";
import { readSubmissionAnswer } from "@/lib/submissions/answer";
import { CLAIM } from "@/lib/lti/claims";
import { callerFor, createCourse, createUser, enroll, openTestContext, perfectRingSamples, TEST_SECRET, testDatabaseUrl, unique } from "../support/database";
import { sessionCookie, trpcCall } from "../support/http-client";
import { type LmsMode, type LmsUser, type SimulatedLms, startSimulatedLms } from "../support/lms";

const PUBLIC_ORIGIN = "http://localhost";
const { db } = openTestContext();
const auth = createAuth({ db, secret: TEST_SECRET, baseURL: PUBLIC_ORIGIN });
const scoring = createScoringPool(1);
let boss: PgBoss;
let tool: LtiTool;
let app: ReturnType<typeof createAppServer>;
let baseUrl: string;
const lmss: SimulatedLms[] = [];

before(async () => {
  boss = await startPoolQueue(testDatabaseUrl(), { supervise: false });
  const bare = createLtiTool(db, PUBLIC_ORIGIN);
  // Retries after 1 s, 2 s, …: the retry test waits seconds, not minutes.
  tool = { ...bare, gradeSync: await startGradeSync(db, bare.services, boss, { retryDelaySeconds: 1, retryLimit: 4 }) };
  app = createAppServer({ db, auth, check: scoring.check, score: scoring.score, security: securitySettings({ publicOrigin: PUBLIC_ORIGIN }), lti: tool });
  await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

after(async () => {
  // Registered LMSs may frame GenLab: other tests' servers on this database expect none.
  await db.ltiPlatform.deleteMany({ where: { jwksUrl: { in: lmss.map((lms) => lms.jwksUrl) } } });
  await Promise.all(lmss.map((lms) => lms.close()));
  await boss.stop({ graceful: false, timeout: 2000 });
  await app.realtime.close();
  tool.frameOrigins.stop();
  await scoring.close();
  await db.$disconnect();
});

/** A simulated LMS with GenLab registered in it, and it registered with GenLab (as an administrator would, both ways). */
async function lmsWithGenLab(mode: LmsMode) {
  const lms = await startSimulatedLms({
    mode,
    clientId: `client-${unique()}`,
    deploymentId: `deployment-${unique()}`,
    tool: { loginUrl: `${baseUrl}/lti/login`, launchUrl: tool.launchUrl, jwksUrl: `${baseUrl}/lti/jwks` },
  });
  lmss.push(lms);
  // Canvas's issuer is the same for every Canvas: a fresh client id keeps each test's registration apart.
  await registerPlatform(db, null, {
    name: `Simulated ${mode}`,
    issuer: lms.issuer,
    clientId: lms.clientId,
    authLoginUrl: lms.authLoginUrl,
    tokenUrl: lms.tokenUrl,
    jwksUrl: lms.jwksUrl,
    deploymentIds: [lms.deploymentId],
  });
  return lms;
}

const onThisServer = (url: string) => {
  const parsed = new URL(url);
  return `${baseUrl}${parsed.pathname}${parsed.search}`;
};
const setCookies = (response: Response) => response.headers.getSetCookie().map((c) => c.split(";")[0]);
const decodeEntities = (html: string) => html.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c))).replace(/&amp;/g, "&");
const field = (html: string, name: string) => {
  const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  return value === undefined ? undefined : decodeEntities(value);
};

interface LaunchResult {
  status: number;
  location: string | null;
  /** The session cookie GenLab set, as a Cookie header. */
  cookie: string;
  html: string;
}

/**
 * One launch as a browser makes it. `tamper` replaces the id_token the LMS signed (it gets the nonce
 * GenLab sent); `withoutStateCookie` posts from "another browser".
 */
async function launch(
  lms: SimulatedLms,
  params: Parameters<SimulatedLms["loginInitiation"]>[0],
  options: { tamper?: (nonce: string) => Promise<string>; withoutStateCookie?: boolean; replay?: boolean } = {},
): Promise<LaunchResult & { replayed?: LaunchResult }> {
  const login = await fetch(onThisServer(lms.loginInitiation(params).toString()), { redirect: "manual" });
  assert.equal(login.status, 302, await login.text());
  const jar = setCookies(login);
  const authorize = new URL(login.headers.get("location")!);
  const page = await (await fetch(authorize)).text();
  const action = /action="([^"]+)"/.exec(page)?.[1];
  assert.ok(action, page);
  const idToken = options.tamper ? await options.tamper(authorize.searchParams.get("nonce")!) : field(page, "id_token")!;
  const post = async (): Promise<LaunchResult> => {
    const response = await fetch(onThisServer(action.replace(/&amp;/g, "&")), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...(options.withoutStateCookie ? {} : { cookie: jar.join("; ") }) },
      body: new URLSearchParams({ id_token: idToken, state: field(page, "state")! }),
      redirect: "manual",
    });
    return {
      status: response.status,
      location: response.headers.get("location"),
      cookie: setCookies(response)
        .filter((c) => !c.startsWith("genlab-lti-state-"))
        .join("; "),
      html: decodeEntities(await response.text()),
    };
  };
  const first = await post();
  return options.replay ? { ...first, replayed: await post() } : first;
}

const me = async (cookie: string) =>
  (await trpcCall(baseUrl, "me", undefined, { kind: "query", cookie })).data as { id: string; name: string; email: string } | null;

/** A GenLab course with one gan-ring assignment worth 10 points, its instructor, and an LMS course. */
async function courseWithAssignment(lms: SimulatedLms) {
  const courseId = await createCourse(db, `LTI course ${unique()}`);
  const owner = await createUser(auth, "Owner");
  await enroll(db, owner.id, courseId, "INSTRUCTOR");
  const assignment = (await callerFor({ db, auth }, owner).caller.assignment.create({
    courseId,
    title: "Assignment 2: GANs",
    dueAt: "2099-12-31T23:59",
    items: [{ exerciseSlug: "gan-ring", points: 10 }],
  })) as { id: string };
  const contextId = `course-${unique()}`;
  lms.addCourse({ id: contextId, title: "Generative Models (LMS)" });
  return { courseId, owner, assignmentId: assignment.id, contextId };
}

const person = (name: string): LmsUser => ({ sub: `lms-${unique()}`, name, email: `${name.toLowerCase().replace(/\W+/g, ".")}.${unique()}@uni.example` });

/**
 * The instructor's deep link: the LMS's picker launch → GenLab's picker (as that instructor, in
 * GenLab) → the signed response posted back to the LMS, which makes the link and its grade column.
 */
async function deepLink(lms: SimulatedLms, setup: Awaited<ReturnType<typeof courseWithAssignment>>) {
  const teacher = person("Ada Teacher");
  lms.enrol(setup.contextId, teacher, ["Instructor"]);
  const picker = await launch(lms, { user: teacher.sub, contextId: setup.contextId, messageType: "LtiDeepLinkingRequest" });
  assert.equal(picker.status, 303, picker.html);
  const requestId = /^\/lti\/pick\/(.+)$/.exec(picker.location!)?.[1];
  assert.ok(requestId, picker.location ?? "");
  // The LMS instructor's GenLab account is new: it becomes an instructor of the GenLab course first (as its owner would add them).
  const teacherAccount = (await me(picker.cookie))!;
  await enroll(db, teacherAccount.id, setup.courseId, "INSTRUCTOR");
  const choices = await trpcCall(baseUrl, "lti.deepLinkChoices", { requestId }, { kind: "query", cookie: picker.cookie });
  const offered = choices.data as { lmsCourseTitle: string; courses: { id: string; assignments: { id: string; points: number }[] }[] };
  assert.equal(offered.lmsCourseTitle, "Generative Models (LMS)");
  assert.deepEqual(
    offered.courses.find((c) => c.id === setup.courseId)?.assignments.map((a) => [a.id, a.points]),
    [[setup.assignmentId, 10]],
  );
  const answer = await trpcCall(baseUrl, "lti.answerDeepLink", { requestId, assignmentId: setup.assignmentId }, { kind: "mutation", cookie: picker.cookie });
  assert.equal(answer.status, 200, answer.text);
  const { returnPath } = answer.data as { returnPath: string };
  const autoPost = await (await fetch(`${baseUrl}${returnPath}`)).text();
  const returnUrl = /action="([^"]+)"/.exec(autoPost)![1].replace(/&amp;/g, "&");
  const posted = await fetch(returnUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ JWT: field(autoPost, "JWT")! }),
  });
  assert.equal(posted.status, 200, await posted.text());
  const lineItem = lms.lineItems(setup.contextId)[0];
  assert.ok(lineItem?.resourceLinkId, "the LMS made a link with a grade column");
  // The teacher opens the new link: GenLab learns its grade column and the roster service. The roster
  // counts as just synced, so no background sync races the tests (one test checks that sync itself).
  await db.ltiContext.updateMany({ where: { courseId: setup.courseId }, data: { rosterSyncedAt: new Date() } });
  const opened = await launch(lms, { user: teacher.sub, contextId: setup.contextId, resourceLinkId: lineItem.resourceLinkId! });
  assert.equal(opened.location, `/courses/${setup.courseId}/assignments/${setup.assignmentId}`);
  return { teacher, teacherCookie: picker.cookie, linkId: lineItem.resourceLinkId!, lineItem };
}

/**
 * A student the LMS lists, in GenLab through an awaited roster sync (not a launch, whose roster sync
 * runs in the background and would race the test), signed in.
 */
async function studentFromRoster(lms: SimulatedLms, setup: Awaited<ReturnType<typeof courseWithAssignment>>, name: string) {
  const student = person(name);
  lms.enrol(setup.contextId, student, ["Learner"]);
  const context = await db.ltiContext.findFirstOrThrow({ where: { courseId: setup.courseId } });
  await syncRoster(db, tool.services, context.id);
  const { userId } = await db.ltiUser.findFirstOrThrow({ where: { sub: student.sub } });
  const session = await createSessionCookie(auth, userId, {});
  return { student, userId, cookie: `${session.name}=${session.value}` };
}

async function submitRing(cookie: string, courseId: string) {
  const response = await fetch(`${baseUrl}/api/submissions?${new URLSearchParams({ courseId, exerciseSlug: "gan-ring", idempotencyKey: `k-${unique()}` })}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, origin: PUBLIC_ORIGIN },
    body: JSON.stringify({ body: { samples: perfectRingSamples() } }),
  });
  const answer = await readSubmissionAnswer(response);
  assert.ok("result" in answer, JSON.stringify(answer));
}

async function until<T>(what: string, read: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

for (const mode of ["canvas", "moodle"] as const) {
  describe(`${mode}: the whole story`, () => {
    test("deep linking, a student's first launch, a submission, and the score in the LMS gradebook", async () => {
      const lms = await lmsWithGenLab(mode);
      const setup = await courseWithAssignment(lms);
      const { linkId, lineItem } = await deepLink(lms, setup);
      assert.equal(lineItem.scoreMaximum, 10);
      assert.equal(lineItem.label, "Assignment 2: GANs");
      assert.equal(lms.deepLinkResponses.length, 1);
      const [item] = lms.deepLinkResponses[0][CLAIM.deepLinkingContentItems] as { custom: Record<string, string>; url: string }[];
      assert.deepEqual(item.custom, { genlab_assignment: setup.assignmentId });
      assert.equal(item.url, tool.launchUrl);

      const student = person("Grace Student");
      lms.enrol(setup.contextId, student, ["Learner"]);
      const opened = await launch(lms, { user: student.sub, contextId: setup.contextId, resourceLinkId: linkId });
      assert.equal(opened.status, 303, opened.html);
      assert.equal(opened.location, `/courses/${setup.courseId}/assignments/${setup.assignmentId}`);
      const account = (await me(opened.cookie))!;
      assert.equal(account.name, "Grace Student");
      assert.equal(account.email, student.email);
      const enrolment = await db.enrollment.findUnique({ where: { userId_courseId: { userId: account.id, courseId: setup.courseId } } });
      assert.equal(enrolment?.role, "STUDENT");

      // The second launch signs in to the same account.
      const again = await launch(lms, { user: student.sub, contextId: setup.contextId, resourceLinkId: linkId });
      assert.equal((await me(again.cookie))?.id, account.id);

      await submitRing(opened.cookie, setup.courseId);
      const grade = await until("the score in the LMS gradebook", async () =>
        lms.grades(setup.contextId).find((g) => g.userSub === student.sub && g.scoreGiven !== null),
      );
      assert.equal(grade.scoreMaximum, 10);
      assert.ok(grade.scoreGiven! > 9, `a perfect ring earns (almost) all 10 points: ${grade.scoreGiven}`);
      assert.equal(grade.gradingProgress, "FullyGraded");
      if (mode === "canvas") assert.ok(grade.submittedAt, "Canvas learns when the counted submission was made");
      // The LMS has the grade a moment before the job records its answer.
      const sync = await until("the post recorded", () => db.ltiScoreSync.findFirst({ where: { userId: account.id, status: "POSTED" } }));
      assert.equal(sync.postedPoints, grade.scoreGiven);
    });
  });
}

describe("launch roles", () => {
  test("the LMS's role decides the GenLab role: teaching assistants (also sent as instructors) are assistants", async () => {
    const lms = await lmsWithGenLab("canvas");
    const setup = await courseWithAssignment(lms);
    const { linkId } = await deepLink(lms, setup);
    for (const [roles, expected] of [
      [["TeachingAssistant"], "TEACHING_ASSISTANT"],
      [["Instructor"], "INSTRUCTOR"],
      [["Learner"], "STUDENT"],
      [["Administrator"], "STUDENT"],
    ] as const) {
      const someone = person(`Someone ${expected}`);
      lms.enrol(setup.contextId, someone, [...roles]);
      const opened = await launch(lms, { user: someone.sub, contextId: setup.contextId, resourceLinkId: linkId });
      const account = (await me(opened.cookie))!;
      const enrolment = await db.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId: account.id, courseId: setup.courseId } } });
      assert.equal(enrolment.role, expected, roles.join());
    }
  });

  test("a student launching in an LMS course nobody linked gets a page saying so, signed in but enrolled nowhere", async () => {
    const lms = await lmsWithGenLab("moodle");
    lms.addCourse({ id: "unlinked", title: "Statistics 101" });
    const student = person("Lone Student");
    lms.enrol("unlinked", student, ["Learner"]);
    lms.addResourceLink("unlinked", { id: "7", title: "Some link" });
    const opened = await launch(lms, { user: student.sub, contextId: "unlinked", resourceLinkId: "7" });
    assert.equal(opened.status, 200);
    assert.match(opened.html, /“Statistics 101” is not linked to a GenLab course yet/);
    const account = (await me(opened.cookie))!;
    assert.equal(await db.enrollment.count({ where: { userId: account.id } }), 0);
  });
});

describe("every id_token check, on its own", () => {
  let lms: SimulatedLms;
  let setup: Awaited<ReturnType<typeof courseWithAssignment>>;
  let linkId: string;
  let student: LmsUser;
  before(async () => {
    lms = await lmsWithGenLab("canvas");
    setup = await courseWithAssignment(lms);
    ({ linkId } = await deepLink(lms, setup));
    student = person("Target Student");
    lms.enrol(setup.contextId, student, ["Learner"]);
  });

  const claimsWith = (nonce: string, change: (claims: Record<string, unknown>) => void) => {
    const claims = lms.idTokenClaims({ user: student.sub, contextId: setup.contextId, resourceLinkId: linkId, nonce });
    change(claims);
    return claims;
  };
  const cases: [string, (nonce: string) => Promise<string>, number, RegExp][] = [
    ["wrong issuer", (n) => lms.signIdToken(claimsWith(n, (c) => (c.iss = "https://evil.example"))), 401, /its issuer is not the LMS this login started with/],
    ["wrong audience", (n) => lms.signIdToken(claimsWith(n, (c) => (c.aud = "another-tool"))), 401, /meant for another tool/],
    [
      "another authorized party",
      (n) => lms.signIdToken(claimsWith(n, (c) => ((c.aud = [c.aud as string, "another-tool"]), (c.azp = "another-tool")))),
      401,
      /authorized party \(azp\)/,
    ],
    [
      "expired",
      (n) => lms.signIdToken(claimsWith(n, (c) => ((c.iat = Math.floor(Date.now() / 1000) - 3600), (c.exp = Math.floor(Date.now() / 1000) - 600)))),
      401,
      /it has expired/,
    ],
    ["another launch's nonce", (n) => lms.signIdToken(claimsWith(n, (c) => (c.nonce = `${n}-not`))), 401, /nonce is not this launch's/],
    [
      "wrong deployment",
      (n) => lms.signIdToken(claimsWith(n, (c) => (c[CLAIM.deploymentId] = "someone-elses"))),
      403,
      /Deployment someone-elses of this LMS is not registered/,
    ],
    [
      "bad signature",
      (n) =>
        lms.signIdToken(
          claimsWith(n, () => {}),
          { key: "other" },
        ),
      401,
      /signature does not match/,
    ],
    [
      "unknown key",
      (n) =>
        lms.signIdToken(
          claimsWith(n, () => {}),
          { key: "unknown" },
        ),
      401,
      /signed with a key the LMS does not publish/,
    ],
    ["another LTI version", (n) => lms.signIdToken(claimsWith(n, (c) => (c[CLAIM.version] = "1.1"))), 400, /GenLab speaks LTI 1\.3\.0/],
    [
      "another message type",
      (n) => lms.signIdToken(claimsWith(n, (c) => (c[CLAIM.messageType] = "LtiSubmissionReviewRequest"))),
      400,
      /resource-link and deep-linking launches only/,
    ],
  ];
  for (const [name, tamper, status, message] of cases) {
    test(`${name}: refused with a page that says why; no account is made`, async () => {
      const accountsBefore = await db.ltiUser.count();
      const refused = await launch(lms, { user: student.sub, contextId: setup.contextId, resourceLinkId: linkId }, { tamper });
      assert.equal(refused.status, status, refused.html);
      assert.match(refused.html, message);
      assert.equal(refused.cookie, "", "no session");
      assert.equal(await db.ltiUser.count(), accountsBefore);
    });
  }

  test("posted without the state cookie (a frame whose cookies are blocked): refused, with the same login to start in a new tab", async () => {
    const refused = await launch(lms, { user: student.sub, contextId: setup.contextId, resourceLinkId: linkId }, { withoutStateCookie: true });
    assert.equal(refused.status, 401);
    assert.match(refused.html, /did not keep GenLab's sign-in cookie/);
    const newTab = /<a href="([^"]+)" target="_blank"/.exec(refused.html)?.[1];
    assert.ok(newTab?.startsWith("/lti/login?"), refused.html);
    // In its own tab the login starts afresh, sets its cookie there, and the launch succeeds.
    const again = await fetch(`${baseUrl}${newTab}`, { redirect: "manual" });
    assert.equal(again.status, 302);
    const page = await (await fetch(again.headers.get("location")!)).text();
    const launched = await fetch(`${baseUrl}/lti/launch`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: setCookies(again).join("; ") },
      body: new URLSearchParams({ id_token: field(page, "id_token")!, state: field(page, "state")! }),
      redirect: "manual",
    });
    assert.equal(launched.status, 303);
    assert.equal(launched.headers.get("location"), `/courses/${setup.courseId}/assignments/${setup.assignmentId}`);
  });

  test("a replayed launch (the same post twice) is refused the second time", async () => {
    const { status, replayed } = await launch(lms, { user: student.sub, contextId: setup.contextId, resourceLinkId: linkId }, { replay: true });
    assert.equal(status, 303);
    assert.equal(replayed?.status, 401);
    assert.match(replayed!.html, /already used or has expired/);
  });

  test("a token of one LMS is not accepted in a login started by another", async () => {
    const other = await lmsWithGenLab("moodle");
    other.addCourse({ id: setup.contextId, title: "Same id elsewhere" });
    other.enrol(setup.contextId, student, ["Learner"]);
    other.addResourceLink(setup.contextId, { id: linkId, title: "Same link id elsewhere" });
    const refused = await launch(
      lms,
      { user: student.sub, contextId: setup.contextId, resourceLinkId: linkId },
      { tamper: (nonce) => other.signIdToken(other.idTokenClaims({ user: student.sub, contextId: setup.contextId, resourceLinkId: linkId, nonce })) },
    );
    assert.equal(refused.status, 401);
    assert.match(refused.html, /id_token was refused: it is signed with a key the LMS does not publish/);
  });

  test("a login from an unregistered LMS or deployment is refused before anything is stored", async () => {
    const statesBefore = await db.ltiLaunchState.count();
    const unknown = await fetch(
      `${baseUrl}/lti/login?${new URLSearchParams({ iss: "https://unknown.example", login_hint: "x", target_link_uri: tool.launchUrl })}`,
      { redirect: "manual" },
    );
    assert.equal(unknown.status, 404);
    assert.match(await unknown.text(), /No LMS with issuer https:\/\/unknown\.example/);
    const login = new URL(lms.loginInitiation({ user: student.sub, contextId: setup.contextId, resourceLinkId: linkId }));
    login.searchParams.set("lti_deployment_id", "not-ours");
    const wrongDeployment = await fetch(onThisServer(login.toString()), { redirect: "manual" });
    assert.equal(wrongDeployment.status, 403);
    assert.equal(await db.ltiLaunchState.count(), statesBefore);
  });
});

describe("grade passback", () => {
  test("moodle: a 500 is retried with back-off and the score lands; changes within a second get later whole-second timestamps", async () => {
    const lms = await lmsWithGenLab("moodle");
    const setup = await courseWithAssignment(lms);
    await deepLink(lms, setup);
    const { student, userId, cookie } = await studentFromRoster(lms, setup, "Retry Student");
    const account = { id: userId };

    lms.failNext(1, 500);
    await submitRing(cookie, setup.courseId);
    await until("the score after a retry", async () => lms.grades(setup.contextId).find((g) => g.userSub === student.sub && g.scoreGiven !== null));
    const refusedFirst = lms.scorePosts.filter((p) => p.status === 500);
    assert.equal(refusedFirst.length, 1, "the first post met the 500");
    const sync = await until("the post recorded", () => db.ltiScoreSync.findFirst({ where: { userId: account.id, status: "POSTED" } }));
    assert.equal(sync.attempts, 2);

    // Two overrides within a second: both posted, each in a later second than the one before (Moodle refuses equal seconds).
    const { caller } = callerFor({ db, auth }, setup.owner);
    const itemId = (await db.assignmentItem.findFirstOrThrow({ where: { assignmentId: setup.assignmentId } })).id;
    await caller.gradebook.override({ itemId, userId: account.id, change: { points: 4 }, reason: "first look" });
    await caller.assignment.setReleased({ assignmentId: setup.assignmentId, released: true });
    await syncStudentScores(db, tool.services, { courseId: setup.courseId, userId: account.id });
    await caller.gradebook.override({ itemId, userId: account.id, change: { points: 6 }, reason: "second look" });
    await syncStudentScores(db, tool.services, { courseId: setup.courseId, userId: account.id });
    const accepted = lms.scorePosts.filter((p) => p.status < 300).map((p) => new Date((p.body as { timestamp: string }).timestamp).getTime());
    for (let i = 1; i < accepted.length; i++) assert.ok(Math.floor(accepted[i] / 1000) > Math.floor(accepted[i - 1] / 1000), "each later, by whole seconds");
    assert.equal(lms.grades(setup.contextId).find((g) => g.userSub === student.sub)?.scoreGiven, 6);
    assert.ok(
      lms.scorePosts.every((p) => p.status !== 409),
      "no score refused for its timestamp",
    );
  });

  test("canvas: an unchanged grade is not posted again; after a post stamped ahead of the clock, the next is stamped later still", async () => {
    const lms = await lmsWithGenLab("canvas");
    const setup = await courseWithAssignment(lms);
    await deepLink(lms, setup);
    const { student, userId, cookie } = await studentFromRoster(lms, setup, "Clock Student");
    await submitRing(cookie, setup.courseId);
    await until("the first score", async () => lms.grades(setup.contextId).find((g) => g.userSub === student.sub && g.scoreGiven !== null));
    await until("the post recorded", () => db.ltiScoreSync.findFirst({ where: { userId, status: "POSTED" } }));
    const posts = lms.scorePosts.length;
    await syncStudentScores(db, tool.services, { courseId: setup.courseId, userId });
    assert.equal(lms.scorePosts.length, posts, "the same points are not sent twice");

    // As if the last post had been made with a clock an hour fast (since set back).
    const ahead = new Date(Date.now() + 3600_000);
    await db.ltiScoreSync.updateMany({ where: { userId }, data: { postedAt: ahead } });
    const { caller } = callerFor({ db, auth }, setup.owner);
    const itemId = (await db.assignmentItem.findFirstOrThrow({ where: { assignmentId: setup.assignmentId } })).id;
    await caller.gradebook.override({ itemId, userId, change: { points: 3 }, reason: "regraded" });
    await caller.assignment.setReleased({ assignmentId: setup.assignmentId, released: true });
    await syncStudentScores(db, tool.services, { courseId: setup.courseId, userId });
    const last = lms.scorePosts.at(-1)!;
    assert.equal(last.status, 200, last.responseBody);
    assert.equal((last.body as { timestamp: string }).timestamp, new Date(ahead.getTime() + 1000).toISOString());
    assert.equal(lms.grades(setup.contextId).find((g) => g.userSub === student.sub)?.scoreGiven, 3);
  });

  test("a student the LMS cannot grade: the refusal is final (not retried) and shown in the sync status", async () => {
    const lms = await lmsWithGenLab("canvas");
    const setup = await courseWithAssignment(lms);
    await deepLink(lms, setup);
    const { student, userId, cookie } = await studentFromRoster(lms, setup, "Dropped Student");
    const account = { id: userId };
    lms.unenrol(setup.contextId, student.sub);
    await submitRing(cookie, setup.courseId);
    const sync = await until("the refusal", () => db.ltiScoreSync.findFirst({ where: { userId: account.id, status: "FAILED" } }));
    assert.match(sync.error ?? "", /422/);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.equal((await db.ltiScoreSync.findFirstOrThrow({ where: { userId: account.id } })).attempts, 1, "a 4xx is not retried");
    const status = await callerFor({ db, auth }, setup.owner).caller.lti.courseLinks({ courseId: setup.courseId });
    const row = status[0].links[0].students.find((s) => s.userId === account.id);
    assert.equal(row?.status, "FAILED");
    assert.match(row?.error ?? "", /User not found in course or is not a student/);
  });
});

describe("roster sync", () => {
  for (const mode of ["canvas", "moodle"] as const) {
    test(`${mode}: members page by page become enrolments with their roles; removed members are marked, never deleted`, async () => {
      const lms = await lmsWithGenLab(mode);
      const setup = await courseWithAssignment(lms);
      const { teacher } = await deepLink(lms, setup);
      const students = [person("Ann"), person("Ben"), person("Cleo"), person("Dev")];
      for (const s of students) lms.enrol(setup.contextId, s, ["Learner"]);
      const assistant = person("Tess Assistant");
      lms.enrol(setup.contextId, assistant, ["TeachingAssistant"]);
      // 6 members, 2 a page.
      const { caller } = callerFor({ db, auth, lti: tool }, setup.owner);
      const [result] = await caller.lti.syncRoster({ courseId: setup.courseId });
      assert.equal(result.members, 6);
      const roleOf = async (sub: string) => {
        const link = await db.ltiUser.findFirstOrThrow({ where: { sub } });
        return db.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId: link.userId, courseId: setup.courseId } } });
      };
      for (const s of students) assert.equal((await roleOf(s.sub)).role, "STUDENT");
      assert.equal((await roleOf(assistant.sub)).role, "TEACHING_ASSISTANT");
      assert.equal((await roleOf(teacher.sub)).role, "INSTRUCTOR");

      lms.unenrol(setup.contextId, students[1].sub);
      const [second] = await caller.lti.syncRoster({ courseId: setup.courseId });
      assert.equal(second.removed, 1);
      const removed = await roleOf(students[1].sub);
      assert.ok(removed.lmsRemovedAt, "marked removed");
      assert.equal((await roleOf(students[0].sub)).lmsRemovedAt, null);
      // Back in the LMS course: a launch enrols them again.
      lms.enrol(setup.contextId, students[1], ["Learner"]);
      await launch(lms, { user: students[1].sub, contextId: setup.contextId, resourceLinkId: lms.lineItems(setup.contextId)[0].resourceLinkId! });
      assert.equal((await roleOf(students[1].sub)).lmsRemovedAt, null);
    });
  }

  test("a launch into a course whose roster was never synced syncs it in the background", async () => {
    const lms = await lmsWithGenLab("moodle");
    const setup = await courseWithAssignment(lms);
    const { teacher, linkId } = await deepLink(lms, setup);
    const classmates = [person("Eve"), person("Finn"), person("Gus")];
    for (const c of classmates) lms.enrol(setup.contextId, c, ["Learner"]);
    await db.ltiContext.updateMany({ where: { courseId: setup.courseId }, data: { rosterSyncedAt: null } });
    await launch(lms, { user: teacher.sub, contextId: setup.contextId, resourceLinkId: linkId });
    await until("the classmates enrolled", async () => (await db.ltiUser.count({ where: { sub: { in: classmates.map((c) => c.sub) } } })) === 3);
    const context = await db.ltiContext.findFirstOrThrow({ where: { courseId: setup.courseId } });
    assert.ok(context.rosterSyncedAt);
  });

  test("only staff sync the roster", async () => {
    const lms = await lmsWithGenLab("canvas");
    const setup = await courseWithAssignment(lms);
    const student = await createUser(auth, "Curious");
    await enroll(db, student.id, setup.courseId, "STUDENT");
    await assert.rejects(
      callerFor({ db, auth, lti: tool }, student).caller.lti.syncRoster({ courseId: setup.courseId }),
      /instructors and teaching assistants/,
    );
  });
});

describe("GenLab's keys", () => {
  test("the key set serves the signing key; after a rotation the old key stays published and the LMS accepts the new one", async () => {
    const before = (await (await fetch(`${baseUrl}/lti/jwks`)).json()) as { keys: { kid: string; n: string; d?: string }[] };
    assert.ok(before.keys.length >= 1);
    assert.ok(
      before.keys.every((k) => k.d === undefined),
      "no private part is ever published",
    );
    const oldKid = (await tool.keys.signingKey()).kid;
    const newKid = await tool.keys.rotate();
    const after = (await (await fetch(`${baseUrl}/lti/jwks`)).json()) as { keys: { kid: string }[] };
    assert.ok(after.keys.some((k) => k.kid === oldKid) && after.keys.some((k) => k.kid === newKid));
    assert.equal((await tool.keys.signingKey()).kid, newKid);

    // A service token asked for with the new key: the LMS fetches GenLab's key set and accepts it.
    const lms = await lmsWithGenLab("moodle");
    const setup = await courseWithAssignment(lms);
    await deepLink(lms, setup);
    const tokens = lms.tokensIssued;
    const platform = await db.ltiPlatform.findFirstOrThrow({ where: { clientId: lms.clientId } });
    await tool.services.call(platform, ["https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"], lms.lineItems(setup.contextId)[0].id, {
      what: "Line item",
      headers: { accept: "application/vnd.ims.lis.v2.lineitem+json" },
    });
    assert.equal(lms.tokensIssued, tokens + 1);
  });
});

describe("registration", () => {
  async function lmsAdministrator() {
    const admin = await createUser(auth, "LMS administrator");
    await db.user.update({ where: { id: admin.id }, data: { canManageLms: true } });
    return sessionCookie(auth, admin);
  }

  test("an LMS administrator registers an LMS by hand; from then on that LMS may frame GenLab", async () => {
    const cookie = await lmsAdministrator();
    const lms = await startSimulatedLms({ mode: "moodle" });
    lmss.push(lms);
    const before = (await fetch(`${baseUrl}/api/health`)).headers.get("content-security-policy") ?? "";
    assert.doesNotMatch(before, new RegExp(lms.origin));
    const registered = await trpcCall(
      baseUrl,
      "lti.registerPlatform",
      {
        name: "Faculty Moodle",
        issuer: lms.issuer,
        clientId: lms.clientId,
        authLoginUrl: lms.authLoginUrl,
        tokenUrl: lms.tokenUrl,
        jwksUrl: lms.jwksUrl,
        deploymentIds: [lms.deploymentId],
        webOrigins: [lms.origin],
      },
      { kind: "mutation", cookie },
    );
    assert.equal(registered.status, 200, registered.text);
    const after = await fetch(`${baseUrl}/api/health`);
    assert.match(after.headers.get("content-security-policy") ?? "", new RegExp(`frame-ancestors 'self'[^;]* ${lms.origin}( |$)`));
    assert.equal(after.headers.get("x-frame-options"), null, "X-Frame-Options cannot name an LMS: it is left out");
    const listed = await trpcCall(baseUrl, "lti.platforms", undefined, { kind: "query", cookie });
    assert.ok((listed.data as { name: string; deploymentIds: string[] }[]).some((p) => p.name === "Faculty Moodle" && p.deploymentIds[0] === lms.deploymentId));

    const refused = await trpcCall(
      baseUrl,
      "lti.registerPlatform",
      { name: "x", issuer: "x", clientId: "x", authLoginUrl: "http://lms.example/auth", tokenUrl: "ftp://x", jwksUrl: "x", deploymentIds: [] },
      { kind: "mutation", cookie },
    );
    assert.equal(refused.status, 400);
    assert.match(refused.message ?? "", /https:\/\//);
  });

  test("Dynamic Registration: a one-time address registers GenLab in the LMS and the LMS in GenLab, then launches work", async () => {
    const cookie = await lmsAdministrator();
    const invite = await trpcCall(baseUrl, "lti.createRegistrationLink", {}, { kind: "mutation", cookie });
    const { url } = invite.data as { url: string };
    const lms = await startSimulatedLms({ mode: "moodle" });
    lmss.push(lms);
    const opened = await fetch(lms.registrationUrl(onThisServer(url)));
    const page = decodeEntities(await opened.text());
    assert.equal(opened.status, 200, page);
    assert.match(page, /GenLab is registered/);
    assert.match(page, /org\.imsglobal\.lti\.close/);
    const [registration] = lms.registrations;
    assert.equal(registration.request.initiate_login_uri, `${PUBLIC_ORIGIN}/lti/login`);
    assert.deepEqual(registration.request.redirect_uris, [tool.launchUrl]);
    const platform = await db.ltiPlatform.findUniqueOrThrow({
      where: { issuer_clientId: { issuer: lms.issuer, clientId: registration.clientId } },
      include: { deployments: true },
    });
    assert.deepEqual(
      platform.deployments.map((d) => d.deploymentId),
      [registration.deploymentId],
    );
    assert.equal(platform.authLoginUrl, lms.authLoginUrl);

    // The same address again: used up.
    const again = await fetch(lms.registrationUrl(onThisServer(url)));
    assert.equal(again.status, 403);

    // A launch through the new registration reaches GenLab (the LMS course is not linked yet).
    lms.addCourse({ id: "registered", title: "Registered course" });
    const someone = person("First Launcher");
    lms.enrol("registered", someone, ["Learner"]);
    lms.addResourceLink("registered", { id: "1", title: "GenLab" });
    const launched = await launch(lms, { user: someone.sub, contextId: "registered", resourceLinkId: "1", clientId: registration.clientId });
    assert.equal(launched.status, 200, launched.html);
    assert.match(launched.html, /“Registered course” is not linked to a GenLab course yet/);
  });

  test("the launch's session cookie works inside a frame (SameSite=None, Partitioned); another site's page cannot use it", async () => {
    const lms = await lmsWithGenLab("canvas");
    const setup = await courseWithAssignment(lms);
    const { teacher, linkId } = await deepLink(lms, setup);
    const login = await fetch(onThisServer(lms.loginInitiation({ user: teacher.sub, contextId: setup.contextId, resourceLinkId: linkId }).toString()), {
      redirect: "manual",
    });
    assert.match(login.headers.getSetCookie()[0], /^genlab-lti-state-[\w-]+=1; Path=\/lti\/launch; Max-Age=600; HttpOnly; SameSite=None; Secure; Partitioned$/);
    const opened = await launch(lms, { user: teacher.sub, contextId: setup.contextId, resourceLinkId: linkId });
    const forged = await fetch(`${baseUrl}/api/trpc/lti.createConnectCode`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: opened.cookie, origin: "https://evil.example" },
      body: '{"json":{}}',
    });
    assert.equal(forged.status, 403);
    assert.match(await forged.text(), /Requests from https:\/\/evil\.example are refused/);
    const own = await fetch(`${baseUrl}/api/trpc/lti.createConnectCode`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: opened.cookie, origin: PUBLIC_ORIGIN },
      body: '{"json":{}}',
    });
    assert.equal(own.status, 200);
  });

  test("only LMS administrators register LMSs or make registration addresses", async () => {
    const someone = await createUser(auth, "Not an administrator");
    const cookie = await sessionCookie(auth, someone);
    for (const path of ["lti.createRegistrationLink", "lti.platforms"]) {
      const refused = await trpcCall(baseUrl, path, path === "lti.platforms" ? undefined : {}, {
        kind: path === "lti.platforms" ? "query" : "mutation",
        cookie,
      });
      assert.equal(refused.status, 403, path);
      assert.match(refused.message ?? "", /genlab user allow-lms/);
    }
  });
});

describe("an instructor who already uses GenLab", () => {
  /** An LMS instructor's first deep-linking launch: GenLab made them a new account, with no courses. */
  async function newInstructorsPicker(mode: LmsMode) {
    const lms = await lmsWithGenLab(mode);
    const setup = await courseWithAssignment(lms);
    const teacher = person("Existing Teacher");
    lms.enrol(setup.contextId, teacher, ["Instructor"]);
    const picker = await launch(lms, { user: teacher.sub, contextId: setup.contextId, messageType: "LtiDeepLinkingRequest" });
    return { lms, setup, teacher, picker, requestId: picker.location!.split("/").at(-1)! };
  }

  test("connects the LMS account with a code their usual account shows; the next launch signs in as them and offers their courses", async () => {
    const { lms, setup, teacher, picker, requestId } = await newInstructorsPicker("canvas");
    const firstAccount = (await me(picker.cookie))!;
    const empty = await trpcCall(baseUrl, "lti.deepLinkChoices", { requestId }, { kind: "query", cookie: picker.cookie });
    assert.deepEqual((empty.data as { courses: unknown[] }).courses, [], "the account the launch made has no courses");

    // Someone else's code, or none: refused; a few wrong ones use the request up.
    const ownerCookie = await sessionCookie(auth, setup.owner);
    const connect = (code: string) => trpcCall(baseUrl, "lti.connectAccount", { requestId, code }, { kind: "mutation", cookie: picker.cookie });
    const wrong = await connect("AAAA-AAAA");
    assert.equal(wrong.status, 400);
    assert.match(wrong.message ?? "", /This code is not right/);
    // The request's id alone (a link passed around) connects nothing: only its LMS account may use it.
    const { code } = (await trpcCall(baseUrl, "lti.createConnectCode", {}, { kind: "mutation", cookie: ownerCookie })).data as { code: string };
    const byOwner = await trpcCall(baseUrl, "lti.connectAccount", { requestId, code }, { kind: "mutation", cookie: ownerCookie });
    assert.equal(byOwner.status, 404);

    const connected = await connect(code.toLowerCase());
    assert.deepEqual(connected.data, { connectedTo: setup.owner.name });
    assert.equal(await db.user.count({ where: { id: firstAccount.id } }), 0, "the account the first launch made is gone");
    assert.equal(await me(picker.cookie), null, "with its session in the LMS's frame");
    const again = await launch(lms, { user: teacher.sub, contextId: setup.contextId, messageType: "LtiDeepLinkingRequest" });
    assert.equal((await me(again.cookie))?.id, setup.owner.id);
    const choices = await trpcCall(baseUrl, "lti.deepLinkChoices", { requestId: again.location!.split("/").at(-1)! }, { kind: "query", cookie: again.cookie });
    assert.ok((choices.data as { courses: { id: string }[] }).courses.some((c) => c.id === setup.courseId));
  });

  test("five wrong codes use the request up", async () => {
    const { setup, picker, requestId } = await newInstructorsPicker("moodle");
    for (let i = 0; i < 5; i++)
      assert.equal((await trpcCall(baseUrl, "lti.connectAccount", { requestId, code: `WRONG${i}` }, { kind: "mutation", cookie: picker.cookie })).status, 400);
    const { code } = (await trpcCall(baseUrl, "lti.createConnectCode", {}, { kind: "mutation", cookie: await sessionCookie(auth, setup.owner) })).data as {
      code: string;
    };
    const refused = await trpcCall(baseUrl, "lti.connectAccount", { requestId, code }, { kind: "mutation", cookie: picker.cookie });
    assert.equal(refused.status, 409);
    assert.match(refused.message ?? "", /Too many wrong codes/);
  });
});
