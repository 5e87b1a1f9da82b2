// GenLab's one server process: embedded or external PostgreSQL, migrations and demo seed,
// then Next.js, tRPC, Better Auth and socket.io on one port. Ctrl-C shuts everything down in order.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import next from "next";
import { createAppServer } from "./app";
import { createAuth } from "./auth";
import { startEmbeddedPostgres } from "./database/embedded-postgres";
import { applyMigrations } from "./database/migrate";
import { createDb } from "./db";
import { env } from "./env";
import { poolQueueOf, startPoolQueue } from "./pool/queue";
import { startLocalWorkers } from "./pool/local-workers";
import { closeSocketAdapterPool, createSocketAdapterPool } from "./realtime/adapter-pool";
import { createScoringPool } from "./scoring/pool";
import { securitySettings } from "./security/settings";
import { createOffloadingScorer } from "./scoring/pool-scorer";
import { seedEmbeddedDemo } from "./services/seed";
import { startBanner } from "./start-banner";

process.env.NEXT_TELEMETRY_DISABLED ??= "1";
const projectDir = path.resolve(import.meta.dirname, "..");
const dataDir = path.resolve(projectDir, env.GENLAB_DATA_DIR);
const SHUTDOWN_TIMEOUT_MS = 10_000;

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

async function main() {
  const embedded = env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres") });
  const databaseUrl = env.DATABASE_URL ?? embedded!.url;
  const stopDatabase = async () => embedded?.stop();
  try {
    await applyMigrations(databaseUrl);
  } catch (error) {
    await stopDatabase();
    throw error;
  }

  const db = createDb(databaseUrl);
  const baseURL = env.GENLAB_URL ?? `http://localhost:${env.PORT}`;
  const security = securitySettings({
    publicOrigin: baseURL,
    port: env.PORT,
    extraOrigins: env.GENLAB_EXTRA_ORIGINS,
    trustedProxies: env.GENLAB_TRUSTED_PROXIES,
    frameAncestors: env.GENLAB_FRAME_ANCESTORS,
    dev: env.GENLAB_DEV,
  });
  const auth = createAuth({
    db,
    secret: loadAuthSecret(),
    baseURL,
    trustedOrigins: [...security.allowedOrigins],
    rateLimit: !env.GENLAB_TEST,
  });
  // Demo data only in the embedded database: against a real one, nothing demo-like appears unless
  // someone runs `genlab demo seed`.
  const demo = embedded ? await seedEmbeddedDemo(db, auth, dataDir, env.GENLAB_DEMO_PASSWORD) : null;

  const nextApp = next({ dev: env.GENLAB_DEV, dir: projectDir, hostname: "localhost", port: env.PORT });
  await nextApp.prepare();
  const scoring = createScoringPool();
  scoring.prepare();
  // socket.io's Postgres adapter: any number of processes behind a sticky load balancer serve one live session.
  const socketAdapterPool = createSocketAdapterPool(databaseUrl);
  const boss = await startPoolQueue(databaseUrl);
  const localWorkers = startLocalWorkers(databaseUrl, env.GENLAB_LOCAL_WORKERS);
  // Image scoring goes to a pool worker when one is online; otherwise, or late, to the threads.
  const scorer = createOffloadingScorer({ db, boss, local: scoring.score, listenPool: socketAdapterPool });
  const { server, realtime } = createAppServer({
    db,
    auth,
    score: scorer.score,
    socketAdapterPool,
    poolEventsPool: socketAdapterPool,
    poolQueue: poolQueueOf(boss),
    nextHandler: nextApp.getRequestHandler(),
    nextUpgrade: env.GENLAB_DEV ? nextApp.getUpgradeHandler() : undefined,
    security,
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, env.HOST, resolve);
  });
  console.log(startBanner({ url: baseURL, host: env.HOST, port: env.PORT, embedded: !!embedded, demo }));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: shutting down…`);
    const force = setTimeout(() => {
      console.error("Shutdown took too long; exiting.");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    server.closeIdleConnections();
    await realtime.close(); // closes the sockets and the HTTP server
    await nextApp.close?.();
    await scorer.close();
    await Promise.all([scoring.close(), localWorkers.stop(), boss.stop({ graceful: false, timeout: 2000 })]);
    await closeSocketAdapterPool(socketAdapterPool);
    await db.$disconnect();
    await stopDatabase();
    console.log("Stopped.");
    process.exit(0);
  };
  // embedded-postgres hooks these signals itself (async-exit-hook): it stops the database at once
  // and exits with 130, racing the orderly shutdown above, which stops the database last.
  process.removeAllListeners("SIGINT");
  process.removeAllListeners("SIGTERM");
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
