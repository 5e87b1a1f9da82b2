import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { TRPCError } from "@trpc/server";
import { pseudonym } from "@/lib/users/pseudonym";
import { callerFor, collapsedRingSamples, createCourse, createUser, enroll, openTestContext, perfectRingSamples, unique } from "../support/database";

const ctx = openTestContext();
let courseId: string;
let otherCourseId: string;
let instructor: Awaited<ReturnType<typeof createUser>>;
let student: Awaited<ReturnType<typeof createUser>>;
let classmate: Awaited<ReturnType<typeof createUser>>;
let outsider: Awaited<ReturnType<typeof createUser>>;

before(async () => {
  courseId = await createCourse(ctx.db, "Course A");
  otherCourseId = await createCourse(ctx.db, "Course B");
  [instructor, student, classmate, outsider] = await Promise.all(["Instructor", "Student", "Classmate", "Outsider"].map((n) => createUser(ctx.auth, n)));
  await enroll(ctx.db, instructor.id, courseId, "INSTRUCTOR");
  await enroll(ctx.db, student.id, courseId, "STUDENT");
  await enroll(ctx.db, classmate.id, courseId, "STUDENT");
  await enroll(ctx.db, outsider.id, otherCourseId, "STUDENT");
});
after(() => ctx.db.$disconnect());

const submitInput = (samples: unknown, key = `key-${unique()}`, extra: Record<string, unknown> = {}) => ({
  courseId,
  exerciseSlug: "gan-ring",
  idempotencyKey: key,
  body: { samples },
  ...extra,
});

async function rejects(promise: Promise<unknown>, code: TRPCError["code"], message?: RegExp) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof TRPCError, `expected a TRPCError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}

const submissionCount = (userId: string) => ctx.db.submission.count({ where: { userId } });

describe("authorization", () => {
  test("anonymous callers are asked to sign in", async () => {
    const { caller } = callerFor(ctx, null);
    await rejects(caller.course.mine(), "UNAUTHORIZED", /sign in/);
    await rejects(caller.leaderboard.get({ courseId, exerciseSlug: "gan-ring" }), "UNAUTHORIZED");
    await rejects(caller.submission.submit(submitInput(perfectRingSamples())), "UNAUTHORIZED");
  });

  test("a student of another course can neither read nor submit here", async () => {
    const { caller } = callerFor(ctx, outsider);
    await rejects(caller.course.get({ courseId }), "FORBIDDEN", /not enrolled/);
    await rejects(caller.leaderboard.get({ courseId, exerciseSlug: "gan-ring" }), "FORBIDDEN");
    await rejects(caller.submission.submit(submitInput(perfectRingSamples())), "FORBIDDEN");
    assert.equal(await submissionCount(outsider.id), 0);
  });

  test("a student cannot read someone else's submission; the instructor can", async () => {
    const mine = await callerFor(ctx, student).caller.submission.submit(submitInput(perfectRingSamples()));
    await rejects(callerFor(ctx, classmate).caller.submission.get({ submissionId: mine.id }), "FORBIDDEN", /own submissions/);
    await rejects(callerFor(ctx, outsider).caller.submission.get({ submissionId: mine.id }), "FORBIDDEN");
    const seen = await callerFor(ctx, instructor).caller.submission.get({ submissionId: mine.id });
    assert.equal(seen.id, mine.id);
    assert.equal((seen.payload as { samples: unknown[] }).samples.length, 2000);
    assert.deepEqual([seen.author, seen.authorEmail], [student.name, student.email], "the instructor sees who submitted it, with their email");
    const own = await callerFor(ctx, student).caller.submission.get({ submissionId: mine.id });
    assert.deepEqual([own.author, own.authorEmail], [student.name, null], "students get no email");
  });

  test("students cannot call instructor procedures", async () => {
    const { caller } = callerFor(ctx, student);
    await rejects(caller.roster.list({ courseId }), "FORBIDDEN", /instructors/);
    await rejects(caller.exercise.setDeadline({ courseId, exerciseSlug: "gan-ring", deadline: new Date() }), "FORBIDDEN");
    const { members } = await callerFor(ctx, instructor).caller.roster.list({ courseId });
    assert.deepEqual(new Set(members.map((r) => r.userId)), new Set([instructor.id, student.id, classmate.id]));
    assert.deepEqual(new Set(members.map((r) => r.email)), new Set([instructor.email, student.email, classmate.email]), "with each member's email");
  });

  test("the join code enrols a student, once", async () => {
    const newcomer = await createUser(ctx.auth, "Newcomer");
    const { caller } = callerFor(ctx, newcomer);
    await rejects(caller.course.get({ courseId }), "FORBIDDEN");
    const course = await ctx.db.course.findUniqueOrThrow({ where: { id: courseId } });
    const joined = await caller.course.join({ joinCode: course.joinCode.toLowerCase() });
    assert.equal(joined.role, "STUDENT");
    await caller.course.join({ joinCode: course.joinCode });
    assert.equal(await ctx.db.enrollment.count({ where: { userId: newcomer.id } }), 1);
    assert.equal((await caller.course.get({ courseId })).joinCode, null, "students do not see the join code");
    await rejects(caller.course.join({ joinCode: "NOPE0000" }), "NOT_FOUND", /join code/);
  });
});

describe("training data", () => {
  test("enrolled users get the training split only; others are refused", async () => {
    const { caller } = callerFor(ctx, student);
    const penguins = await caller.exercise.trainingData({ courseId, exerciseSlug: "gmm-em" });
    assert.equal(penguins.kind, "points");
    assert.equal(penguins.kind === "points" && penguins.points.length, 256, "the 256 training penguins, not the 86 held out");
    const weather = await caller.exercise.trainingData({ courseId, exerciseSlug: "hmm-weather" });
    assert.equal(weather.kind === "symbols" && weather.sequence.length, 1096, "2012–2014 only");
    await rejects(caller.exercise.trainingData({ courseId, exerciseSlug: "gan-ring" }), "NOT_FOUND");
    await rejects(callerFor(ctx, outsider).caller.exercise.trainingData({ courseId, exerciseSlug: "gmm-em" }), "FORBIDDEN");
    await rejects(callerFor(ctx, null).caller.exercise.trainingData({ courseId, exerciseSlug: "gmm-em" }), "UNAUTHORIZED");
  });
});

describe("validation: bad submissions are refused and nothing is stored", () => {
  const cases: [string, unknown, RegExp][] = [
    ["too few samples", perfectRingSamples(1999), /exactly 2000 samples/],
    ["too many samples", perfectRingSamples(2001), /exactly 2000 samples/],
    ["NaN", perfectRingSamples().map((p, i) => (i === 7 ? [Number.NaN, 0] : p)), /entry 8, coordinate x/],
    ["Infinity", perfectRingSamples().map((p, i) => (i === 3 ? [0, Number.POSITIVE_INFINITY] : p)), /entry 4, coordinate y/],
    ["null (NaN after JSON)", perfectRingSamples().map((p, i) => (i === 0 ? [null, 0] : p)), /not a number/],
    ["beyond ±1000", perfectRingSamples().map((p, i) => (i === 9 ? [1000.5, 0] : p)), /beyond ±1000/],
    ["a string", perfectRingSamples().map((p, i) => (i === 1 ? ["1.0", 0] : p)), /not a number/],
    ["not pairs", perfectRingSamples().map((p, i) => (i === 2 ? [1, 2, 3] : p)), /entry 3/],
    ["not a list", "lots of samples", /list of \[x, y\] pairs/],
  ];
  for (const [name, samples, message] of cases) {
    test(name, async () => {
      const before = await submissionCount(student.id);
      await rejects(callerFor(ctx, student).caller.submission.submit(submitInput(samples)), "BAD_REQUEST", message);
      assert.equal(await submissionCount(student.id), before);
    });
  }

  test("an unknown exercise is a 404 with its name", async () => {
    await rejects(
      callerFor(ctx, student).caller.submission.submit({ ...submitInput(perfectRingSamples()), exerciseSlug: "gan-moon" }),
      "NOT_FOUND",
      /gan-moon/,
    );
  });

  test("an oversized body is refused as too large", async () => {
    const padded = perfectRingSamples().map(([x, y]) => [x + 1e-12, y + 1e-12]);
    const body = { samples: padded, padding: "x".repeat(300_000) };
    await rejects(callerFor(ctx, student).caller.submission.submit({ ...submitInput([]), body }), "PAYLOAD_TOO_LARGE", /at most 256 KB/);
  });

  test("a bad training config is refused", async () => {
    await rejects(
      callerFor(ctx, student).caller.submission.submit(submitInput(perfectRingSamples(), undefined, { config: { batchSize: -3 } })),
      "BAD_REQUEST",
      /training config/,
    );
  });
});

describe("scoring, idempotency and limits", () => {
  test("the server computes the score; a resend with the same key stores one submission", async () => {
    const user = await createUser(ctx.auth, "Idempotent");
    await enroll(ctx.db, user.id, courseId, "STUDENT");
    const { caller, events } = callerFor(ctx, user);
    const input = submitInput(perfectRingSamples(), `same-${unique()}`);
    const results = await Promise.all([caller.submission.submit(input), caller.submission.submit(input), caller.submission.submit(input)]);
    assert.equal(new Set(results.map((r) => r.id)).size, 1);
    assert.equal(results.filter((r) => !r.duplicate).length, 1);
    assert.equal(await submissionCount(user.id), 1);
    assert.equal(await ctx.db.score.count({ where: { userId: user.id } }), 1);
    assert.equal(events.length, 1, "one leaderboard announcement");
    assert.equal(results[0].metrics.modesCovered, 8);
    assert.equal(results[0].metrics.highQualityFraction, 1);
    assert.equal(results[0].metrics.modeKL, 0);
  });

  test("the leaderboard keeps each student's best entry and ranks by the exercise's rule", async () => {
    const course = await createCourse(ctx.db, "Leaderboard course");
    const [a, b, teacher] = await Promise.all([createUser(ctx.auth, "Ann"), createUser(ctx.auth, "Ben"), createUser(ctx.auth, "Teacher")]);
    await enroll(ctx.db, a.id, course, "STUDENT");
    await enroll(ctx.db, b.id, course, "STUDENT");
    await enroll(ctx.db, teacher.id, course, "INSTRUCTOR");
    const submit = (u: typeof a, samples: [number, number][]) =>
      callerFor(ctx, u).caller.submission.submit({ courseId: course, exerciseSlug: "gan-ring", idempotencyKey: `k-${unique()}`, body: { samples } });
    await submit(a, collapsedRingSamples());
    await submit(b, perfectRingSamples());
    // Half the samples 0.1 off their centre (beyond 3σ = 0.06): 8 modes, high-quality fraction 0.5.
    await submit(
      a,
      perfectRingSamples().map(([x, y], i) => [Math.floor(i / 8) % 2 ? x + 0.1 : x, y] as [number, number]),
    );
    const board = await callerFor(ctx, a).caller.leaderboard.get({ courseId: course, exerciseSlug: "gan-ring" });
    assert.equal(board.entries.length, 2, "one entry per student");
    // Students see classmates by a pseudonym stable in this course (the default), themselves by name.
    const benPseudonym = pseudonym(course, b.id);
    assert.deepEqual(
      board.entries.map((e) => [e.rank, e.displayName]),
      [
        [1, benPseudonym],
        [2, "Ann"],
      ],
    );
    assert.equal(
      (await callerFor(ctx, a).caller.leaderboard.get({ courseId: course, exerciseSlug: "gan-ring" })).entries[0].displayName,
      benPseudonym,
      "stable",
    );
    assert.deepEqual(
      board.entries.map((e) => e.userId),
      [null, a.id],
      "no classmate's id: it would tie the pseudonym to a name",
    );
    assert.equal(board.entries[1].metrics.modesCovered, 8, "Ann's best entry is her second one");
    assert.equal(board.entries[1].metrics.highQualityFraction, 0.5);
    assert.equal(board.entries.find((e) => e.isMe)?.userId, a.id);

    // Display names may look alike: instructors also get each entry's email; students get none, not even their own.
    assert.deepEqual(
      board.entries.map((e) => e.email),
      [null, null],
    );
    assert.ok(![a.email, b.email].some((email) => JSON.stringify(board).includes(email)), "no email anywhere in a student's leaderboard");
    const teachers = await callerFor(ctx, teacher).caller.leaderboard.get({ courseId: course, exerciseSlug: "gan-ring" });
    assert.deepEqual(
      teachers.entries.map((e) => [e.displayName, e.email]),
      [
        ["Ben", b.email],
        ["Ann", a.email],
      ],
      "staff always see names",
    );
    await ctx.db.course.update({ where: { id: course }, data: { leaderboardNames: "NAME" } });
    const named = await callerFor(ctx, a).caller.leaderboard.get({ courseId: course, exerciseSlug: "gan-ring" });
    assert.deepEqual(
      named.entries.map((e) => e.displayName),
      ["Ben", "Ann"],
      "a course may show names",
    );
  });

  test("the 21st submission of the day is refused with a clear message", async () => {
    const user = await createUser(ctx.auth, "Busy");
    await enroll(ctx.db, user.id, courseId, "STUDENT");
    const { caller } = callerFor(ctx, user);
    const samples = perfectRingSamples();
    for (let i = 0; i < 20; i++) await caller.submission.submit(submitInput(samples));
    await rejects(caller.submission.submit(submitInput(samples)), "TOO_MANY_REQUESTS", /all 20 submissions for today.*midnight UTC/);
    assert.equal(await submissionCount(user.id), 20);
    const mine = await caller.submission.mine({ courseId, exerciseSlug: "gan-ring" });
    assert.equal(mine.usedToday, 20);
  });

  test("after the deadline, submissions are closed", async () => {
    const course = await createCourse(ctx.db, "Deadline course");
    const [teacher, pupil] = await Promise.all([createUser(ctx.auth, "Teacher"), createUser(ctx.auth, "Pupil")]);
    await enroll(ctx.db, teacher.id, course, "INSTRUCTOR");
    await enroll(ctx.db, pupil.id, course, "STUDENT");
    await callerFor(ctx, teacher).caller.exercise.setDeadline({ courseId: course, exerciseSlug: "gan-ring", deadline: new Date(Date.now() - 1000) });
    await rejects(
      callerFor(ctx, pupil).caller.submission.submit({
        courseId: course,
        exerciseSlug: "gan-ring",
        idempotencyKey: `k-${unique()}`,
        body: { samples: perfectRingSamples() },
      }),
      "TOO_MANY_REQUESTS",
      /deadline/,
    );
  });
});

describe("weights and image submissions (the deep models)", () => {
  test("a digit submission is scored by the evaluator and stored with its preview; copies of MNIST digits are flagged; a broken one stores nothing", async () => {
    const { loadMnistSplit } = await import("@/lib/datasets/mnist");
    const { bytesToBase64 } = await import("@/lib/ml/datasets/digits");
    const images = { dtype: "uint8", shape: [1000, 28, 28], data: bytesToBase64(loadMnistSplit("validation").images) };
    const input = (body: unknown) => ({ courseId, exerciseSlug: "gan-digits", idempotencyKey: `key-${unique()}`, body });
    const before = await submissionCount(classmate.id);
    await rejects(
      callerFor(ctx, classmate).caller.submission.submit(input({ images: { ...images, data: images.data.slice(8) } })),
      "BAD_REQUEST",
      /"images\.data" must hold 1000 × 28 × 28/,
    );
    await rejects(callerFor(ctx, classmate).caller.submission.submit(input({ images: { ...images, shape: [1000, 28] } })), "BAD_REQUEST", /\[1000, 28, 28\]/);
    assert.equal(await submissionCount(classmate.id), before);

    // The validation digits themselves: a near-perfect FID, but every image is a copy of an MNIST digit.
    const stored = await callerFor(ctx, classmate).caller.submission.submit(input({ images }));
    assert.ok(stored.metrics.fid < 10 && stored.metrics.classifierScore > 8, JSON.stringify(stored.metrics));
    assert.equal(stored.metrics.copiedFraction, 1);
    assert.deepEqual(stored.ranking, {
      value: stored.metrics.fid,
      better: "lower",
      flagged: true,
      reason: "100 % of the images are copies of MNIST digits (at most 5 % allowed).",
    });
    const row = await ctx.db.score.findFirstOrThrow({ where: { userId: classmate.id, exercise: { slug: "gan-digits" } } });
    assert.equal((row.preview as { digits: { count: number } }).digits.count, 16);
    // Flagged (below every unflagged submission), then FID (lower is better), then classifier score (higher); float8 keeps them to ~1e-15.
    assert.equal(row.rankKeys[0], 1);
    assert.ok(Math.abs(row.rankKeys[1] - stored.metrics.fid) < 1e-12 && Math.abs(row.rankKeys[2] + stored.metrics.classifierScore) < 1e-12);
  });

  test("flow weights with a non-finite entry are refused with the entry's path", async () => {
    const [{ DEFAULT_REALNVP_CONFIG }, { RealNvpTrainer }] = await Promise.all([import("@/lib/ml/configs/realnvp"), import("@/lib/ml/train/realnvp-trainer")]);
    const { sampleMoons } = await import("@/lib/ml/datasets/toy2d");
    const trainer = new RealNvpTrainer({ ...DEFAULT_REALNVP_CONFIG, couplings: 2, hiddenWidth: 8 }, sampleMoons(200, 1));
    const body = await trainer.exportWeights();
    trainer.dispose();
    const broken = structuredClone(body) as { weights: { couplings: { layers: { w: (number | null)[][] }[] }[] } };
    broken.weights.couplings[1].layers[0].w[0][3] = null;
    const input = (b: unknown) => ({ courseId, exerciseSlug: "flow-moons", idempotencyKey: `key-${unique()}`, body: b });
    const before = await submissionCount(classmate.id);
    await rejects(callerFor(ctx, classmate).caller.submission.submit(input(broken)), "BAD_REQUEST", /weights\.couplings\[1\]\.layers\[0\]\.w\[0\]\[3\]/);
    assert.equal(await submissionCount(classmate.id), before);
    const stored = await callerFor(ctx, classmate).caller.submission.submit(input(body));
    assert.ok(Number.isFinite(stored.metrics.meanLogLikelihood));
  });
});
