// `npm run bench:class-picture`: the instructor's class picture of a lecture hall, refreshed once a
// second as the console does while a round runs (live.classPicture over HTTP, one API-only server
// process: tests/support/live-server.ts). One JSON line per figure:
//   {"bench":"class-picture","call":"live.classPicture"|"live.state","students":300,"seconds":S,
//    "p50_ms":…,"p95_ms":…,"bytes_per_s":…,"server_cpu_pct":…,"cpu_ratio_to_state":…,"bytes_ratio_to_state":…}
// Baseline, measured in the same run on the same server: live.state at the same rate (what every
// console already fetches). server_cpu_pct: the server process's utime+stime over the window, in %
// of one core; bytes_per_s: response bytes (the JSON the browser receives, before any compression).
// Set-up, straight in the database (no scoring): N students (default 300) in a course and its live
// session, each with a scored gan-ring submission of 400 samples in the session's round.
// `--students N --seconds S`. Uses DATABASE_URL, or a fresh embedded PostgreSQL.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import { removeClusterData, startEmbeddedPostgres } from "@/server/database/embedded-postgres";
import { applyMigrations } from "@/server/database/migrate";
import { createDb } from "@/server/db";
import { createCourseWithModules } from "@/server/services/seed";
import { signUpOverHttp, startLiveServers } from "../tests/support/live-server";
import { cpuMeter } from "./proc";
import { quantile } from "./stats";

const { values } = parseArgs({ options: { students: { type: "string", default: "300" }, seconds: { type: "string", default: "15" } } });
const STUDENTS = Number(values.students);
const SECONDS = Number(values.seconds);
const ROOT = path.resolve(import.meta.dirname, "..");
const log = (line: string) => process.stderr.write(`[bench:class-picture] ${line}\n`);

const dataDir = path.join(ROOT, ".genlab", `bench-class-picture-${process.pid}`);
const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir, ephemeral: true, log });
const databaseUrl = process.env.DATABASE_URL ?? embedded!.url;
await applyMigrations(databaseUrl);
const db = createDb(databaseUrl);
const servers = await startLiveServers(1, { DATABASE_URL: databaseUrl, BETTER_AUTH_SECRET: randomUUID() + randomUUID() });
const server = servers.servers[0];

/** 400 samples around the ring, spread by student: every picture is different. */
function samples(seed: number): [number, number][] {
  return Array.from({ length: 400 }, (_, i) => {
    const angle = (2 * Math.PI * ((i + seed) % 8)) / 8 + 0.05 * Math.sin(i * 12.9898 + seed);
    const radius = 2 + 0.1 * Math.cos(i * 78.233 + seed);
    return [Math.round(radius * Math.cos(angle) * 1000) / 1000, Math.round(radius * Math.sin(angle) * 1000) / 1000];
  });
}

try {
  const suffix = randomUUID().slice(0, 8);
  const instructor = await signUpOverHttp(server.url, { name: "Bench Instructor", email: `bench-${suffix}@bench.local`, password: randomUUID() });
  const courseId = await createCourseWithModules(db, {
    slug: `bench-${suffix}`,
    title: "Bench",
    joinCode: `B${suffix
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, "0")
      .slice(0, 7)}`,
  });
  await db.enrollment.create({ data: { userId: instructor.id, courseId, role: "INSTRUCTOR" } });
  const students = Array.from({ length: STUDENTS }, (_, i) => ({ id: `bench-${suffix}-${i}`, name: `Student ${i}`, email: `s${i}-${suffix}@bench.local` }));
  await db.user.createMany({ data: students });
  await db.enrollment.createMany({ data: students.map((s) => ({ userId: s.id, courseId, role: "STUDENT" as const })) });
  const session = await db.liveSession.create({ data: { courseId, joinCode: `C${suffix.toUpperCase().slice(0, 5)}`, createdById: instructor.id } });
  await db.liveParticipant.createMany({ data: students.map((s) => ({ sessionId: session.id, userId: s.id })) });
  const exercise = await db.exercise.findUniqueOrThrow({ where: { courseId_slug: { courseId, slug: "gan-ring" } } });
  const now = Date.now();
  const round = await db.liveRound.create({
    data: { sessionId: session.id, exerciseId: exercise.id, startsAt: new Date(now), endsAt: new Date(now + 3600_000) },
  });
  for (const [i, s] of students.entries()) {
    const preview = samples(i);
    const metrics = { modesCovered: 8 - (i % 8), highQualityFraction: 0.9, modeKL: 0.01, mmd2: 0.001 };
    await db.submission.create({
      data: {
        userId: s.id,
        exerciseId: exercise.id,
        roundId: round.id,
        payload: { samples: preview },
        idempotencyKey: `bench-${i}`,
        score: { create: { exerciseId: exercise.id, userId: s.id, metrics, rankKeys: [0, -metrics.modesCovered, -0.9, 0.01], preview } },
      },
    });
  }
  log(`${STUDENTS} students with a submission each in the round; measuring ${SECONDS} s per call`);

  const get = async (procedure: string) => {
    const t0 = performance.now();
    const input = encodeURIComponent(JSON.stringify({ json: { sessionId: session.id } }));
    const response = await fetch(`${server.url}/api/trpc/${procedure}?input=${input}`, { headers: { cookie: instructor.cookie } });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${procedure}: HTTP ${response.status} ${text.slice(0, 200)}`);
    return { ms: performance.now() - t0, bytes: Buffer.byteLength(text) };
  };

  /** Once a second for SECONDS seconds, as the console refetches; the server's CPU over the window. */
  const measure = async (procedure: string) => {
    await get(procedure); // warm-up: the first call compiles the query plans
    const cpu = cpuMeter(() => [server.pid]);
    cpu.start();
    const replies: { ms: number; bytes: number }[] = [];
    const started = performance.now();
    for (let k = 0; k < SECONDS; k++) {
      replies.push(await get(procedure));
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + (k + 1) * 1000 - performance.now())));
    }
    const cpuPct = cpu.stop().get(server.pid)!;
    const ms = replies.map((r) => r.ms);
    return {
      p50_ms: Math.round(quantile(ms, 0.5)! * 10) / 10,
      p95_ms: Math.round(quantile(ms, 0.95)! * 10) / 10,
      bytes_per_s: Math.round(replies.reduce((a, r) => a + r.bytes, 0) / SECONDS),
      server_cpu_pct: Math.round(cpuPct * 10) / 10,
    };
  };

  const state = await measure("live.state");
  const picture = await measure("live.classPicture");
  const line = (call: string, figures: typeof state, extra: Record<string, number> = {}) =>
    console.log(JSON.stringify({ bench: "class-picture", call, students: STUDENTS, seconds: SECONDS, ...figures, ...extra }));
  line("live.state", state);
  line("live.classPicture", picture, {
    cpu_ratio_to_state: Math.round((picture.server_cpu_pct / Math.max(state.server_cpu_pct, 0.1)) * 100) / 100,
    bytes_ratio_to_state: Math.round((picture.bytes_per_s / state.bytes_per_s) * 100) / 100,
  });
} finally {
  await servers.stop();
  await db.$disconnect();
  await embedded?.stop();
  if (embedded) removeClusterData(dataDir);
}
