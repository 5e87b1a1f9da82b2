// Sampling challenges (inverse-cdf) on the real database: a challenge hands out uniforms but never its
// seed, is answered by exactly one submission of its owner to its exercise before it expires, and is
// rationed per student; two submissions racing with one challenge store one.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { TRPCError } from "@trpc/server";
import { inverseCdfScorer } from "@/exercises/inverse-cdf/server";
import { laplaceInverseCdf } from "@/lib/ml/sampling/laplace";
import type { SubmissionChecker } from "@/server/scoring/pool";
import { CHALLENGE_LIFETIME_MS, CHALLENGES_PER_HOUR, MAX_OPEN_CHALLENGES, requestChallenge } from "@/server/services/challenges";
import { checkInline } from "@/server/services/scoring";
import { submitSolution } from "@/server/services/submissions";
import { callerFor, createCourse, createUser, enroll, openTestContext, unique, inlineSubmissionScoring } from "../support/database";

const ctx = openTestContext();
const { db } = ctx;
const SLUG = "inverse-cdf";
let courseId: string;
let otherCourseId: string;
let student: Awaited<ReturnType<typeof createUser>>;
let classmate: Awaited<ReturnType<typeof createUser>>;
let outsider: Awaited<ReturnType<typeof createUser>>;

before(async () => {
  [courseId, otherCourseId] = await Promise.all([createCourse(db, "Challenges"), createCourse(db, "Challenges, other course")]);
  [student, classmate, outsider] = await Promise.all(["Student", "Classmate", "Outsider"].map((n) => createUser(ctx.auth, `Challenge ${n}`)));
  await enroll(db, student.id, courseId, "STUDENT");
  await enroll(db, student.id, otherCourseId, "STUDENT");
  await enroll(db, classmate.id, courseId, "STUDENT");
  await enroll(db, outsider.id, otherCourseId, "STUDENT");
});
after(() => db.$disconnect());

type User = typeof student;
const challengeFor = (user: User, course = courseId) => callerFor(ctx, user).caller.exercise.challenge({ courseId: course, exerciseSlug: SLUG });
const submit = (user: User, body: unknown, idempotencyKey = `challenge-${unique()}`, course = courseId) =>
  callerFor(ctx, user).caller.submission.submit({ courseId: course, exerciseSlug: SLUG, idempotencyKey, body });
const exact = (uniforms: number[]) => uniforms.map((u) => laplaceInverseCdf(u));
const challengeRow = (id: string) => db.samplingChallenge.findUniqueOrThrow({ where: { id } });
const submissionsOf = (user: User) => db.submission.count({ where: { userId: user.id, exercise: { slug: SLUG } } });

async function rejects(promise: Promise<unknown>, code: TRPCError["code"], message?: RegExp) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof TRPCError, `expected a TRPCError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}

describe("a challenge", () => {
  test("hands out its uniforms, never its seed, and scores one submission against them", async () => {
    const before = Date.now();
    const challenge = await challengeFor(student);
    assert.deepEqual(Object.keys(challenge).sort(), ["challengeId", "expiresAt", "uniforms"]);
    assert.equal(challenge.uniforms.length, 2000);
    assert.ok(challenge.uniforms.every((u) => u > 0 && u < 1));
    const row = await challengeRow(challenge.challengeId);
    assert.deepEqual(inverseCdfScorer.drawChallenge!(row.seed), challenge.uniforms, "the stored seed regenerates them");
    assert.ok(Number.isInteger(row.seed) && row.seed >= 0 && row.seed < 2 ** 31);
    assert.ok(Math.abs(challenge.expiresAt.getTime() - (before + CHALLENGE_LIFETIME_MS)) < 60_000);
    assert.equal(row.usedAt, null);

    const result = await submit(student, { challengeId: challenge.challengeId, samples: exact(challenge.uniforms) });
    assert.ok(result.metrics.maxError <= 1e-12, `${result.metrics.maxError}`);
    assert.equal((await challengeRow(challenge.challengeId)).usedAt?.getTime(), result.createdAt.getTime(), "used by the submission, in its transaction");
  });

  test("scores samples not computed from its uniforms at the bottom", async () => {
    const { challengeId } = await challengeFor(student);
    const quantiles = Array.from({ length: 2000 }, (_, i) => laplaceInverseCdf((i + 0.5) / 2000));
    const result = await submit(student, { challengeId, samples: quantiles });
    assert.ok(result.metrics.maxError > 0.5, `${result.metrics.maxError}`);
    assert.ok(result.metrics.ksStatistic < 0.001, "though their KS distance is tiny");
  });

  test("is refused a second time, while a resend of the same submission is answered with it", async () => {
    const { challengeId, uniforms } = await challengeFor(student);
    const body = { challengeId, samples: exact(uniforms) };
    const key = `replayed-${unique()}`;
    const first = await submit(student, body, key);
    const count = await submissionsOf(student);
    await rejects(submit(student, body), "CONFLICT", /already answered by a submission/);
    const resend = await submit(student, body, key);
    assert.deepEqual([resend.id, resend.duplicate], [first.id, true]);
    assert.equal(await submissionsOf(student), count, "nothing new stored");
  });

  test("belongs to its owner and its course's exercise", async () => {
    const { challengeId, uniforms } = await challengeFor(student);
    const body = { challengeId, samples: exact(uniforms) };
    await rejects(submit(classmate, body), "NOT_FOUND", /no such challenge of yours/);
    await rejects(submit(student, body, undefined, otherCourseId), "NOT_FOUND", /no such challenge of yours/);
    await rejects(submit(student, { challengeId: "no-such-challenge", samples: body.samples }), "NOT_FOUND");
    assert.equal(await submissionsOf(classmate), 0);
    assert.equal((await challengeRow(challengeId)).usedAt, null, "refused answers use nothing up");
    assert.ok((await submit(student, body)).metrics.maxError <= 1e-12, "its owner still answers it");
  });

  test("must be named by the submission", async () => {
    const { uniforms } = await challengeFor(student);
    await rejects(submit(student, { samples: exact(uniforms) }), "BAD_REQUEST", /"challengeId" is missing/);
  });

  test("is refused once expired", async () => {
    const { challengeId, uniforms } = await challengeFor(student);
    await db.samplingChallenge.update({ where: { id: challengeId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await rejects(submit(student, { challengeId, samples: exact(uniforms) }), "CONFLICT", /expired/);
    assert.equal((await challengeRow(challengeId)).usedAt, null);
  });

  test("answers exactly one of two submissions racing with it", async () => {
    const racer = await createUser(ctx.auth, "Challenge racer");
    await enroll(db, racer.id, courseId, "STUDENT");
    const { challengeId, uniforms } = await requestChallenge(db, racer, { courseId, exerciseSlug: SLUG });
    // Both pass the body's check, then wait for each other: only the storing transaction can tell them apart.
    let arrived = 0;
    let release!: () => void;
    const bothChecked = new Promise<void>((resolve) => (release = resolve));
    const check: SubmissionChecker = async (slug, draft) => {
      if (++arrived === 2) release();
      await bothChecked;
      return checkInline(slug, draft);
    };
    const scoring = inlineSubmissionScoring(db, undefined, check);
    const attempt = () =>
      submitSolution(
        db,
        racer,
        { courseId, exerciseSlug: SLUG, idempotencyKey: `race-${unique()}`, draft: { body: { challengeId, samples: exact(uniforms) } } },
        scoring,
      );
    const outcomes = await Promise.allSettled([attempt(), attempt()]);
    assert.equal(outcomes.filter((o) => o.status === "fulfilled").length, 1, JSON.stringify(outcomes.map((o) => o.status)));
    const refused = outcomes.find((o) => o.status === "rejected")!.reason as Error & { kind?: string };
    assert.deepEqual([refused.kind, /answered by another submission meanwhile/.test(refused.message)], ["CONFLICT", true]);
    assert.equal(await submissionsOf(racer), 1);
    assert.equal(await db.submissionReservation.count({ where: { userId: racer.id } }), 0, "the loser's slot is given back");
  });
});

describe("requesting challenges", () => {
  test("needs a member of the course, an exercise that takes one, and an open deadline", async () => {
    await rejects(challengeFor(outsider), "FORBIDDEN");
    await rejects(callerFor(ctx, null).caller.exercise.challenge({ courseId, exerciseSlug: SLUG }), "UNAUTHORIZED");
    await rejects(callerFor(ctx, student).caller.exercise.challenge({ courseId, exerciseSlug: "gmm-em" }), "NOT_FOUND", /not answered against a challenge/);
    const late = await createCourse(db, "Challenges after the deadline");
    await enroll(db, student.id, late, "STUDENT");
    await db.exercise.update({ where: { courseId_slug: { courseId: late, slug: SLUG } }, data: { deadline: new Date(Date.now() - 60_000) } });
    await rejects(challengeFor(student, late), "TOO_MANY_REQUESTS", /deadline/);
    assert.equal(await db.samplingChallenge.count({ where: { exercise: { courseId: late } } }), 0);
  });

  test(`holds at most ${MAX_OPEN_CHALLENGES} open and ${CHALLENGES_PER_HOUR} an hour, per student`, async () => {
    const eager = await createUser(ctx.auth, "Challenge hoarder");
    await enroll(db, eager.id, courseId, "STUDENT");
    const start = new Date();
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    const ids: string[] = [];
    for (let i = 0; i < CHALLENGES_PER_HOUR; i++) ids.push((await requestChallenge(db, eager, { courseId, exerciseSlug: SLUG }, at(i / 10))).challengeId);
    const open = await db.samplingChallenge.findMany({ where: { userId: eager.id, usedAt: null, expiresAt: { gt: at(3) } }, select: { id: true } });
    assert.deepEqual(open.map((c) => c.id).sort(), ids.slice(-MAX_OPEN_CHALLENGES).sort(), "a new one retires the oldest");
    await assert.rejects(
      requestChallenge(db, eager, { courseId, exerciseSlug: SLUG }, at(5)),
      /requested 30 challenges .* in the last hour\. Try again in 55 min/,
    );
    assert.equal(await db.samplingChallenge.count({ where: { userId: eager.id } }), CHALLENGES_PER_HOUR, "the refusal stored nothing");
    // An hour after the first, one may be requested again, and the unused ones of that hour are gone.
    await requestChallenge(db, eager, { courseId, exerciseSlug: SLUG }, at(60.05));
    assert.equal(await db.samplingChallenge.count({ where: { userId: eager.id } }), CHALLENGES_PER_HOUR, "the first is deleted, a new one stored");
    // Another student's quota is their own.
    await challengeFor(classmate);
  });
});
