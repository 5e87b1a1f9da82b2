// End-to-end latency of a 2,000-sample gan-ring submission over HTTP: JSON body → tRPC → validation
// → authorization → server-side scoring → one transaction → socket.io announcement → response.
// Prints {"bench":"submit-gan-ring","p50_ms":…,"p95_ms":…}. Uses DATABASE_URL or a fresh embedded PostgreSQL.
import { rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createAppServer } from "@/server/app";
import { createAuth } from "@/server/auth";
import { removeClusterData, startEmbeddedPostgres } from "@/server/database/embedded-postgres";
import { applyMigrations } from "@/server/database/migrate";
import { createDb } from "@/server/db";
import { createScoringPool } from "@/server/scoring/pool";
import { createCourseWithModules } from "@/server/services/seed";
import { ganRingSpec as ganRing } from "@/exercises/gan-ring/spec";

const SUBMISSIONS = 200;
const WARMUP = 5;
const ORIGIN = "http://localhost";

function quantile(sorted: number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  return sorted[lower] + (sorted[Math.min(lower + 1, sorted.length - 1)] - sorted[lower]) * (position - lower);
}

// In the project's .genlab/, not a private temp dir: as root, postgres runs as "postgres" and must enter it.
const dataDir = path.resolve(import.meta.dirname, `../.genlab/bench-${process.pid}`);
const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg") });
const databaseUrl = process.env.DATABASE_URL ?? embedded!.url;
try {
  await applyMigrations(databaseUrl);
  const db = createDb(databaseUrl);
  const auth = createAuth({ db, secret: "bench-secret-bench-secret-bench-secret-00", baseURL: ORIGIN });
  const scoring = createScoringPool();
  const app = createAppServer({ db, auth, score: scoring.score, check: scoring.check });
  await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const courseId = await createCourseWithModules(db, {
    slug: `bench-${Date.now()}`,
    title: "Bench",
    joinCode: `B${Date.now().toString(36).toUpperCase().slice(-7)}`,
  });

  // The daily limit is per student: spread the submissions over enough students.
  const perStudent = ganRing.limits.submissionsPerDay;
  const cookies: string[] = [];
  for (let i = 0; i < Math.ceil((SUBMISSIONS + WARMUP) / perStudent); i++) {
    const response = await fetch(`${url}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ name: `Bench ${i}`, email: `bench-${i}-${Date.now()}@bench.local`, password: "bench-password-123" }),
    });
    const { user } = (await response.json()) as { user: { id: string } };
    await db.enrollment.create({ data: { userId: user.id, courseId, role: "STUDENT" } });
    cookies.push(
      response.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; "),
    );
  }

  // A plausible trained generator: ring samples with noise, a new set per request.
  const samples = () =>
    Array.from({ length: 2000 }, () => {
      const angle = (2 * Math.PI * Math.floor(Math.random() * 8)) / 8;
      return [2 * Math.cos(angle) + 0.02 * (Math.random() - 0.5), 2 * Math.sin(angle) + 0.02 * (Math.random() - 0.5)];
    });

  const latencies: number[] = [];
  for (let i = 0; i < SUBMISSIONS + WARMUP; i++) {
    const ticket = new URLSearchParams({ courseId, exerciseSlug: "gan-ring", idempotencyKey: `bench-${i}-${Date.now()}` });
    const body = JSON.stringify({ body: { samples: samples() } });
    const started = performance.now();
    const response = await fetch(`${url}/api/submissions?${ticket}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: cookies[Math.floor(i / perStudent)] },
      body,
    });
    await response.arrayBuffer();
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`submission ${i} failed with HTTP ${response.status}`);
    if (i >= WARMUP) latencies.push(elapsed);
  }
  latencies.sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  console.log(
    JSON.stringify({ bench: "submit-gan-ring", n: latencies.length, p50_ms: round(quantile(latencies, 0.5)), p95_ms: round(quantile(latencies, 0.95)) }),
  );
  await app.realtime.close();
  await scoring.close();
  await db.$disconnect();
} finally {
  await embedded?.stop();
  removeClusterData(path.join(dataDir, "pg"));
  rmSync(dataDir, { recursive: true, force: true });
}
