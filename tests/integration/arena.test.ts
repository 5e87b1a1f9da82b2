// The sample arena on a real database: who may open it, what enters it, pairs that never show a
// voter their own entry, votes counted once and not too fast, results only once voting closes (staff
// live), the leaderboard's arena column with Kendall's τ; a live session's arena round, and the
// class picture of its rounds.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ARENA_LIMITS, type ArenaOutcome } from "@/lib/arena/types";
import { CLASS_PICTURE_POINTS } from "@/lib/live/class-picture";
import { base64ToBytes, bytesToBase64, DIGIT_PIXELS } from "@/lib/ml/datasets/digits";
import { fitArenaInline, nextArenaPair, voteInArena } from "@/server/services/arena";
import { closeDueRounds, ROUND_CLOSE_GRACE_MS } from "@/server/services/live";
import { callerFor, createCourse, createUser, enroll, openTestContext, unique } from "../support/database";
import { rejects } from "../support/trpc-errors";

const ctx = openTestContext();
type User = Awaited<ReturnType<typeof createUser>>;
let instructor: User;
let outsider: User;
/** Five students whose gan-ring samples cover 8, 6, 4, 2 and 1 of the ring's modes: their metric order, best first. */
let students: User[];
const MODES = [8, 6, 4, 2, 1];

/** 2,000 samples spread evenly over the first `modes` of the ring's 8 centres. */
function samplesOnModes(modes: number): [number, number][] {
  return Array.from({ length: 2000 }, (_, i) => {
    const angle = (2 * Math.PI * (i % modes)) / 8;
    return [2 * Math.cos(angle), 2 * Math.sin(angle)] as [number, number];
  });
}

const call = (user: User) => callerFor(ctx, user).caller;

async function classWithSubmissions() {
  const courseId = await createCourse(ctx.db);
  await enroll(ctx.db, instructor.id, courseId, "INSTRUCTOR");
  for (const s of students) await enroll(ctx.db, s.id, courseId, "STUDENT");
  for (const [i, s] of students.entries()) {
    await call(s).submission.submit({ courseId, exerciseSlug: "gan-ring", idempotencyKey: `arena-${unique()}`, body: { samples: samplesOnModes(MODES[i]) } });
  }
  return courseId;
}

before(async () => {
  [instructor, outsider, ...students] = await Promise.all(
    ["Instructor", "Outsider", "Ada", "Ben", "Cy", "Dee", "Eve"].map((name) => createUser(ctx.auth, name)),
  );
});
after(() => ctx.db.$disconnect());

/** Serves the voter a pair and votes on it as `prefer` says, 2 s later by the server's clock given to the service. */
async function voteOnce(voter: User, arenaId: string, at: number, prefer: (left: string, right: string) => ArenaOutcome) {
  const pair = await nextArenaPair(ctx.db, voter, arenaId, fitArenaInline, new Date(at));
  if (!pair) return null;
  const match = await ctx.db.arenaMatch.findUniqueOrThrow({ where: { id: pair.matchId }, include: { left: true, right: true } });
  await voteInArena(ctx.db, voter, pair.matchId, prefer(match.left.userId, match.right.userId), new Date(at + 2000));
  return match;
}

describe("opening an arena", () => {
  test("staff open it with each student's latest submission; students and outsiders cannot; a second open returns the same arena", async () => {
    const courseId = await classWithSubmissions();
    // Ada submits again: her latest submission is the one that enters.
    const latest = await call(students[0]).submission.submit({
      courseId,
      exerciseSlug: "gan-ring",
      idempotencyKey: `arena-${unique()}`,
      body: { samples: samplesOnModes(7) },
    });
    await rejects(call(students[1]).arena.open({ courseId, exerciseSlug: "gan-ring" }), "FORBIDDEN");
    await rejects(call(outsider).arena.open({ courseId, exerciseSlug: "gan-ring" }), "FORBIDDEN");
    const opened = await call(instructor).arena.open({ courseId, exerciseSlug: "gan-ring" });
    assert.equal(opened.resumed, false);
    assert.deepEqual(await call(instructor).arena.open({ courseId, exerciseSlug: "gan-ring" }), { arenaId: opened.arenaId, resumed: true });
    const entries = await ctx.db.arenaEntry.findMany({ where: { arenaId: opened.arenaId } });
    assert.equal(entries.length, students.length);
    assert.equal(entries.find((e) => e.userId === students[0].id)?.submissionId, latest.id);
    assert.ok(!entries.some((e) => e.userId === instructor.id));
    const listed = await call(students[2]).arena.list({ courseId, exerciseSlug: "gan-ring" });
    assert.equal(listed.canManage, false);
    assert.equal(listed.arenas[0].votingOpen, true);
    assert.equal(listed.arenas[0].myEntryIsIn, true);
    await rejects(call(outsider).arena.list({ courseId, exerciseSlug: "gan-ring" }), "FORBIDDEN");
  });

  test("an exercise submitted as parameters has no arena, and one needs two students' submissions", async () => {
    const courseId = await createCourse(ctx.db);
    await enroll(ctx.db, instructor.id, courseId, "INSTRUCTOR");
    await enroll(ctx.db, students[0].id, courseId, "STUDENT");
    await rejects(call(instructor).arena.open({ courseId, exerciseSlug: "gmm-em" }), "BAD_REQUEST", /parameters, not samples/);
    await rejects(call(instructor).arena.open({ courseId, exerciseSlug: "gan-ring" }), "CONFLICT", /at least 2 students; this exercise has 0/);
    await call(students[0]).submission.submit({
      courseId,
      exerciseSlug: "gan-ring",
      idempotencyKey: `arena-${unique()}`,
      body: { samples: samplesOnModes(8) },
    });
    await rejects(call(instructor).arena.open({ courseId, exerciseSlug: "gan-ring" }), "CONFLICT", /this exercise has 1\./);
    assert.equal(await ctx.db.arena.count({ where: { exercise: { courseId } } }), 0);
  });
});

describe("voting", () => {
  test("no voter is ever shown their own entry; a reload shows the waiting pair again; votes count once, and not before a look", async () => {
    const courseId = await classWithSubmissions();
    const { arenaId } = await call(instructor).arena.open({ courseId, exerciseSlug: "gan-ring" });
    // Through the API: the waiting pair comes back until it is voted on.
    const first = await call(students[0]).arena.next({ arenaId });
    assert.ok(first);
    assert.equal((await call(students[0]).arena.next({ arenaId }))?.matchId, first.matchId);
    assert.doesNotMatch(JSON.stringify(first), new RegExp(`${students.map((s) => s.id).join("|")}|displayName`), "a pair names nobody");
    await rejects(call(students[0]).arena.vote({ matchId: first.matchId, outcome: "LEFT" }), "TOO_MANY_REQUESTS", /Look at both/);
    await rejects(call(students[1]).arena.vote({ matchId: first.matchId, outcome: "LEFT" }), "NOT_FOUND");
    await voteInArena(ctx.db, students[0], first.matchId, "TIE", new Date(Date.now() + ARENA_LIMITS.minLookMs));
    await assert.rejects(voteInArena(ctx.db, students[0], first.matchId, "LEFT", new Date(Date.now() + 5000)), /already voted/);

    // Everyone, the instructor too, until they run out: never one's own entry, never a pair twice.
    let at = Date.now() + 10_000;
    for (const voter of [...students, instructor]) {
      const seen = new Set<string>();
      for (let match = await voteOnce(voter, arenaId, (at += 3000), () => "LEFT"); match; match = await voteOnce(voter, arenaId, (at += 3000), () => "LEFT")) {
        assert.notEqual(match.left.userId, voter.id, `${voter.name} was shown their own entry`);
        assert.notEqual(match.right.userId, voter.id, `${voter.name} was shown their own entry`);
        const key = [match.left.id, match.right.id].sort().join(":");
        assert.ok(!seen.has(key), `${voter.name} got a pair twice`);
        seen.add(key);
      }
      // Ada's first pair was voted above; then she judges the rest. A student judges 4 classmates (6 pairs), the instructor all 5 (10).
      assert.equal(seen.size + (voter === students[0] ? 1 : 0), voter === instructor ? 10 : 6, `${voter.name}'s pairs`);
      assert.equal(await call(voter).arena.next({ arenaId }), null);
    }
    assert.equal(await ctx.db.arenaMatch.count({ where: { arenaId, outcome: { not: null } } }), 6 * students.length + 10);
  });

  test("results: staff see them live, students once voting closes; people who agree with the metric give τ = 1, the leaderboard shows it", async () => {
    const courseId = await classWithSubmissions();
    const { arenaId } = await call(instructor).arena.open({ courseId, exerciseSlug: "gan-ring" });
    const rankOf = new Map(students.map((s, i) => [s.id, i]));
    let at = Date.now() + 10_000;
    // Every voter prefers the entry that covers more modes: the metric's order.
    for (let round = 0; round < 6; round++) {
      for (const voter of students) {
        await voteOnce(voter, arenaId, (at += 3000), (left, right) => (rankOf.get(left)! < rankOf.get(right)! ? "LEFT" : "RIGHT"));
      }
    }
    await rejects(call(students[0]).arena.results({ arenaId }), "FORBIDDEN", /once voting has closed/);
    const live = await call(instructor).arena.results({ arenaId });
    assert.equal(live.votes, 30);
    assert.equal(live.voters, students.length);
    assert.equal(live.tau, 1);
    assert.deepEqual(
      live.standings.map((s) => s.userId),
      students.map((s) => s.id),
      "ranked in the metric's order",
    );
    for (const s of live.standings) {
      assert.ok(s.lower <= s.rating && s.rating <= s.upper, "the rating lies in its interval");
      assert.equal(s.arenaRank, s.metricRank);
    }
    assert.ok(live.standings[0].rating > 1000 && live.standings.at(-1)!.rating < 1000);

    // The leaderboard: staff see the column while voting is open; students only once it closes.
    const staffBoard = await call(instructor).leaderboard.get({ courseId, exerciseSlug: "gan-ring" });
    assert.equal(staffBoard.arena?.tau, 1);
    assert.equal(staffBoard.entries.find((e) => e.userId === students[0].id)?.arena?.arenaRank, 1);
    assert.equal((await call(students[1]).leaderboard.get({ courseId, exerciseSlug: "gan-ring" })).arena, null);

    await rejects(call(students[0]).arena.close({ arenaId }), "FORBIDDEN");
    await call(instructor).arena.close({ arenaId });
    await rejects(call(students[0]).arena.next({ arenaId }), "CONFLICT", /closed/);
    const seenByStudent = await call(students[1]).arena.results({ arenaId });
    assert.equal(seenByStudent.tau, 1);
    const mine = seenByStudent.standings.find((s) => s.isMe);
    assert.equal(mine?.userId, students[1].id);
    assert.ok(
      seenByStudent.standings.filter((s) => !s.isMe).every((s) => s.userId === null && s.email === null),
      "classmates by pseudonym only",
    );
    const studentBoard = await call(students[1]).leaderboard.get({ courseId, exerciseSlug: "gan-ring" });
    assert.equal(studentBoard.arena?.votingOpen, false);
    assert.equal(studentBoard.entries.find((e) => e.isMe)?.arena?.arenaRank, 2);
    await rejects(call(outsider).arena.results({ arenaId }), "FORBIDDEN");
  });

  test("a stranger's arena id is not found; an unknown outcome is refused in words", async () => {
    const courseId = await classWithSubmissions();
    const { arenaId } = await call(instructor).arena.open({ courseId, exerciseSlug: "gan-ring" });
    await rejects(call(students[0]).arena.next({ arenaId: `x${arenaId}` }), "NOT_FOUND");
    const pair = await call(students[0]).arena.next({ arenaId });
    await rejects(call(students[0]).arena.vote({ matchId: pair!.matchId, outcome: "MIDDLE" as never }), "BAD_REQUEST", /outcome/);
  });
});

describe("in a live session", () => {
  test("an arena round: the participants' earlier submissions, votes during the round only, standings by rating without points; nothing is submitted in it", async () => {
    const courseId = await classWithSubmissions();
    const { sessionId, joinCode } = await call(instructor).live.start({ courseId });
    // Four of the five join: Eve's submission stays out of the round's arena (its podium names the entrants to the session).
    const joined = students.slice(0, 4);
    for (const s of joined) await call(s).live.joinByCode({ code: joinCode });
    await rejects(call(students[0]).live.startRound({ sessionId, exerciseSlug: "gan-ring", durationSeconds: 60, kind: "arena" }), "FORBIDDEN");
    await rejects(call(instructor).live.startRound({ sessionId, exerciseSlug: "gmm-em", durationSeconds: 60, kind: "arena" }), "BAD_REQUEST", /parameters/);
    const { roundId } = await call(instructor).live.startRound({ sessionId, exerciseSlug: "gan-ring", durationSeconds: 60, kind: "arena" });
    const state = await call(students[0]).live.state({ sessionId });
    assert.equal(state.state.round?.kind, "arena");
    const arenaId = state.state.round!.arenaId!;
    assert.deepEqual((await ctx.db.arenaEntry.findMany({ where: { arenaId } })).map((e) => e.userId).sort(), joined.map((s) => s.id).sort());
    await rejects(
      call(students[0]).submission.submit({
        courseId,
        exerciseSlug: "gan-ring",
        idempotencyKey: `arena-${unique()}`,
        body: { samples: samplesOnModes(8) },
        roundId,
      }),
      "CONFLICT",
      /arena/,
    );
    // Voters who prefer the entry with fewer modes: the arena's order is the metric's reversed.
    const rankOf = new Map(students.map((s, i) => [s.id, i]));
    let at = Date.now();
    // Before any vote, a closed round would have no standings (every entry would tie at the top).
    for (let k = 0; k < 4; k++) {
      for (const voter of students) await voteOnce(voter, arenaId, (at += 100), (left, right) => (rankOf.get(left)! > rankOf.get(right)! ? "LEFT" : "RIGHT"));
    }
    await call(instructor).live.endRound({ roundId });
    await rejects(call(students[1]).arena.next({ arenaId }), "CONFLICT", /closed/);
    await closeDueRounds(ctx.db, new Date(Date.now() + ROUND_CLOSE_GRACE_MS + 1000));
    const after = await call(students[3]).live.state({ sessionId });
    const standings = after.state.round!.standings!;
    assert.equal(after.state.round!.entrants, joined.length);
    assert.equal(standings[0].userId, students[3].id, "the two-mode entry won the people's vote");
    assert.ok(standings[0].metrics.arenaRating > standings.at(-1)!.metrics.arenaRating);
    assert.equal(typeof standings[0].metrics.modesCovered, "number", "the entry's own metrics travel with it");
    assert.equal(after.me.roundStanding?.rank, 1);
    assert.ok(standings.every((s) => s.points === 0) && after.me.points === 0, "no points: votes against rivals must not pay");
    const results = await call(students[0]).arena.results({ arenaId });
    assert.equal(results.tau, -1, "people and the metric disagree completely");

    const picture = await call(instructor).live.classPicture({ sessionId });
    assert.equal(picture?.students[0].points?.length, 2 * CLASS_PICTURE_POINTS);
    assert.deepEqual(
      picture?.students.map((s) => s.userId),
      joined.map((s) => s.id),
      "the entries, best by the metric first",
    );
    await rejects(call(students[0]).live.classPicture({ sessionId }), "FORBIDDEN");
  });

  test("the class picture of a training round: each participant's latest submission in it, 2-D samples as points, digits as one digit each", async () => {
    const courseId = await classWithSubmissions();
    const { sessionId, joinCode } = await call(instructor).live.start({ courseId });
    assert.equal(await call(instructor).live.classPicture({ sessionId }), null, "no round yet");
    for (const s of students.slice(0, 2)) await call(s).live.joinByCode({ code: joinCode });
    const { roundId } = await call(instructor).live.startRound({ sessionId, exerciseSlug: "gan-ring", durationSeconds: 60 });
    assert.deepEqual((await call(instructor).live.classPicture({ sessionId }))?.students, [], "submissions before the round are not in it");
    await call(students[1]).submission.submit({
      courseId,
      exerciseSlug: "gan-ring",
      idempotencyKey: `arena-${unique()}`,
      body: { samples: samplesOnModes(3) },
      roundId,
    });
    const picture = await call(instructor).live.classPicture({ sessionId });
    assert.deepEqual(
      picture?.students.map((s) => [s.userId, s.metric, s.points?.length]),
      [[students[1].id, 3, 2 * CLASS_PICTURE_POINTS]],
    );
    assert.equal(picture?.students[0].digit, null);

    // A round on a digit exercise: one digit per student, the first of their preview (rows written
    // here as the scorer would leave them: scoring 1,000 digits is not what this test is about).
    const digits = await ctx.db.exercise.findUniqueOrThrow({ where: { courseId_slug: { courseId, slug: "gan-digits" } } });
    await call(instructor).live.endRound({ roundId });
    await closeDueRounds(ctx.db, new Date(Date.now() + ROUND_CLOSE_GRACE_MS + 1000));
    const digitRound = await call(instructor).live.startRound({ sessionId, exerciseSlug: "gan-digits", durationSeconds: 60 });
    const pixels = Uint8Array.from({ length: 16 * DIGIT_PIXELS }, (_, i) => (i * 7) % 256);
    for (const [k, s] of students.slice(0, 2).entries()) {
      const metrics = { fid: 30 + k, mifid: 30 + k, classifierScore: 8, copiedFraction: 0 };
      await ctx.db.submission.create({
        data: {
          userId: s.id,
          exerciseId: digits.id,
          roundId: digitRound.roundId,
          payload: {},
          idempotencyKey: `digits-${unique()}`,
          score: {
            create: { exerciseId: digits.id, userId: s.id, metrics, rankKeys: [0, 30 + k], preview: { digits: { count: 16, data: bytesToBase64(pixels) } } },
          },
        },
      });
    }
    const grid = await call(instructor).live.classPicture({ sessionId });
    assert.equal(grid?.exerciseSlug, "gan-digits");
    assert.deepEqual(
      grid?.students.map((s) => [s.userId, s.points, s.metric]),
      [
        [students[0].id, null, 30],
        [students[1].id, null, 31],
      ],
      "best FID first, no points",
    );
    assert.deepEqual(base64ToBytes(grid!.students[0].digit!)!.subarray(0, DIGIT_PIXELS), pixels.subarray(0, DIGIT_PIXELS), "the first digit, whole");
  });
});

describe("what an arena changes around it", () => {
  test("while the class votes, a student's leaderboard hides classmates' samples (they would tell whose a pair is); an archived course's arena is closed", async () => {
    const courseId = await classWithSubmissions();
    const before = await call(students[0]).leaderboard.get({ courseId, exerciseSlug: "gan-ring" });
    assert.ok(before.entries.every((e) => e.previewJson !== null));
    const { arenaId } = await call(instructor).arena.open({ courseId, exerciseSlug: "gan-ring" });
    const during = await call(students[0]).leaderboard.get({ courseId, exerciseSlug: "gan-ring" });
    assert.equal(during.samplesHiddenForArena, true);
    assert.ok(
      during.entries.every((e) => (e.isMe ? e.previewJson !== null : e.previewJson === null)),
      "only one's own samples show",
    );
    const staff = await call(instructor).leaderboard.get({ courseId, exerciseSlug: "gan-ring" });
    assert.ok(
      staff.entries.every((e) => e.previewJson !== null),
      "staff see everything",
    );

    await call(instructor).course.setArchived({ courseId, archived: true });
    await rejects(call(students[0]).arena.next({ arenaId }), "CONFLICT", /closed/);
    assert.equal((await call(students[0]).arena.list({ courseId, exerciseSlug: "gan-ring" })).arenas[0].votingOpen, false);
    const archived = await call(students[0]).leaderboard.get({ courseId, exerciseSlug: "gan-ring" });
    assert.equal(archived.samplesHiddenForArena, false, "voting is over, so the samples show again");
  });

  test("no arena on an exercise students cannot see yet", async () => {
    const courseId = await classWithSubmissions();
    await call(instructor).course.setModuleVisibility({ courseId, moduleSlug: "gan", hidden: true, releaseAt: null });
    await rejects(call(instructor).arena.open({ courseId, exerciseSlug: "gan-ring" }), "CONFLICT", /Students cannot see/);
    const { sessionId } = await call(instructor).live.start({ courseId });
    await rejects(
      call(instructor).live.startRound({ sessionId, exerciseSlug: "gan-ring", durationSeconds: 60, kind: "arena" }),
      "CONFLICT",
      /Students cannot see/,
    );
  });
});
