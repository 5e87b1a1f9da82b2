import http from "node:http";
import { createTrpcHttpHandler, TRPC_BASE_PATH } from "./api/http";
import { createSubmissionHttpHandler, SUBMISSIONS_PATH } from "./api/submissions-http";
import { isAssetPath, serveAsset } from "./assets";
import { sendJson } from "./http-json";
import type { Auth } from "./auth";
import type { Db } from "./db";
import type { Mailer } from "./mail";
import type { CourseCreation } from "./services/courses";
import { createRealtimeGateway } from "./realtime/gateway";
import { createAuthRequestHandler } from "./security/auth-requests";
import { applySecurityHeaders } from "./security/headers";
import { answerClientError } from "./security/request-body";
import { createRateLimits, type RateLimitSettings } from "./security/rate-limits";
import { createSessionTokenReader } from "./security/session-token";
import { type SecuritySettings, securitySettings } from "./security/settings";
import { absentPoolQueue, type PoolQueue } from "./pool/queue";
import type { Scorer, SubmissionChecker } from "./scoring/pool";

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
}

const HEALTH_TIMEOUT_MS = 2000;

async function checkDatabase(db: Db): Promise<boolean> {
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), HEALTH_TIMEOUT_MS).unref());
  const query = db.$queryRaw`SELECT 1`.then(
    () => true as const,
    () => false as const,
  );
  return Promise.race([query, timeout]);
}

/** The request's path and query; null for a target no URL parser accepts (a 400, not a crash). */
function parseRequestUrl(target: string | undefined): URL | null {
  try {
    return new URL(target ?? "/", "http://localhost");
  } catch {
    return null;
  }
}

/** One HTTP server: health, auth, tRPC, run-time assets (wasm, models, digits), socket.io, and Next.js for everything else. */
export function createAppServer(deps: AppDeps) {
  const server = http.createServer();
  server.on("clientError", answerClientError);
  const security = deps.security ?? securitySettings({ publicOrigin: "http://localhost" });
  const realtime = createRealtimeGateway(server, { ...deps, allowedOrigins: security.allowedOrigins, trustedProxies: security.trustedProxies });
  const limits = createRateLimits(deps.db, deps.rateLimits);
  const authHandler = createAuthRequestHandler(deps.auth, limits, security, { signedOut: (sessionId) => realtime.endSession(sessionId) });
  const context = {
    db: deps.db,
    auth: deps.auth,
    realtime: realtime.publisher,
    score: deps.score,
    check: deps.check,
    pool: deps.poolQueue ?? absentPoolQueue,
    courseCreation: deps.courseCreation ?? "anyone",
    mail: deps.mail ?? null,
    publicOrigin: security.publicOrigin,
  };
  const limiting = { limits, trustedProxies: security.trustedProxies, sessionToken: createSessionTokenReader(deps.auth) };
  const trpcHandler = createTrpcHttpHandler(context, limiting);
  const submissionHandler = createSubmissionHttpHandler(context, { ...limiting, allowedOrigins: security.allowedOrigins });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = parseRequestUrl(req.url);
    if (!url) {
      applySecurityHeaders(req, res, security, "other");
      return sendJson(res, 400, { error: "The request's address is not valid." });
    }
    // socket.io's engine answers its own long-polling requests from its own listener.
    if (url.pathname.startsWith("/socket.io/")) return;
    // Next.js's own static files (/_next/) carry no scripts of their own to allow.
    const page = !!deps.nextHandler && !url.pathname.startsWith("/api/") && !url.pathname.startsWith("/_next/") && !isAssetPath(url);
    applySecurityHeaders(req, res, security, page ? "page" : "other");
    if (url.pathname === "/api/health") {
      const ok = await checkDatabase(deps.db);
      return sendJson(res, ok ? 200 : 503, { db: ok ? "ok" : "unavailable" });
    }
    if (url.pathname.startsWith("/api/auth/")) return authHandler(req, res, url);
    if (url.pathname.startsWith(TRPC_BASE_PATH)) return trpcHandler(req, res, url);
    if (url.pathname === SUBMISSIONS_PATH) return submissionHandler(req, res, url);
    if (serveAsset(url, req, res)) return;
    if (deps.nextHandler) return deps.nextHandler(req, res);
    sendJson(res, 404, { error: "Not found" });
  };
  server.on("request", (req, res) => {
    handle(req, res).catch((error: unknown) => {
      // The path only: invite and reset links carry their secret in it, queries may too.
      console.error(
        `[http] ${req.method} ${(req.url ?? "")
          .split("?")[0]
          .replace(/^\/(invite|reset-password)\/.*/, "/$1/…")
          .slice(0, 200)}:`,
        error,
      );
      if (!res.headersSent) sendJson(res, 500, { error: "Something went wrong on the server." });
      else res.destroy();
    });
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
     * Stops serving: idle connections close at once, requests in progress get `graceMs` to finish (a
     * slow or stalled client does not hold up a stop), then the sockets and the HTTP server close.
     */
    close: async (graceMs = 2_000) => {
      server.closeIdleConnections();
      const cut = setTimeout(() => server.closeAllConnections(), graceMs);
      await realtime.close();
      clearTimeout(cut);
    },
  };
}
