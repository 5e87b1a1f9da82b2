import http from "node:http";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { toNodeHandler } from "better-auth/node";
import { MAX_SUBMISSION_BYTES } from "@/lib/exercises/registry";
import { appRouter } from "./api/root";
import { serveAsset } from "./assets";
import { createContext } from "./api/trpc";
import type { Auth } from "./auth";
import type { Db } from "./db";
import { createRealtimeGateway } from "./realtime/gateway";
import { type SecuritySettings, securitySettings } from "./security/settings";
import { absentPoolQueue, type PoolQueue } from "./pool/queue";
import type { Scorer } from "./scoring/pool";

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export interface AppDeps {
  db: Db;
  auth: Auth;
  /** Next.js's request handler; absent in API-only tests. */
  nextHandler?: NodeHandler;
  /** Scores submissions off the event loop (server/scoring/pool.ts). */
  score: Scorer;
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
}

const HEALTH_TIMEOUT_MS = 2000;
// JSON envelope around the largest submission body (ids, key, config).
const TRPC_BODY_OVERHEAD_BYTES = 16 * 1024;

async function checkDatabase(db: Db): Promise<boolean> {
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), HEALTH_TIMEOUT_MS).unref());
  const query = db.$queryRaw`SELECT 1`.then(() => true as const, () => false as const);
  return Promise.race([query, timeout]);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

/** One HTTP server: health, auth, tRPC, run-time assets (wasm, models, digits), socket.io, and Next.js for everything else. */
export function createAppServer(deps: AppDeps) {
  const server = http.createServer();
  const security = deps.security ?? securitySettings({ publicOrigin: "http://localhost" });
  const realtime = createRealtimeGateway(server, { ...deps, allowedOrigins: security.allowedOrigins });
  const authHandler = toNodeHandler(deps.auth);
  const trpcHandler = createHTTPHandler({
    router: appRouter,
    basePath: "/api/trpc/",
    maxBodySize: MAX_SUBMISSION_BYTES + TRPC_BODY_OVERHEAD_BYTES,
    createContext: ({ req }) => {
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(key, value);
        else if (Array.isArray(value)) for (const v of value) headers.append(key, v);
      }
      return createContext({ db: deps.db, auth: deps.auth, realtime: realtime.publisher, score: deps.score, pool: deps.poolQueue ?? absentPoolQueue }, headers);
    },
    onError: ({ error, path: procedure }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${procedure ?? "?"}:`, error.cause ?? error);
    },
  });

  server.on("request", (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    // socket.io's engine answers its own long-polling requests from its own listener.
    if (url.pathname.startsWith("/socket.io/")) return;
    if (url.pathname === "/api/health") {
      void checkDatabase(deps.db).then((ok) => sendJson(res, ok ? 200 : 503, { db: ok ? "ok" : "unavailable" }));
      return;
    }
    if (url.pathname.startsWith("/api/auth/")) return void authHandler(req, res);
    if (url.pathname.startsWith("/api/trpc/")) return void trpcHandler(req, res);
    if (serveAsset(url, req, res)) return;
    if (deps.nextHandler) return void deps.nextHandler(req, res);
    sendJson(res, 404, { error: "Not found" });
  });

  if (deps.nextUpgrade) {
    const upgrade = deps.nextUpgrade;
    server.on("upgrade", (req, socket, head) => {
      if (!req.url?.startsWith("/socket.io")) upgrade(req, socket, head);
    });
  }

  return { server, realtime };
}
