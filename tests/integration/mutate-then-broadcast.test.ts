// mutateThenBroadcast (server/realtime/publisher.ts) on the real database: an announcement follows a
// committed change, with what it committed; nothing is announced when the change throws (refused, or
// rolled back). Then the same through the procedures that announce: live.* and submission.submit.
import { fitArenaInline } from "@/server/services/arena";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, test } from "node:test";
import { TRPCError } from "@trpc/server";
import type { LeaderboardUpdated } from "@/lib/realtime/protocol";
import { createCaller } from "@/server/api/root";
import { createDb } from "@/server/db";
import { absentPoolQueue } from "@/server/pool/queue";
import { mutateThenBroadcast } from "@/server/realtime/publisher";
import { createCourse, createUser, enroll, openTestContext, perfectRingSamples, testDatabaseUrl, unique, inlineSubmissionScoring } from "../support/database";

type User = Awaited<ReturnType<typeof createUser>>;

const ctx = openTestContext();
const { db } = ctx;
/** A client of its own: it sees only what has committed. */
const observer = createDb(testDatabaseUrl());

let courseId: string;
let instructor: User;
let student: User;

before(async () => {
  courseId = await createCourse(db, "Broadcast course");
  [instructor, student] = await Promise.all(["Prof", "Ann"].map((n) => createUser(ctx.auth, n)));
  await enroll(db, instructor.id, courseId, "INSTRUCTOR");
  await enroll(db, student.id, courseId, "STUDENT");
});

after(async () => {
  await observer.$disconnect();
  await db.$disconnect();
});

const nameOf = async (userId: string) => (await observer.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true } })).name;

describe("mutateThenBroadcast", () => {
  test("announces once the transaction has committed, with its result, and returns after the announcement", async () => {
    const user = await createUser(ctx.auth, "Renamed");
    const name = `Renamed ${unique()}`;
    const steps: string[] = [];
    const heard: { committed: { id: string; name: string }; stored: string }[] = [];
    const result = await mutateThenBroadcast(
      async () => {
        const renamed = await db.$transaction((tx) => tx.user.update({ where: { id: user.id }, data: { name }, select: { id: true, name: true } }));
        steps.push("committed");
        return renamed;
      },
      async (committed) => {
        steps.push("broadcast");
        // Another connection already sees the change.
        heard.push({ committed, stored: await nameOf(user.id) });
        await sleep(20);
        steps.push("broadcast done");
      },
    );
    steps.push("returned");
    assert.deepEqual(result, { id: user.id, name });
    assert.deepEqual(heard, [{ committed: { id: user.id, name }, stored: name }]);
    assert.deepEqual(steps, ["committed", "broadcast", "broadcast done", "returned"]);
  });

  test("announces nothing when the transaction throws: the caller gets its error and the change is rolled back", async () => {
    const user = await createUser(ctx.auth, "Kept");
    const failure = new Error("refused inside the transaction");
    let announced = 0;
    await assert.rejects(
      mutateThenBroadcast(
        () =>
          db.$transaction(async (tx) => {
            await tx.user.update({ where: { id: user.id }, data: { name: "Never committed" } });
            throw failure;
          }),
        () => void announced++,
      ),
      (error) => error === failure,
    );
    await sleep(20);
    assert.equal(announced, 0);
    assert.equal(await nameOf(user.id), user.name);
  });

  test("announces nothing when the change is refused before its transaction", async () => {
    let announced = 0;
    await assert.rejects(
      mutateThenBroadcast(
        async () => {
          throw new Error("not allowed");
        },
        () => void announced++,
      ),
      /not allowed/,
    );
    assert.equal(announced, 0);
  });

  test("an announcement that fails is the caller's error; the change stays committed", async () => {
    const user = await createUser(ctx.auth, "Loud");
    const name = `Loud ${unique()}`;
    await assert.rejects(
      mutateThenBroadcast(
        () => db.$transaction((tx) => tx.user.update({ where: { id: user.id }, data: { name } })),
        () => {
          throw new Error("socket adapter down");
        },
      ),
      /socket adapter down/,
    );
    assert.equal(await nameOf(user.id), name);
  });
});

/** A caller whose publisher writes down each announcement with what another connection then sees. */
function recordingCaller(user: User) {
  const liveStates: { sessionId: string; version: number; ended: boolean; round: string | null }[] = [];
  const pollAnswers: string[] = [];
  const leaderboard: LeaderboardUpdated[] = [];
  const caller = createCaller({
    db,
    auth: ctx.auth,
    user,
    submissions: inlineSubmissionScoring(db, (event) => void leaderboard.push(event)),
    fitArena: fitArenaInline,
    pool: absentPoolQueue,
    realtime: {
      leaderboardUpdated: (event) => void leaderboard.push(event),
      liveStateChanged: async (sessionId) => {
        const session = await observer.liveSession.findUniqueOrThrow({
          where: { id: sessionId },
          include: { rounds: { where: { resultsAt: null }, select: { id: true } } },
        });
        liveStates.push({ sessionId, version: session.version, ended: session.endedAt !== null, round: session.rounds[0]?.id ?? null });
      },
      livePollAnswered: (_sessionId, pollId) => void pollAnswers.push(pollId),
    },
  });
  return { caller, liveStates, pollAnswers, leaderboard };
}

async function rejectsWith(promise: Promise<unknown>, code: TRPCError["code"]) {
  await assert.rejects(promise, (error: unknown) => error instanceof TRPCError && error.code === code);
}

describe("procedures announce through it", () => {
  test("live: each committed change is announced with its new version; refused and rolled-back ones are not", async () => {
    const prof = recordingCaller(instructor);
    const ann = recordingCaller(student);
    const { sessionId } = await prof.caller.live.start({ courseId });
    const version = async () => (await observer.liveSession.findUniqueOrThrow({ where: { id: sessionId } })).version;
    const v0 = await version();

    const { roundId } = await prof.caller.live.startRound({ sessionId, exerciseSlug: "markov-chain", durationSeconds: 60 });
    assert.deepEqual(prof.liveStates, [{ sessionId, version: v0 + 1, ended: false, round: roundId }]);

    // Refused inside the transaction, after the version bump: rolled back, not announced.
    await rejectsWith(prof.caller.live.startRound({ sessionId, exerciseSlug: "markov-chain", durationSeconds: 60 }), "CONFLICT");
    // Refused by authorization, before any transaction.
    await rejectsWith(ann.caller.live.end({ sessionId }), "FORBIDDEN");
    await rejectsWith(ann.caller.live.setNavigationLock({ sessionId, locked: false }), "FORBIDDEN");
    assert.equal(await version(), v0 + 1);
    assert.equal(prof.liveStates.length, 1);
    assert.deepEqual(ann.liveStates, []);

    const { pollId } = await prof.caller.live.openPoll({ sessionId, poll: { kind: "custom", prompt: "Ready?", choices: ["yes", "no"], correctIndex: 0 } });
    assert.deepEqual(await ann.caller.live.answerPoll({ pollId, choice: 1 }), { choice: 1 });
    assert.deepEqual(ann.pollAnswers, [pollId]);
    assert.equal((await observer.livePollAnswer.findUniqueOrThrow({ where: { pollId_userId: { pollId, userId: student.id } } })).choice, 1);
    assert.equal(await prof.caller.live.closePoll({ pollId }), undefined);
    await rejectsWith(ann.caller.live.answerPoll({ pollId, choice: 0 }), "CONFLICT");
    assert.equal(ann.pollAnswers.length, 1, "an answer to a closed poll is not announced");
    assert.equal(await prof.caller.live.endRound({ roundId }), undefined);
    assert.equal(await prof.caller.live.end({ sessionId }), undefined);

    assert.deepEqual(
      prof.liveStates.map((s) => [s.version, s.ended]),
      [
        [v0 + 1, false], // startRound
        [v0 + 2, false], // openPoll
        [v0 + 3, false], // closePoll
        [v0 + 4, false], // endRound
        [v0 + 5, true], // end
      ],
    );
  });

  test("submission.submit: a stored submission is announced once; a resend and a refused one are not", async () => {
    const ann = recordingCaller(student);
    const input = { courseId, exerciseSlug: "gan-ring", idempotencyKey: `key-${unique()}`, body: { samples: perfectRingSamples() } };
    const stored = await ann.caller.submission.submit(input);
    assert.equal(stored.duplicate, false);
    assert.deepEqual(ann.leaderboard, [{ exerciseId: stored.exerciseId, submissionId: stored.id, userId: student.id, at: stored.createdAt.getTime() }]);
    assert.ok(await observer.submission.findUnique({ where: { id: stored.id } }), "announced once committed");

    const again = await ann.caller.submission.submit(input);
    assert.equal(again.duplicate, true);
    await rejectsWith(ann.caller.submission.submit({ ...input, idempotencyKey: `key-${unique()}`, body: { samples: "nope" } }), "BAD_REQUEST");
    assert.equal(ann.leaderboard.length, 1);
  });
});
