// `npm run bench:gradebook`: the gradebook of a large class, computed as the server does on every read.
// One JSON line per figure:
//   {"bench":"gradebook","call":…,"students":S,"scores":N,"p50_ms":…,"max_ms":…,"event_loop_max_ms":…,"ratio_to_section":…}
// A throw-away embedded PostgreSQL (or DATABASE_URL) gets a course of S students (default 300; a
// section of a tenth of them), 2 assignments of 8 exercise items and 2 graded quizzes each, and
// per student and exercise K scored submissions (default 10) plus 2 quiz attempts per quiz. Each
// call runs 5 times; event_loop_max_ms is the longest the event loop was held while it ran (what
// other requests would wait). ratio_to_section: the call for all students ÷ the same call for one
// section, measured in the same run (linear growth gives about 10).
import { monitorEventLoopDelay } from "node:perf_hooks";
import path from "node:path";
import { parseArgs } from "node:util";
import { randomUUID } from "node:crypto";
import { EXERCISES } from "@/exercises/registry";
import { removeClusterData, startEmbeddedPostgres } from "@/server/database/embedded-postgres";
import { applyMigrations } from "@/server/database/migrate";
import { createDb } from "@/server/db";
import { createAssignment, listMyAssignments } from "@/server/services/assignments";
import { createCourse } from "@/server/services/courses";
import { getGradebook, gradebookCsv } from "@/server/services/gradebook";

const { values } = parseArgs({ options: { students: { type: "string", default: "300" }, submissions: { type: "string", default: "10" } } });
const STUDENTS = Number(values.students);
const SUBMISSIONS = Number(values.submissions);
const RUNS = 5;
const ROOT = path.resolve(import.meta.dirname, "..");
const log = (line: string) => process.stderr.write(`[bench:gradebook] ${line}\n`);

const dataDir = path.join(ROOT, ".genlab", `bench-gradebook-${process.pid}`);
const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir, ephemeral: true, log });
const databaseUrl = process.env.DATABASE_URL ?? embedded!.url;
await applyMigrations(databaseUrl);
const db = createDb(databaseUrl);

try {
  const suffix = randomUUID().slice(0, 8);
  const instructor = await db.user.create({
    data: { id: `bench-instructor-${suffix}`, name: "Bench Instructor", email: `bench-instructor-${suffix}@bench.local` },
  });
  const course = await createCourse(db, instructor, { title: `Bench ${suffix}`, timeZone: "Europe/Berlin" });
  const students = Array.from({ length: STUDENTS }, (_, i) => ({ id: `bench-${suffix}-${i}`, name: `Student ${i}`, email: `s${i}-${suffix}@bench.local` }));
  await db.user.createMany({ data: students });
  await db.enrollment.createMany({
    data: students.map((s, i) => ({ userId: s.id, courseId: course.id, role: "STUDENT" as const, section: i % 10 === 0 ? "Lab A" : "Lab B" })),
  });

  // Exercises with a metric rule (their default), 8 per assignment; quizzes of two modules each.
  const graded = EXERCISES.filter((e) => e.defaultGrading.kind === "linear").slice(0, 16);
  const quizModules = ["sampling", "gan", "hmm", "gmm-em"];
  const assignments = [];
  for (let a = 0; a < 2; a++) {
    assignments.push(
      await createAssignment(db, instructor, course.id, {
        title: `Assignment ${a + 1}`,
        openAt: new Date(Date.UTC(2026, 9, 1)),
        dueAt: new Date(Date.UTC(2026, 11, 20)),
        latePolicy: { kind: "percentPerDay", percentPerDay: 10, maxDays: 3 },
        items: [
          ...graded.slice(a * 8, a * 8 + 8).map((e) => ({ exerciseSlug: e.slug, points: 10 })),
          ...quizModules.slice(a * 2, a * 2 + 2).map((m) => ({ quizModuleSlug: m, points: 5 })),
        ],
      }),
    );
  }

  const exercises = await db.exercise.findMany({ where: { courseId: course.id, slug: { in: graded.map((e) => e.slug) } } });
  const started = performance.now();
  for (const exercise of exercises) {
    const rule = graded.find((e) => e.slug === exercise.slug)!.defaultGrading as { metric: string; full: number; zero: number };
    const rows = students.flatMap((s) =>
      Array.from({ length: SUBMISSIONS }, (_, k) => {
        const id = `sub-${exercise.slug}-${s.id}-${k}`;
        // Metric values spread between the rule's "zero" and "full", dates across the assignment's window.
        const value = rule.zero + ((rule.full - rule.zero) * ((k * 37 + s.id.length) % 100)) / 100;
        return { id, userId: s.id, exerciseId: exercise.id, createdAt: new Date(Date.UTC(2026, 9, 2 + k * 7, 12)), metrics: { [rule.metric]: value } };
      }),
    );
    await db.submission.createMany({ data: rows.map(({ metrics: _metrics, ...r }) => ({ ...r, payload: {}, idempotencyKey: r.id })) });
    await db.score.createMany({
      data: rows.map((r) => ({
        submissionId: r.id,
        exerciseId: r.exerciseId,
        userId: r.userId,
        metrics: r.metrics,
        rankKeys: [0],
        preview: {},
        createdAt: r.createdAt,
      })),
    });
  }
  const quizItems = await db.assignmentItem.findMany({ where: { assignment: { courseId: course.id }, moduleId: { not: null } } });
  await db.quizAttempt.createMany({
    data: quizItems.flatMap((item) =>
      students.flatMap((s, i) =>
        [0, 1].map((k) => ({ itemId: item.id, userId: s.id, answers: {}, correct: (i + k) % 5, total: 4, createdAt: new Date(Date.UTC(2026, 10, 1 + k)) })),
      ),
    ),
  });
  const scores = exercises.length * STUDENTS * SUBMISSIONS;
  log(
    `${STUDENTS} students, ${scores} scored submissions, ${quizItems.length * STUDENTS * 2} quiz attempts, made in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  /** RUNS timed calls; the event loop's longest stall while they ran. */
  async function measure(call: () => Promise<unknown>) {
    await call(); // warm: Prisma's first query plan
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await call();
      times.push(performance.now() - t0);
    }
    delay.disable();
    times.sort((a, b) => a - b);
    return { p50: times[Math.floor(RUNS / 2)], max: times[RUNS - 1], eventLoopMax: delay.max / 1e6 };
  }

  const section = await measure(() => getGradebook(db, instructor, course.id, "Lab A"));
  const calls: [string, () => Promise<unknown>][] = [
    ["gradebook.get", () => getGradebook(db, instructor, course.id)],
    ["gradebook.csv (canvas)", () => gradebookCsv(db, instructor, course.id, "canvas")],
    ["assignment.mine (one student)", () => listMyAssignments(db, students[0])],
  ];
  for (const [call, run] of calls) {
    const m = await measure(run);
    process.stdout.write(
      `${JSON.stringify({
        bench: "gradebook",
        call,
        students: call.startsWith("assignment") ? 1 : STUDENTS,
        scores,
        p50_ms: Math.round(m.p50),
        max_ms: Math.round(m.max),
        event_loop_max_ms: Math.round(m.eventLoopMax),
        ratio_to_section: call.startsWith("assignment") ? null : Number((m.p50 / section.p50).toFixed(2)),
      })}\n`,
    );
  }
  process.stdout.write(
    `${JSON.stringify({ bench: "gradebook", call: "gradebook.get (one section)", students: STUDENTS / 10, scores, p50_ms: Math.round(section.p50), max_ms: Math.round(section.max), event_loop_max_ms: Math.round(section.eventLoopMax), ratio_to_section: 1 })}\n`,
  );
  await db.course.delete({ where: { id: course.id } });
  await db.user.deleteMany({ where: { id: { in: [instructor.id, ...students.map((s) => s.id)] } } });
} finally {
  await db.$disconnect();
  await embedded?.stop();
  if (embedded) removeClusterData(dataDir);
}
