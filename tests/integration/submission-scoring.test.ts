// Scoring after the acknowledgement (server/services/submission-scoring.ts) on the real database: a
// submission is stored before it is scored; its score is stored exactly once, by whichever process
// holds it, even when its first process dies, stops, or is overtaken by another; a refusal by the
// scorer is final and costs no submission of the day; a round's results wait for its submissions.
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import type { LeaderboardUpdated } from "@/lib/realtime/protocol";
import { createAppServer } from "@/server/app";
import { createScoringPool, type Scorer } from "@/server/scoring/pool";
import { DomainError } from "@/server/services/errors";
import { closeDueRounds, ROUND_CLOSE_GRACE_MS } from "@/server/services/live";
import { checkInline, scoreInline } from "@/server/services/scoring";
import { createSubmissionScoring, MAX_SCORING_ATTEMPTS } from "@/server/services/submission-scoring";
import { acceptSubmission, submitSolution } from "@/server/services/submissions";
import { callerFor, createCourse, createUser, enroll, openTestContext, perfectRingSamples, unique } from "../support/database";
import { sessionCookie, submissionRequest } from "../support/http-client";

const ctx = openTestContext();
const { db } = ctx;
let courseId: string;
let student: Awaited<ReturnType<typeof createUser>>;

before(async () => {
  courseId = await createCourse(db, "Scoring after the acknowledgement");
  student = await createUser(ctx.auth, "Scored later");
  await enroll(db, student.id, courseId, "STUDENT");
});
after(() => db.$disconnect());

/** A scorer that waits until `release()` before scoring; `started` counts the submissions it got. */
function gatedScorer() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const counts = { started: 0 };
  const score: Scorer = async (slug, submission, context) => {
    counts.started++;
    await gate;
    return scoreInline(slug, submission, context);
  };
  return { score, release, counts };
}

const markovBody = () => ({ pi: [0.5, 0.3, 0.2] });
const ringInput = () => ({ courseId, exerciseSlug: "gan-ring", idempotencyKey: `later-${unique()}`, draft: { body: { samples: perfectRingSamples() } } });
const statusOf = async (id: string) => (await db.submission.findUniqueOrThrow({ where: { id }, include: { score: true } })).status;
const scoresOf = (id: string) => db.score.count({ where: { submissionId: id } });
const until = async (what: () => Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe("POST /api/submissions", () => {
  test("acknowledges a stored submission before its score, then streams the score", async () => {
    const { score, release } = gatedScorer();
    const app = createAppServer({ db, auth: ctx.auth, score, check: checkInline });
    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const cookie = await sessionCookie(ctx.auth, student);
      const idempotencyKey = `stream-${unique()}`;
      const query = new URLSearchParams({ courseId, exerciseSlug: "gan-ring", idempotencyKey });
      const response = await fetch(`${url}/api/submissions?${query}`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie, origin: "http://localhost" },
        body: JSON.stringify({ body: { samples: perfectRingSamples() } }),
      });
      assert.equal(response.status, 200);
      assert.match(response.headers.get("content-type") ?? "", /application\/x-ndjson/);
      const reader = response.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      assert.match(first, /^\{"accepted":/, "the first line is the acknowledgement");
      // Acknowledged means stored: the row is there, waiting for its score.
      const stored = await db.submission.findUniqueOrThrow({ where: { userId_idempotencyKey: { userId: student.id, idempotencyKey } } });
      assert.equal(stored.status, "SCORING");
      assert.equal(await scoresOf(stored.id), 0);
      release();
      let rest = "";
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
      const last = JSON.parse(rest.trim().split("\n").at(-1)!) as { result?: { json: { status: string; metrics: Record<string, number> } } };
      assert.equal(last.result?.json.status, "SCORED");
      assert.equal(last.result?.json.metrics.modesCovered, 8);
      assert.equal(await statusOf(stored.id), "SCORED");
      assert.equal(await scoresOf(stored.id), 1);

      // The same request again (a connection cut before the score): the stored submission and its score.
      const again = await submissionRequest(url, { courseId, exerciseSlug: "gan-ring", idempotencyKey, body: { samples: [[0, 0]] } }, cookie, {
        origin: "http://localhost",
      });
      assert.equal(again.status, 200);
      assert.equal((again.data as { id: string; duplicate: boolean }).id, stored.id);
      assert.equal((again.data as { duplicate: boolean }).duplicate, true);
      assert.equal(await db.submission.count({ where: { userId: student.id, idempotencyKey } }), 1);
    } finally {
      await app.close();
    }
  });
});

describe("the scoring threads", () => {
  test("check a body while scoring is queued: an acknowledgement never waits for a class's scores", async () => {
    const pool = createScoringPool(1);
    try {
      const json = new TextEncoder().encode(JSON.stringify({ body: { samples: perfectRingSamples() } }));
      // Both threads started (loading the registry takes a second or two).
      await Promise.all([pool.check("gan-ring", { json }), pool.score("gan-ring", { samples: perfectRingSamples() })]);
      const settledAt: Record<string, number> = {};
      const scores = Array.from({ length: 8 }, (_, i) =>
        pool.score("gan-ring", { samples: perfectRingSamples() }).then(() => (settledAt[`score ${i}`] = performance.now())),
      );
      const checked = await pool.check("gan-ring", { json });
      settledAt.check = performance.now();
      assert.ok(checked.contentHash.length === 64);
      await Promise.all(scores);
      const scoredBeforeTheCheck = Object.entries(settledAt).filter(([what, at]) => what !== "check" && at < settledAt.check).length;
      assert.ok(scoredBeforeTheCheck < 2, `the check waited for ${scoredBeforeTheCheck} of 8 queued scores`);
    } finally {
      await pool.close();
    }
  });
});

describe("exactly once", () => {
  test("a submission left by a dead process is taken over by one of two sweeping processes and scored once", async () => {
    // Process A stores it and dies before scoring (its scorer never answers, its lease lapses).
    const dead = gatedScorer();
    const a = createSubmissionScoring({ db, check: checkInline, score: dead.score, sweepMs: 0 });
    const accepted = await acceptSubmission(db, student, ringInput(), a);
    await until(async () => dead.counts.started === 1);
    await db.submission.update({ where: { id: accepted.id }, data: { scoringLeaseUntil: new Date(Date.now() - 1000) } });

    const events: LeaderboardUpdated[] = [];
    const [b, c] = [0, 1].map(() => createSubmissionScoring({ db, check: checkInline, score: scoreInline, onScored: (e) => events.push(e), sweepMs: 0 }));
    await Promise.all([b.sweep(), c.sweep()]);
    await Promise.all([b.settled(accepted.id), c.settled(accepted.id)]);
    assert.equal(await statusOf(accepted.id), "SCORED");
    assert.equal(await scoresOf(accepted.id), 1);
    assert.deepEqual(
      events.map((e) => e.submissionId),
      [accepted.id],
      "announced once",
    );
    const row = await db.submission.findUniqueOrThrow({ where: { id: accepted.id } });
    assert.equal(row.scoringAttempts, 2, "the takeover counts as a second attempt");

    // A, slow rather than dead, finishes after all: its score is not stored a second time.
    dead.release();
    await a.settled(accepted.id);
    assert.equal(await scoresOf(accepted.id), 1);
    assert.equal(events.length, 1);
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  test("a stopping process finishes what it is scoring and hands back what waits, which another scores at once", async () => {
    const slow = gatedScorer();
    const a = createSubmissionScoring({ db, check: checkInline, score: slow.score, concurrency: 1, sweepMs: 0 });
    const first = await acceptSubmission(db, student, ringInput(), a);
    const second = await acceptSubmission(db, student, ringInput(), a);
    await until(async () => slow.counts.started === 1);
    assert.deepEqual(a.depth(), { queued: 1, running: 1 });
    assert.equal(a.ahead(second.id), 0);
    const closing = a.close(10_000);
    slow.release();
    await closing;
    assert.equal(await statusOf(first.id), "SCORED", "the one in progress was finished and stored");
    const handedBack = await db.submission.findUniqueOrThrow({ where: { id: second.id } });
    assert.equal(handedBack.status, "SCORING");
    assert.ok(handedBack.scoringLeaseUntil! <= new Date(), "its lease ended with the stop");

    const b = createSubmissionScoring({ db, check: checkInline, score: scoreInline, sweepMs: 0 });
    await b.sweep();
    await b.settled(second.id);
    assert.equal(await statusOf(second.id), "SCORED");
    assert.equal(await scoresOf(second.id), 1);
    await b.close();
  });

  test("the lease of a submission waiting in a busy process is renewed, so nobody takes it over", async () => {
    const slow = gatedScorer();
    const a = createSubmissionScoring({ db, check: checkInline, score: slow.score, concurrency: 1, sweepMs: 0, leaseMs: 1500 });
    const first = await acceptSubmission(db, student, ringInput(), a);
    const waiting = await acceptSubmission(db, student, ringInput(), a);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const b = createSubmissionScoring({ db, check: checkInline, score: scoreInline, sweepMs: 0 });
    await b.sweep();
    assert.equal(b.depth().queued + b.depth().running, 0, "nothing lapsed to take over");
    slow.release();
    await Promise.all([a.settled(first.id), a.settled(waiting.id)]);
    assert.deepEqual([await statusOf(first.id), await statusOf(waiting.id)], ["SCORED", "SCORED"]);
    await Promise.all([a.close(), b.close()]);
  });
});

describe("idempotency", () => {
  test("two requests racing with one key store one submission; both are answered with it", async () => {
    const scoring = createSubmissionScoring({ db, check: checkInline, score: scoreInline, sweepMs: 0 });
    const input = ringInput();
    const [a, b] = await Promise.all([acceptSubmission(db, student, input, scoring), acceptSubmission(db, student, input, scoring)]);
    assert.equal(a.id, b.id);
    assert.deepEqual([a.duplicate, b.duplicate].sort(), [false, true]);
    assert.equal(await db.submission.count({ where: { userId: student.id, idempotencyKey: input.idempotencyKey } }), 1);
    assert.equal(await db.submissionReservation.count({ where: { userId: student.id } }), 0, "the loser's slot is given back");
    await scoring.settled(a.id);
    assert.equal(await scoresOf(a.id), 1);
    await scoring.close();
  });
});

describe("failures", () => {
  test("a scorer's refusal is final, in its words, and costs no submission of the day", async () => {
    const refusing: Scorer = async () => {
      throw new DomainError("INVALID", "These weights decode to nothing.");
    };
    const scoring = createSubmissionScoring({ db, check: checkInline, score: refusing, sweepMs: 0 });
    const user = await createUser(ctx.auth, "Refused");
    await enroll(db, user.id, courseId, "STUDENT");
    await assert.rejects(
      submitSolution(db, user, ringInput(), scoring),
      (e: unknown) => e instanceof DomainError && e.kind === "INVALID" && /decode to nothing/.test(e.message),
    );
    const [row] = await db.submission.findMany({ where: { userId: user.id } });
    assert.deepEqual([row.status, row.scoringError], ["FAILED", "These weights decode to nothing."]);
    const mine = await callerFor(ctx, user).caller.submission.mine({ courseId, exerciseSlug: "gan-ring" });
    assert.equal(mine.usedToday, 0);
    assert.equal(mine.submissions[0].status, "FAILED");
    await scoring.close();
  });

  test(`a submission that keeps failing is given up after ${MAX_SCORING_ATTEMPTS} attempts, by whichever process tries`, async () => {
    let calls = 0;
    const broken: Scorer = async () => {
      calls++;
      throw new Error("the scoring thread stopped");
    };
    const scoring = createSubmissionScoring({ db, check: checkInline, score: broken, sweepMs: 0, log: () => {} });
    const accepted = await acceptSubmission(db, student, ringInput(), scoring);
    await scoring.settled(accepted.id, { timeoutMs: 100 });
    for (let attempt = 2; attempt <= MAX_SCORING_ATTEMPTS; attempt++) {
      // Handed back with a pause that grows with each attempt; let it lapse now.
      await db.submission.update({ where: { id: accepted.id }, data: { scoringLeaseUntil: new Date(Date.now() - 1) } });
      await scoring.sweep();
      await scoring.settled(accepted.id, { timeoutMs: 100 });
    }
    const row = await db.submission.findUniqueOrThrow({ where: { id: accepted.id } });
    assert.equal(calls, MAX_SCORING_ATTEMPTS);
    assert.equal(row.status, "FAILED");
    assert.match(row.scoringError ?? "", /could not score this submission \(3 attempts; the last: the scoring thread stopped\)/);
    await scoring.close();
  });
});

describe("live rounds", () => {
  test("a round's results wait for the submissions stored in time but not scored yet", async () => {
    const teacher = await createUser(ctx.auth, "Round teacher");
    await enroll(db, teacher.id, courseId, "INSTRUCTOR");
    const prof = callerFor(ctx, teacher).caller;
    const { sessionId } = await prof.live.start({ courseId });
    const { roundId } = await prof.live.startRound({ sessionId, exerciseSlug: "markov-chain", durationSeconds: 60 });
    const slow = gatedScorer();
    const scoring = createSubmissionScoring({ db, check: checkInline, score: slow.score, sweepMs: 0 });
    const accepted = await acceptSubmission(
      db,
      student,
      { courseId, exerciseSlug: "markov-chain", idempotencyKey: `round-${unique()}`, draft: { body: markovBody() }, roundId },
      scoring,
    );
    await prof.live.endRound({ roundId });
    const afterGrace = new Date(Date.now() + ROUND_CLOSE_GRACE_MS + 100);
    assert.deepEqual(await closeDueRounds(db, afterGrace), [], "not while a submission of the round is being scored");
    slow.release();
    await scoring.settled(accepted.id);
    assert.deepEqual(await closeDueRounds(db, afterGrace), [sessionId]);
    const state = await callerFor(ctx, student).caller.live.state({ sessionId });
    assert.equal(state.me.roundStanding?.submissionId, accepted.id, "the late-scored submission is in the results");
    await scoring.close();
  });
});
