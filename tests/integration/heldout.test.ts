// A course's own held-out data and the public/private split, on the real database: uploads are
// validated (shape, size before parsing) and only instructors make them; submissions are scored on
// the public part of the course's set and, apart, on the private part (by a pool worker too); the
// split is keyed by each course's own secret and the exercise, disjoint and whole, the weather's in
// alternating two-week blocks; private metrics stay hidden from students until the due date, grade
// only assignments that say so, and never choose which submission counts; and no row of an uploaded
// set, nor the course's secret, reaches any read procedure.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import superjson from "superjson";
import { loadPenguinHeldout, loadWeatherHeldout } from "@/lib/datasets/heldout";
import { WEATHER_SYMBOLS } from "@/lib/datasets/seattle-weather";
import { HELDOUT_UPLOAD_MAX_BYTES } from "@/lib/course/heldout";
import { HMM_SCORE_SMOOTHING } from "@/exercises/hmm-weather/spec";
import { ruleFraction } from "@/lib/grading/rules";
import { appRouter } from "@/server/api/root";
import { courseHeldoutParts, splitHeldoutRows } from "@/server/services/heldout";
import { scoreInline } from "@/server/services/scoring";
import { runScoreJob } from "@/workers/run-score-job";
import { createClassroom, releaseCourses, startLiveActivity } from "../support/classroom";
import { callerFor, createCourse, createUser, enroll, openTestContext, unique } from "../support/database";
import { procedureInputs } from "../support/procedure-inputs";
import { rejects } from "../support/trpc-errors";

const ctx = openTestContext();
const { db } = ctx;
type User = Awaited<ReturnType<typeof createUser>>;
let instructor: User;
let ta: User;
let ada: User;
let ben: User;
const courses: string[] = [];

before(async () => {
  [instructor, ta, ada, ben] = await Promise.all(["Instructor", "Assistant", "Ada", "Ben"].map((n) => createUser(ctx.auth, `Heldout ${n}`)));
});
after(async () => {
  await db.course.deleteMany({ where: { id: { in: courses } } });
  await db.$disconnect();
});

const as = (user: User) => callerFor(ctx, user).caller;

async function courseWithEveryone() {
  const courseId = await createCourse(db, "Held-out course");
  courses.push(courseId);
  await enroll(db, instructor.id, courseId, "INSTRUCTOR");
  await enroll(db, ta.id, courseId, "TEACHING_ASSISTANT");
  for (const s of [ada, ben]) await enroll(db, s.id, courseId, "STUDENT");
  return courseId;
}

const exerciseOf = (courseId: string, slug: string) =>
  db.exercise.findUniqueOrThrow({ where: { courseId_slug: { courseId, slug } }, select: { id: true, slug: true } });

/** A Gaussian submission: mean (40, 200) mm, covariance [[4, 1], [1, 9]] mm². */
const GAUSSIAN = {
  mean: [40, 200] as [number, number],
  covariance: [
    [4, 1],
    [1, 9],
  ] as [[number, number], [number, number]],
};

/** log N(p; GAUSSIAN) in closed form. */
function gaussianLogDensity([x, y]: readonly number[]): number {
  const [[a, b], [, d]] = GAUSSIAN.covariance;
  const det = a * d - b * b;
  const [dx, dy] = [x - GAUSSIAN.mean[0], y - GAUSSIAN.mean[1]];
  const quadratic = (d * dx * dx - 2 * b * dx * dy + a * dy * dy) / det;
  return -Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * quadratic;
}
const meanLogDensity = (points: readonly (readonly number[])[]) => points.reduce((s, p) => s + gaussianLogDensity(p), 0) / points.length;

/** Six penguins at different distances from GAUSSIAN's mean, so each part of any split scores differently. */
const TINY_SET = [
  [41, 201],
  [38, 197],
  [40, 206],
  [45, 200],
  [39.5, 199.5],
  [36, 190],
];
const key = (p: unknown) => JSON.stringify(p);
const secretOf = async (courseId: string) => (await db.course.findUniqueOrThrow({ where: { id: courseId }, select: { heldoutSecret: true } })).heldoutSecret;

describe("uploading a held-out set", () => {
  test("bad files are refused with a readable 400; too large is refused before parsing; fewer than two entries are refused", async () => {
    const courseId = await courseWithEveryone();
    const upload = (exerciseSlug: string, json: string) => as(instructor).heldout.upload({ courseId, exerciseSlug, json });
    await rejects(upload("mle-gaussian", "[[39.1, 181], [46.5]]"), "BAD_REQUEST", /entry 2 must be a pair \[x, y\].*\[beak length, flipper length\]/);
    await rejects(upload("mle-gaussian", '{"points": []}'), "BAD_REQUEST", /must be a JSON array/);
    await rejects(upload("mle-gaussian", "[[39.1, 181],"), "BAD_REQUEST", /not valid JSON.*For example: \[\[39\.1, 181\]/);
    await rejects(upload("hmm-weather", '["sun", "hail"]'), "BAD_REQUEST", /entry 2 is "hail"; each entry must be one of "sun"/);
    await rejects(upload("ar-names", '["emma", "Zoë"]'), "BAD_REQUEST", /entry 2/);
    await rejects(upload("kde-bandwidth", "[4.2]"), "BAD_REQUEST", /at least 2 are needed/);
    await rejects(upload("ar-names", JSON.stringify(Array.from({ length: 5001 }, () => "emma"))), "BAD_REQUEST", /at most 5,000 names/);
    // Not JSON at all, and too large: the size answers first, so nothing was parsed.
    await rejects(upload("kde-bandwidth", "x".repeat(HELDOUT_UPLOAD_MAX_BYTES + 1)), "PAYLOAD_TOO_LARGE", /at most 1024 KB/);
    // Bytes, not characters: 600,000 two-byte characters are 1.2 MB.
    await rejects(upload("ar-names", `["${"é".repeat(600_000)}"]`), "PAYLOAD_TOO_LARGE");
    await rejects(upload("markov-chain", "[1, 2]"), "NOT_FOUND", /no held-out data/);
    assert.equal(await db.heldoutSet.count({ where: { exercise: { courseId } } }), 0, "nothing refused was stored");
  });

  test("only instructors upload, replace or remove; students and teaching assistants are refused", async () => {
    const courseId = await courseWithEveryone();
    const input = { courseId, exerciseSlug: "kde-bandwidth", json: "[3.75, 4.2, 5.05]" };
    for (const user of [ada, ta]) {
      await rejects(as(user).heldout.upload(input), "FORBIDDEN");
      await rejects(as(user).heldout.remove({ courseId, exerciseSlug: "kde-bandwidth" }), "FORBIDDEN");
      await rejects(as(user).heldout.list({ courseId }), "FORBIDDEN");
    }
    const stored = await as(instructor).heldout.upload(input);
    assert.equal(stored.uploaded.count, 3);
    assert.equal(stored.uploaded.uploadedBy, instructor.name);
    assert.deepEqual(stored.uploaded.summary, { kind: "numbers", mean: 4.333, sd: 0.539 });
    const listed = (await as(instructor).heldout.list({ courseId })).find((s) => s.slug === "kde-bandwidth")!;
    assert.equal(listed.uploaded?.count, 3);
    assert.equal(listed.defaultEntries, 86);
    // Replacing keeps one row per course exercise.
    await as(instructor).heldout.upload({ ...input, json: "[3.5, 4.5]" });
    assert.equal(await db.heldoutSet.count({ where: { exercise: { courseId } } }), 1);
    assert.deepEqual(await as(instructor).heldout.remove({ courseId, exerciseSlug: "kde-bandwidth" }), { slug: "kde-bandwidth", removed: true });
    assert.equal((await as(ada).heldout.describe({ courseId, exerciseSlug: "kde-bandwidth" })).source, "default");
  });

  test("a copy to a new term takes the uploaded sets and each assignment's choice of part along", async () => {
    const courseId = await courseWithEveryone();
    await as(instructor).heldout.upload({ courseId, exerciseSlug: "ar-names", json: '["emma", "olivia", "jean-luc"]' });
    await as(instructor).assignment.create({
      courseId,
      title: "Names",
      dueAt: new Date(Date.now() + 86_400_000),
      gradedOn: "PRIVATE",
      items: [{ exerciseSlug: "ar-names", points: 5 }],
    });
    const copy = await as(instructor).course.copy({ courseId, title: `Next term ${unique()}`, shiftDays: 0 });
    courses.push(copy.id);
    const sets = await as(instructor).heldout.list({ courseId: copy.id });
    assert.equal(sets.find((s) => s.slug === "ar-names")?.uploaded?.count, 3);
    const [assignment] = (await as(instructor).assignment.list({ courseId: copy.id })).assignments;
    assert.equal(assignment.gradedOn, "PRIVATE");
    assert.notDeepEqual(await secretOf(copy.id), await secretOf(courseId), "the copy splits with a secret of its own");
  });
});

describe("scoring on the course's held-out set", () => {
  test("a known Gaussian scores the closed-form log-likelihood of the public part, and of the private part apart", async () => {
    const courseId = await courseWithEveryone();
    await as(instructor).heldout.upload({ courseId, exerciseSlug: "mle-gaussian", json: JSON.stringify(TINY_SET) });
    const parts = (await courseHeldoutParts(db, await exerciseOf(courseId, "mle-gaussian")))!;
    assert.equal(parts.source, "uploaded");
    assert.deepEqual([...parts.public, ...parts.private].map(key).sort(), TINY_SET.map(key).sort(), "the parts are the uploaded set");

    const result = await as(ada).submission.submit({ courseId, exerciseSlug: "mle-gaussian", idempotencyKey: `k-${unique()}`, body: GAUSSIAN });
    assert.ok(Math.abs(result.metrics.meanLogLikelihood - meanLogDensity(parts.public as number[][])) < 1e-12, "ranked on the public part");
    assert.ok(!("privateMetrics" in result), "the submitter's answer has no private metrics");
    const score = await db.score.findUniqueOrThrow({ where: { submissionId: result.id } });
    const privateMetrics = score.privateMetrics as { meanLogLikelihood: number };
    assert.ok(Math.abs(privateMetrics.meanLogLikelihood - meanLogDensity(parts.private as number[][])) < 1e-12, "stored on the private part");
    // Sorted by the same ranking (the stored keys keep 15 significant digits).
    assert.equal(score.privateRankKeys[0], 0);
    assert.ok(Math.abs(score.privateRankKeys[1] + privateMetrics.meanLogLikelihood) < 1e-12);
    const describe = await as(ada).heldout.describe({ courseId, exerciseSlug: "mle-gaussian" });
    assert.deepEqual([describe.source, describe.publicEntries, describe.privateEntries], ["uploaded", 3, 3]);
  });

  test("without an upload, the default set is split the same way", async () => {
    const courseId = await courseWithEveryone();
    const parts = (await courseHeldoutParts(db, await exerciseOf(courseId, "mle-gaussian")))!;
    assert.equal(parts.source, "default");
    const result = await as(ben).submission.submit({ courseId, exerciseSlug: "mle-gaussian", idempotencyKey: `k-${unique()}`, body: GAUSSIAN });
    assert.ok(Math.abs(result.metrics.meanLogLikelihood - meanLogDensity(parts.public as number[][])) < 1e-12);
    assert.equal([...parts.public, ...parts.private].length, loadPenguinHeldout().length);
  });

  test("a pool worker's score job scores a part as the scoring threads do", async () => {
    const courseId = await courseWithEveryone();
    await as(instructor).heldout.upload({ courseId, exerciseSlug: "mle-gaussian", json: JSON.stringify(TINY_SET) });
    const parts = (await courseHeldoutParts(db, await exerciseOf(courseId, "mle-gaussian")))!;
    for (const part of [parts.public, parts.private]) {
      const job = await runScoreJob(db, { requestId: `r-${unique()}`, slug: "mle-gaussian", submission: GAUSSIAN, context: { heldout: part } }, "test-worker");
      assert.ok("metrics" in job, JSON.stringify(job));
      assert.deepEqual(job.metrics, await scoreInline("mle-gaussian", GAUSSIAN, { heldout: part }));
      assert.ok(Math.abs(job.metrics.meanLogLikelihood - meanLogDensity(part as number[][])) < 1e-12, "on the part, not the default set");
    }
  });
});

describe("the split", () => {
  const secretA = Buffer.alloc(32, 0xa1);
  const secretB = Buffer.alloc(32, 0xb2);

  test("every course has a 256-bit secret of its own", async () => {
    const a = await secretOf(await courseWithEveryone());
    const b = await secretOf(await courseWithEveryone());
    assert.deepEqual([a.length, b.length], [32, 32]);
    assert.notDeepEqual(a, b);
  });

  test("keyed by the course's secret and the exercise: deterministic, disjoint, covering the set; another secret or exercise gives another subset", async () => {
    const courseA = await courseWithEveryone();
    const courseB = await courseWithEveryone();
    await db.course.update({ where: { id: courseA }, data: { heldoutSecret: secretA } });
    await db.course.update({ where: { id: courseB }, data: { heldoutSecret: secretB } });
    const rows = loadPenguinHeldout();
    const a = (await courseHeldoutParts(db, await exerciseOf(courseA, "mle-gaussian")))!;
    assert.deepEqual(a, { source: "default", ...splitHeldoutRows("points", rows, secretA, "mle-gaussian") }, "the course's secret decides");
    assert.deepEqual(splitHeldoutRows("points", rows, secretA, "mle-gaussian"), splitHeldoutRows("points", rows, Buffer.from(secretA), "mle-gaussian"));
    const publicKeys = new Set(a.public.map(key));
    assert.equal(a.private.filter((p) => publicKeys.has(key(p))).length, 0, "disjoint");
    assert.deepEqual([...a.public, ...a.private].map(key).sort(), rows.map(key).sort(), "together the whole set");
    assert.deepEqual([a.public.length, a.private.length], [43, 43]);
    const b = (await courseHeldoutParts(db, await exerciseOf(courseB, "mle-gaussian")))!;
    assert.notDeepEqual(b.public, a.public, "another course");
    // gmm-em is scored on the same penguins: its split says nothing of mle-gaussian's.
    const gmm = (await courseHeldoutParts(db, await exerciseOf(courseA, "gmm-em")))!;
    assert.notDeepEqual(gmm.public, a.public, "another exercise");
  });

  test("the weather: two-week blocks, one of each four-week stretch public; each part keeps the calendar and is scored on its own days", async () => {
    const days = loadWeatherHeldout().map((i) => WEATHER_SYMBOLS[i]);
    const split = splitHeldoutRows("symbols", days, secretA, "hmm-weather");
    assert.equal(split.public.length, days.length);
    days.forEach((day, i) =>
      assert.ok(
        (split.public[i] === null) !== (split.private[i] === null) && (split.public[i] ?? split.private[i]) === day,
        `day ${i + 1} in exactly one part`,
      ),
    );
    // Runs of days in one part: a block (14 or 15 days) or two neighbouring blocks of adjacent stretches, never a season.
    const runs: number[] = [];
    split.public.forEach((day, i) => (i > 0 && (day === null) === (split.public[i - 1] === null) ? runs[runs.length - 1]++ : runs.push(1)));
    assert.ok(
      runs.every((run) => run >= 14 && run <= 30),
      `runs of ${runs.join(", ")} days`,
    );
    const publicDays = split.public.filter((d) => d !== null).length;
    assert.ok(Math.abs(publicDays - days.length / 2) <= 13, `${publicDays} public days`);
    assert.notDeepEqual(splitHeldoutRows("symbols", days, secretB, "hmm-weather").public, split.public, "another secret");

    const courseId = await courseWithEveryone();
    await db.course.update({ where: { id: courseId }, data: { heldoutSecret: secretA } });
    const parts = (await courseHeldoutParts(db, await exerciseOf(courseId, "hmm-weather")))!;
    assert.deepEqual(parts.public, split.public);
    const described = await as(ada).heldout.describe({ courseId, exerciseSlug: "hmm-weather" });
    assert.deepEqual([described.publicEntries, described.privateEntries], [publicDays, days.length - publicDays]);
    // One hidden state: days are independent, so a part's score is the mean log-probability of its own days.
    const emission = [0.4, 0.3, 0.15, 0.1, 0.05];
    const submitted = await as(ada).submission.submit({
      courseId,
      exerciseSlug: "hmm-weather",
      idempotencyKey: `k-${unique()}`,
      body: { initial: [1], transition: [[1]], emission: [emission] },
    });
    const mix = (p: number) => (1 - HMM_SCORE_SMOOTHING) * p + HMM_SCORE_SMOOTHING / emission.length;
    const meanLog = (part: readonly unknown[]) => {
      const observed = part.filter((d) => d !== null) as string[];
      return observed.reduce((sum, d) => sum + Math.log(mix(emission[WEATHER_SYMBOLS.indexOf(d as (typeof WEATHER_SYMBOLS)[number])])), 0) / observed.length;
    };
    assert.ok(Math.abs(submitted.metrics.logLikelihoodPerSymbol - meanLog(split.public)) < 1e-12);
    const score = await db.score.findUniqueOrThrow({ where: { submissionId: submitted.id } });
    assert.ok(Math.abs((score.privateMetrics as { logLikelihoodPerSymbol: number }).logLikelihoodPerSymbol - meanLog(split.private)) < 1e-12);
  });
});

describe("private metrics before and after the due date, and grading", () => {
  test("students see the private leaderboard and private-graded points only from the due date on; staff always", async () => {
    const courseId = await courseWithEveryone();
    await as(instructor).heldout.upload({ courseId, exerciseSlug: "mle-gaussian", json: JSON.stringify(TINY_SET) });
    // A Gaussian no other test submits: Ada's reads span her courses, where another split could give GAUSSIAN this very value.
    const adas = await as(ada).submission.submit({
      courseId,
      exerciseSlug: "mle-gaussian",
      idempotencyKey: `k-${unique()}`,
      body: { ...GAUSSIAN, mean: [40.7, 201.3] },
    });
    await as(ben).submission.submit({
      courseId,
      exerciseSlug: "mle-gaussian",
      idempotencyKey: `k-${unique()}`,
      body: {
        mean: [41, 199],
        covariance: [
          [9, 0],
          [0, 16],
        ],
      },
    });
    const adaPrivate = ((await db.score.findUniqueOrThrow({ where: { submissionId: adas.id } })).privateMetrics as { meanLogLikelihood: number })
      .meanLogLikelihood;
    const ref = { courseId, exerciseSlug: "mle-gaussian" };

    // No due date yet: hidden from students (one may still be set), shown to staff.
    const early = await as(ada).leaderboard.private(ref);
    assert.deepEqual([early.revealAt, early.revealed, early.entries], [null, false, null]);
    const staffEarly = await as(ta).leaderboard.private(ref);
    assert.equal(staffEarly.entries?.length, 2);

    // An assignment graded on the private part, due later.
    const rule = { kind: "linear" as const, metric: "meanLogLikelihood", full: adaPrivate + 1, zero: adaPrivate - 3 };
    const dueAt = new Date(Date.now() + 86_400_000);
    const assignment = await as(instructor).assignment.create({
      courseId,
      title: `Private ${unique()}`,
      dueAt,
      gradedOn: "PRIVATE",
      items: [{ exerciseSlug: "mle-gaussian", points: 10, rule }],
    });
    const pending = await as(ada).assignment.get({ assignmentId: assignment.id });
    assert.equal(pending.gradedOn, "PRIVATE");
    assert.deepEqual(pending.mine!.items[0].privatePending, { revealAt: dueAt });
    assert.deepEqual([pending.mine!.items[0].earned, pending.mine!.items[0].attempts, pending.mine!.total], [null, [], 0]);
    assert.deepEqual((await as(ada).leaderboard.private(ref)).revealAt, dueAt);

    // Nothing a student reads holds the private value before the due date.
    const studentReads = await Promise.all([
      as(ada).leaderboard.get(ref),
      as(ada).leaderboard.private(ref),
      as(ada).submission.mine(ref),
      as(ada).assignment.get({ assignmentId: assignment.id }),
      as(ada).assignment.list({ courseId }),
      as(ada).assignment.mine(),
      as(ada).account.exportData(),
    ]);
    assert.ok(!JSON.stringify(studentReads).includes(String(adaPrivate)), "the private log-likelihood is not in any student output");

    // The due date passed (the submissions came before it).
    const submittedAt = new Date(Date.now() - 3_600_000);
    await db.submission.updateMany({ where: { exercise: { courseId } }, data: { createdAt: submittedAt } });
    await db.score.updateMany({ where: { exercise: { courseId } }, data: { createdAt: submittedAt } });
    await db.assignment.update({ where: { id: assignment.id }, data: { dueAt: new Date(Date.now() - 60_000) } });
    const revealed = await as(ada).leaderboard.private(ref);
    assert.equal(revealed.revealed, true);
    const mine = revealed.entries!.find((e) => e.isMe)!;
    assert.equal(mine.metrics.meanLogLikelihood, adaPrivate);
    assert.equal(mine.publicMetrics.meanLogLikelihood, adas.metrics.meanLogLikelihood);
    assert.equal(revealed.entries!.find((e) => !e.isMe)!.userId, null, "a classmate's id stays hidden");
    const graded = (await as(ada).assignment.get({ assignmentId: assignment.id })).mine!.items[0];
    assert.equal(graded.privatePending, null);
    assert.equal(graded.earned, 7.5, "three quarters of the way from zero to full, on the private part");
  });

  test("grading uses the private metrics only where the assignment says so", async () => {
    const courseId = await courseWithEveryone();
    await as(instructor).heldout.upload({ courseId, exerciseSlug: "mle-gaussian", json: JSON.stringify(TINY_SET) });
    const submitted = await as(ada).submission.submit({ courseId, exerciseSlug: "mle-gaussian", idempotencyKey: `k-${unique()}`, body: GAUSSIAN });
    const score = await db.score.findUniqueOrThrow({ where: { submissionId: submitted.id } });
    const [publicLl, privateLl] = [submitted.metrics.meanLogLikelihood, (score.privateMetrics as { meanLogLikelihood: number }).meanLogLikelihood];
    assert.notEqual(publicLl, privateLl);
    const rule = { kind: "linear" as const, metric: "meanLogLikelihood", full: Math.max(publicLl, privateLl) + 1, zero: Math.min(publicLl, privateLl) - 1 };
    const dueAt = new Date(Date.now() + 86_400_000);
    const make = (gradedOn?: "PUBLIC" | "PRIVATE") =>
      as(instructor).assignment.create({
        courseId,
        title: `Graded ${gradedOn ?? "by default"} ${unique()}`,
        dueAt,
        gradedOn,
        items: [{ exerciseSlug: "mle-gaussian", points: 10, rule }],
      });
    const [byDefault, onPublic, onPrivate] = [await make(), await make("PUBLIC"), await make("PRIVATE")];
    const book = await as(instructor).gradebook.get({ courseId });
    const pointsIn = (assignmentId: string) => book.students.find((s) => s.userId === ada.id)!.assignments[assignmentId].items[0].computed!;
    const expected = (metrics: number) => 10 * ruleFraction(rule, { meanLogLikelihood: metrics });
    assert.ok(Math.abs(pointsIn(byDefault.id) - expected(publicLl)) < 0.01, "the public part by default");
    assert.ok(Math.abs(pointsIn(onPublic.id) - expected(publicLl)) < 0.01);
    assert.ok(Math.abs(pointsIn(onPrivate.id) - expected(privateLl)) < 0.01, "staff see private-graded points before the due date");
  });

  test("the private board and private grading count the submission best on the public part, not the one best on the private part", async () => {
    const courseId = await courseWithEveryone();
    await as(instructor).heldout.upload({ courseId, exerciseSlug: "mle-gaussian", json: JSON.stringify(TINY_SET) });
    const parts = (await courseHeldoutParts(db, await exerciseOf(courseId, "mle-gaussian")))!;
    const meanOf = (points: number[][]): [number, number] => [0, 1].map((d) => points.reduce((s, p) => s + p[d], 0) / points.length) as [number, number];
    // With the covariance fixed, the Gaussian centred on a part's mean is the best on that part.
    const submit = async (mean: [number, number]) => {
      const { id, metrics } = await as(ada).submission.submit({
        courseId,
        exerciseSlug: "mle-gaussian",
        idempotencyKey: `k-${unique()}`,
        body: { ...GAUSSIAN, mean },
      });
      const privateMetrics = (await db.score.findUniqueOrThrow({ where: { submissionId: id } })).privateMetrics as { meanLogLikelihood: number };
      return { id, publicLl: metrics.meanLogLikelihood, privateLl: privateMetrics.meanLogLikelihood };
    };
    const fitsPrivate = await submit(meanOf(parts.private as number[][]));
    const fitsPublic = await submit(meanOf(parts.public as number[][]));
    assert.ok(fitsPublic.publicLl > fitsPrivate.publicLl && fitsPrivate.privateLl > fitsPublic.privateLl, "one better on each part");

    const board = await as(ta).leaderboard.private({ courseId, exerciseSlug: "mle-gaussian" });
    const adaEntry = board.entries!.find((e) => e.userId === ada.id)!;
    assert.equal(adaEntry.submissionId, fitsPublic.id, "the live board's pick");
    assert.equal(adaEntry.metrics.meanLogLikelihood, fitsPublic.privateLl, "shown with its private metrics");

    // A rule whose range holds all four values, so that each part tells the two apart.
    const values = [fitsPrivate.publicLl, fitsPrivate.privateLl, fitsPublic.publicLl, fitsPublic.privateLl];
    const rule = { kind: "linear" as const, metric: "meanLogLikelihood", full: Math.max(...values) + 1, zero: Math.min(...values) - 1 };
    const assignment = await as(instructor).assignment.create({
      courseId,
      title: `Private ${unique()}`,
      dueAt: new Date(Date.now() + 86_400_000),
      gradedOn: "PRIVATE",
      items: [{ exerciseSlug: "mle-gaussian", points: 10, rule }],
    });
    const book = await as(instructor).gradebook.get({ courseId });
    const item = book.students.find((s) => s.userId === ada.id)!.assignments[assignment.id].items[0];
    assert.equal(item.countedId, fitsPublic.id);
    assert.ok(Math.abs(item.computed! - 10 * ruleFraction(rule, { meanLogLikelihood: fitsPublic.privateLl })) < 0.01, "paid by its private metrics");
  });
});

describe("a private split never reaches a browser", () => {
  test(
    "no read procedure, for a student, a teaching assistant or an instructor, returns a value of an uploaded set or the course's secret",
    { timeout: 180_000 },
    async () => {
      const fx = await createClassroom(ctx, "Heldout");
      const live = await startLiveActivity(ctx, fx);
      courses.push(fx.courseId, fx.other.courseId, fx.spare.courseId);
      const inputs = procedureInputs(fx, live);
      // Values nothing else produces: coordinates with repeating decimals, names no list holds.
      const pointMarkers = [
        [4242.4242, 5353.5353],
        [6464.6464, 7575.7575],
        [8686.8686, 9797.9797],
        [3131.3131, 2020.202],
      ];
      const nameMarkers = ["qzxjvmarkone", "qzxjvmarktwo", "qzxjvmarkthree"];
      // The course's secret stays on the server too: its bytes in any usual text form, or the field at all.
      const secret = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256));
      await db.course.update({ where: { id: fx.courseId }, data: { heldoutSecret: secret } });
      const secretMarkers = [secret.toString("hex"), secret.toString("base64"), secret.toString("base64url"), [...secret].join(","), "heldoutSecret"];
      const markers = [...pointMarkers.flat().map(String), ...nameMarkers, ...secretMarkers];
      const outputs: { label: string; text: string }[] = [];
      const record = (label: string, value: unknown) => outputs.push({ label, text: JSON.stringify(superjson.serialize(value).json) });

      record(
        "heldout.upload (points)",
        await as(fx.instructor).heldout.upload({ courseId: fx.courseId, exerciseSlug: "mle-gaussian", json: JSON.stringify(pointMarkers) }),
      );
      record(
        "heldout.upload (names)",
        await as(fx.instructor).heldout.upload({ courseId: fx.courseId, exerciseSlug: "ar-names", json: JSON.stringify(nameMarkers) }),
      );
      for (const user of [fx.student, fx.classmate]) {
        record(
          "submission.submit",
          await as(user).submission.submit({ courseId: fx.courseId, exerciseSlug: "mle-gaussian", idempotencyKey: `k-${unique()}`, body: GAUSSIAN }),
        );
      }
      await as(fx.instructor).assignment.create({
        courseId: fx.courseId,
        title: "Held-out homework",
        dueAt: new Date(Date.now() + 86_400_000),
        gradedOn: "PRIVATE",
        items: [{ exerciseSlug: "mle-gaussian", points: 10 }],
      });
      // Mutations that answer with a course.
      record("course.update", await as(fx.instructor).course.update({ courseId: fx.courseId, description: "Held-out course" }));
      const copy = await as(fx.instructor).course.copy({ courseId: fx.courseId, title: `Held-out copy ${unique()}`, shiftDays: 0 });
      courses.push(copy.id);
      record("course.copy", copy);

      const queries = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)
        .filter(([, p]) => p._def.type === "query")
        .map(([path]) => path);
      const call = (user: User, path: string, input: unknown) => path.split(".").reduce<any>((node, k) => node[k], as(user))(input) as Promise<unknown>;
      let answered = 0;
      for (const path of queries) {
        const base = inputs[path]?.();
        // Every procedure that names an exercise is asked about both exercises with uploads.
        const variants =
          base && typeof base === "object" && "exerciseSlug" in base ? ["mle-gaussian", "ar-names"].map((exerciseSlug) => ({ ...base, exerciseSlug })) : [base];
        for (const user of [fx.student, fx.ta, fx.instructor]) {
          for (const input of variants) {
            const label = `${path} as ${user.name} (${JSON.stringify(input)})`;
            await call(user, path, input).then(
              (result) => {
                answered++;
                record(label, result);
              },
              (error: Error) => record(`${label}, refused`, error.message),
            );
          }
        }
      }
      assert.ok(answered > queries.length, "most queries answered");
      for (const { label, text } of outputs) {
        for (const marker of markers) assert.ok(!text.includes(marker), `${label} holds the held-out value ${marker}`);
      }
      await releaseCourses(db, [fx.courseId, fx.other.courseId, fx.spare.courseId]);
    },
  );
});
