import http from "node:http";
import { createTrpcHttpHandler, TRPC_BASE_PATH, trpcRouteLabel } from "./api/http";
import { createSubmissionHttpHandler, SUBMISSIONS_PATH } from "./api/submissions-http";
import { isAssetPath, serveAsset } from "./assets";
import { sendJson } from "./http-json";
import type { Auth } from "./auth";
import type { Db } from "./db";
import type { Mailer } from "./mail";
import type { CourseCreation } from "./services/courses";
import { migrationsBehind } from "./database/migrate";
import { answerMetrics, handleAsRequest, METRICS_PATH, requestIdOf } from "./observability/http";
import { logger } from "./observability/log";
import { collectProcessMetrics } from "./observability/metrics";
import { createRealtimeGateway } from "./realtime/gateway";
import { createSubmissionScoring } from "./services/submission-scoring";
import { createAuthRequestHandler } from "./security/auth-requests";
import { applySecurityHeaders } from "./security/headers";
import { answerClientError } from "./security/request-body";
import { createRateLimits, type RateLimitSettings } from "./security/rate-limits";
import { clientAddress } from "./security/client-address";
import { createSessionTokenReader } from "./security/session-token";
import { type SecuritySettings, securitySettings } from "./security/settings";
import { absentPoolQueue, type PoolQueue } from "./pool/queue";
import { createLtiHttpHandler, isLtiEndpoint } from "./lti/http";
import { queueGradeSync } from "./lti/grades";
import { syncRosterIfDue } from "./lti/roster";
import { createLtiTool, type LtiTool } from "./lti/tool";
import type { Scorer, SubmissionChecker } from "./scoring/pool";
import { type ArenaFitter, fitArenaInline } from "./services/arena";

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export interface AppDeps {
  db: Db;
  auth: Auth;
  /** Next.js's request handler; absent in API-only tests. */
  nextHandler?: NodeHandler;
  /** Scores submissions off the event loop (server/scoring/pool.ts). */
  score: Scorer;
  /** Validates submission bodies off the event loop (the same threads). */
  check: SubmissionChecker;
  /** Rates arenas' entries from their votes (the same threads); absent (API tests): fitted inline. */
  fitArena?: ArenaFitter;
  /** Submissions scored at once by this process (default 2: one thread scoring while the next waits); `npm start` passes its threads + 1. */
  scoringConcurrency?: number;
  /** Next.js's upgrade handler (dev-mode hot reload). */
  nextUpgrade?: (req: http.IncomingMessage, socket: import("node:stream").Duplex, head: Buffer) => void;
  /** A pg pool to LISTEN for the workers' progress and results on; absent: none are delivered. */
  poolEventsPool?: import("pg").Pool;
  /** The worker pool's queue; absent: pool requests are refused. */
  poolQueue?: PoolQueue;
  /** A pg pool for socket.io's Postgres adapter: broadcasts reach sockets on every server process. */
  socketAdapterPool?: import("pg").Pool;
  /** Origins, proxies and framing the server trusts; tests default to http://localhost. */
  security?: SecuritySettings;
  /** Replaces some rate-limit numbers (server/security/rate-limits.ts); tests only. */
  rateLimits?: Partial<RateLimitSettings>;
  /** Who may create courses (GENLAB_COURSE_CREATORS); default: any signed-in account. */
  courseCreation?: CourseCreation;
  /** Sends invite and reset emails (GENLAB_SMTP_URL); absent: links are only shown to copy. */
  mail?: Mailer;
  /** The bearer token of GET /api/metrics (GENLAB_METRICS_TOKEN); absent: that endpoint answers 404. */
  metricsToken?: string;
  /** The LTI tool with its grade passback (server/index.ts); absent: one without a queue, which posts no grades. */
  lti?: LtiTool;
}

const HEALTH_TIMEOUT_MS = 2000;

/** What `check` resolves to, or `otherwise` when it fails or takes longer than HEALTH_TIMEOUT_MS. */
function withinHealthTimeout<T>(check: Promise<T>, otherwise: T): Promise<T> {
  const timeout = new Promise<T>((resolve) => setTimeout(() => resolve(otherwise), HEALTH_TIMEOUT_MS).unref());
  return Promise.race([check.catch(() => otherwise), timeout]);
}

const checkDatabase = (db: Db) =>
  withinHealthTimeout(
    db.$queryRaw`SELECT 1`.then(() => true),
    false,
  );

/** Readiness: the database answers and holds every committed migration; else which part is not ready. */
async function checkReadiness(db: Db): Promise<{ ready: boolean; db: string; migrations: string }> {
  if (!(await checkDatabase(db))) return { ready: false, db: "unavailable", migrations: "unknown" };
  const behind = await withinHealthTimeout(
    migrationsBehind(<Row>(sql: string) => db.$queryRawUnsafe<Row[]>(sql)),
    "could not be read",
  );
  return { ready: behind === null, db: "ok", migrations: behind ?? "ok" };
}

/** What a request is for: which handler answers it, and its label in the request histogram (never the raw path). */
type RouteKind = "socket.io" | "health" | "ready" | "metrics" | "auth" | "trpc" | "submissions" | "lti" | "asset" | "page" | "next" | "not-found";

function routeKindOf(url: URL, servesPages: boolean): RouteKind {
  const path = url.pathname;
  if (path.startsWith("/socket.io/")) return "socket.io";
  if (path === "/api/health") return "health";
  if (path === "/api/ready") return "ready";
  if (path === METRICS_PATH) return "metrics";
  if (path.startsWith("/api/auth/")) return "auth";
  if (path.startsWith(TRPC_BASE_PATH)) return "trpc";
  if (path === SUBMISSIONS_PATH) return "submissions";
  if (isLtiEndpoint(path)) return "lti";
  if (isAssetPath(url)) return "asset";
  if (!servesPages) return "not-found";
  // Next.js's own static files (/_next/) and API paths carry no scripts of their own to allow.
  return path.startsWith("/api/") || path.startsWith("/_next/") ? "next" : "page";
}

/** The request's path and query; null for a target no URL parser accepts (a 400, not a crash). */
function parseRequestUrl(target: string | undefined): URL | null {
  try {
    return new URL(target ?? "/", "http://localhost");
  } catch {
    return null;
  }
}

/** One HTTP server: health, readiness, metrics, auth, tRPC, run-time assets (wasm, models, digits), socket.io, and Next.js for everything else. */
export function createAppServer(deps: AppDeps) {
  if (deps.metricsToken) collectProcessMetrics();
  const server = http.createServer();
  server.on("clientError", answerClientError);
  const baseSecurity = deps.security ?? securitySettings({ publicOrigin: "http://localhost" });
  const lti = deps.lti ?? createLtiTool(deps.db, baseSecurity.publicOrigin);
  const security = { ...baseSecurity, lmsFrameOrigins: lti.frameOrigins.current };
  const realtime = createRealtimeGateway(server, { ...deps, allowedOrigins: security.allowedOrigins, trustedProxies: security.trustedProxies });
  const limits = createRateLimits(deps.db, deps.rateLimits);
  const authHandler = createAuthRequestHandler(deps.auth, limits, security, { signedOut: (sessionId) => realtime.endSession(sessionId) });
  // Submissions are stored, acknowledged, then scored here (or by any process, if this one stops first).
  const submissions = createSubmissionScoring({
    db: deps.db,
    check: deps.check,
    score: deps.score,
    onScored: (event) => {
      realtime.publisher.leaderboardUpdated(event);
      queueGradeSync(lti.gradeSync, { exerciseId: event.exerciseId }, [event.userId]);
    },
    concurrency: deps.scoringConcurrency,
  });
  const context = {
    db: deps.db,
    auth: deps.auth,
    realtime: realtime.publisher,
    submissions,
    fitArena: deps.fitArena ?? fitArenaInline,
    pool: deps.poolQueue ?? absentPoolQueue,
    courseCreation: deps.courseCreation ?? "anyone",
    mail: deps.mail ?? null,
    publicOrigin: security.publicOrigin,
    lti,
  };
  const limiting = {
    limits,
    trustedProxies: security.trustedProxies,
    sessionToken: createSessionTokenReader(deps.auth),
    allowedOrigins: security.allowedOrigins,
  };
  const trpcHandler = createTrpcHttpHandler(context, limiting);
  const submissionHandler = createSubmissionHttpHandler(context, limiting);
  const ltiHandler = createLtiHttpHandler({
    db: deps.db,
    auth: deps.auth,
    tool: lti,
    publicOrigin: security.publicOrigin,
    trustedProxies: security.trustedProxies,
    launched: (courseId) => syncRosterIfDue(deps.db, lti.services, courseId),
    overLimit: (req) => limits.apiRequest(null, clientAddress(req, security.trustedProxies)),
  });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL | null, route: RouteKind | null) => {
    if (!url || !route) {
      applySecurityHeaders(req, res, security, "other");
      return sendJson(res, 400, { error: "The request's address is not valid." });
    }
    applySecurityHeaders(req, res, security, route === "page" ? "page" : "other");
    switch (route) {
      case "health": {
        const ok = await checkDatabase(deps.db);
        return sendJson(res, ok ? 200 : 503, { db: ok ? "ok" : "unavailable" });
      }
      case "ready": {
        const { ready, ...parts } = await checkReadiness(deps.db);
        return sendJson(res, ready ? 200 : 503, parts);
      }
      case "metrics":
        return answerMetrics(req, res, deps.db, deps.metricsToken);
      case "auth":
        return authHandler(req, res, url);
      case "trpc":
        return trpcHandler(req, res, url);
      case "submissions":
        return submissionHandler(req, res, url);
      case "lti":
        return ltiHandler(req, res, url);
    }
    if (route === "asset" && serveAsset(url, req, res)) return;
    if (deps.nextHandler) return deps.nextHandler(req, res);
    sendJson(res, 404, { error: "Not found" });
  };
  server.on("request", (req, res) => {
    const url = parseRequestUrl(req.url);
    const route = url && routeKindOf(url, !!deps.nextHandler);
    // socket.io's engine answers its own long-polling requests from its own listener.
    if (route === "socket.io") return;
    const label = route === "trpc" ? trpcRouteLabel(url!) : (route ?? "invalid");
    handleAsRequest(req, res, requestIdOf(req, security.trustedProxies), label, () =>
      handle(req, res, url, route).catch((error: unknown) => {
        // The path only: invite and reset links carry their secret in it, queries may too.
        const path = (req.url ?? "")
          .split("?")[0]
          .replace(/^\/(invite|reset-password)\/.*/, "/$1/…")
          .slice(0, 200);
        logger("http").error({ err: error }, `${req.method} ${path}`);
        if (!res.headersSent) sendJson(res, 500, { error: "Something went wrong on the server." });
        else res.destroy();
      }),
    );
  });

  if (deps.nextUpgrade) {
    const upgrade = deps.nextUpgrade;
    server.on("upgrade", (req, socket, head) => {
      if (!req.url?.startsWith("/socket.io")) upgrade(req, socket, head);
    });
  }

  return {
    server,
    realtime,
    /**
     * Stops serving (SIGTERM, a deploy): no new connections; the sockets' connections close at once,
     * so their clients reconnect (behind a balancer, to another process); scores being computed
     * get `graceMs` to be stored and announced while submissions still waiting go back to the other
     * processes (services/submission-scoring.ts); requests in progress get `graceMs` more (a slow or
     * stalled client does not hold up a stop); then the HTTP server closes.
     */
    close: async (graceMs = 2_000) => {
      server.close();
      server.closeIdleConnections();
      realtime.dropConnections();
      await submissions.close(graceMs);
      const cut = setTimeout(() => server.closeAllConnections(), graceMs);
      await realtime.close();
      clearTimeout(cut);
    },
  };
}
