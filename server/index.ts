// GenLab's one server process: embedded or external PostgreSQL, migrations and demo seed,
// then Next.js, tRPC, Better Auth and socket.io on one port. Ctrl-C shuts everything down in order.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import next from "next";
import { createAppServer } from "./app";
import { createAuth } from "./auth";
import { startEmbeddedPostgres } from "./database/embedded-postgres";
import { createMailer } from "./mail";
import { applyMigrations } from "./database/migrate";
import { createDb } from "./db";
import { defaultProcessEnv, env } from "./env";
import { poolQueueOf, startPoolQueue } from "./pool/queue";
import { startGradeSync } from "./lti/grades";
import { createLtiTool } from "./lti/tool";
import { startLocalWorkers } from "./pool/local-workers";
import { closeSocketAdapterPool, createSocketAdapterPool } from "./realtime/adapter-pool";
import { createScoringPool } from "./scoring/pool";
import { securitySettings } from "./security/settings";
import { createOffloadingScorer } from "./scoring/pool-scorer";
import { LOG_FORMAT, lineLogger, logger } from "./observability/log";
import { addLectureModules } from "./services/courses";
import { seedEmbeddedDemo } from "./services/seed";
import { stopOnSignals } from "./shutdown";
import { startBanner } from "./start-banner";

defaultProcessEnv("NEXT_TELEMETRY_DISABLED", "1");
const projectDir = path.resolve(import.meta.dirname, "..");
const dataDir = path.resolve(projectDir, env.GENLAB_DATA_DIR);
const SHUTDOWN_TIMEOUT_MS = 10_000;
const log = logger("server");

/** Sessions must survive restarts, so a generated secret is kept beside the data. */
function loadAuthSecret(): string {
  if (env.BETTER_AUTH_SECRET) return env.BETTER_AUTH_SECRET;
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

// Each part registers its stop as it starts: a stop signal, even during start-up, stops them in reverse.
const shutdown = stopOnSignals({ timeoutMs: SHUTDOWN_TIMEOUT_MS });

async function main() {
  const embedded = env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres") });
  const databaseUrl = env.DATABASE_URL ?? embedded!.url;
  if (embedded) shutdown.defer(() => embedded.stop());
  await applyMigrations(databaseUrl);

  const db = createDb(databaseUrl);
  shutdown.defer(() => db.$disconnect());
  // Courses made before the lecture gained a module or an exercise gain it now.
  await db.$transaction((tx) => addLectureModules(tx), { timeout: 60_000 });
  const baseURL = env.GENLAB_URL ?? `http://localhost:${env.PORT}`;
  const security = securitySettings({
    publicOrigin: baseURL,
    port: env.PORT,
    extraOrigins: env.GENLAB_EXTRA_ORIGINS,
    trustedProxies: env.GENLAB_TRUSTED_PROXIES,
    frameAncestors: env.GENLAB_FRAME_ANCESTORS,
    dev: env.GENLAB_DEV,
  });
  const mail = env.GENLAB_SMTP_URL ? createMailer(env.GENLAB_SMTP_URL, env.GENLAB_MAIL_FROM ?? `GenLab <no-reply@${new URL(baseURL).hostname}>`) : undefined;
  if (mail) shutdown.defer(() => mail.close());
  const auth = createAuth({
    db,
    secret: loadAuthSecret(),
    baseURL,
    trustedOrigins: [...security.allowedOrigins],
  });
  // Demo data only in the embedded database: against a real one, nothing demo-like appears unless
  // someone runs `genlab demo seed`.
  const demo = embedded ? await seedEmbeddedDemo(db, auth, dataDir, env.GENLAB_DEMO_PASSWORD) : null;

  const nextApp = next({ dev: env.GENLAB_DEV, dir: projectDir, hostname: "localhost", port: env.PORT });
  await nextApp.prepare();
  shutdown.defer(() => nextApp.close?.());
  const scoring = createScoringPool();
  shutdown.defer(() => scoring.close());
  scoring.prepare();
  // socket.io's Postgres adapter: any number of processes behind a sticky load balancer serve one live session.
  const socketAdapterPool = createSocketAdapterPool(databaseUrl);
  shutdown.defer(() => closeSocketAdapterPool(socketAdapterPool));
  const boss = await startPoolQueue(databaseUrl);
  shutdown.defer(() => boss.stop({ graceful: false, timeout: 2000 }));
  // Stopped before the queue and the database: a worker hands its job back to the queue first.
  const localWorkers = startLocalWorkers(databaseUrl, env.GENLAB_LOCAL_WORKERS);
  shutdown.defer(() => localWorkers.stop());
  // Image scoring goes to a pool worker when one is online; otherwise, or late, to the threads.
  const scorer = createOffloadingScorer({ db, boss, local: scoring.score, listenPool: socketAdapterPool });
  shutdown.defer(() => scorer.close());
  // LTI: grades go to LMSs from jobs in the same queue, which this process also works on.
  const lti = createLtiTool(db, security.publicOrigin);
  const gradeSync = await startGradeSync(db, lti.services, boss);
  const app = createAppServer({
    db,
    auth,
    score: scorer.score,
    check: scoring.check,
    fitArena: scoring.fitArena,
    // One more than the threads: each has the next submission waiting when it finishes one.
    scoringConcurrency: scoring.size + 1,
    socketAdapterPool,
    poolEventsPool: socketAdapterPool,
    poolQueue: poolQueueOf(boss),
    nextHandler: nextApp.getRequestHandler(),
    nextUpgrade: env.GENLAB_DEV ? nextApp.getUpgradeHandler() : undefined,
    security,
    courseCreation: env.GENLAB_COURSE_CREATORS,
    mail,
    metricsToken: env.GENLAB_METRICS_TOKEN,
    lti: { ...lti, gradeSync },
  });

  shutdown.defer(async () => {
    await app.close();
    log.info("web server and sockets closed");
  });
  await new Promise<void>((resolve, reject) => {
    app.server.once("error", reject);
    app.server.listen(env.PORT, env.HOST, resolve);
  });
  // For the person who started it, as it is; for a log collector, one record, without the demo password.
  const banner = (shownDemo: typeof demo) => startBanner({ url: baseURL, host: env.HOST, port: env.PORT, embedded: !!embedded, demo: shownDemo });
  if (LOG_FORMAT === "text") process.stdout.write(`${banner(demo)}\n`);
  else log.info({ url: baseURL, host: env.HOST, port: env.PORT }, banner(demo && { ...demo, password: "(not written to logs)" }));
}

main().catch((error: unknown) => {
  // Meant for people, without a stack; it may name its own component ("[db] migration … failed").
  lineLogger("server", "error")(error instanceof Error ? error.message : String(error));
  shutdown.begin("start-up failed", 1);
});
