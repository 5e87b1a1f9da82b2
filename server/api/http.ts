// tRPC over HTTP, limits before work: a batch holds at most MAX_BATCH_CALLS calls (refused before the
// body is read) and each procedure caps its request body (`meta.maxBodyBytes`, small by default),
// enforced while the body streams in. Procedures read their input only after their authorization
// middleware, so an anonymous request is answered without parsing what it sent.
import type http from "node:http";
import type net from "node:net";
import { TRPCError } from "@trpc/server";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import { fromNodeHeaders } from "better-auth/node";
import { logger } from "../observability/log";
import { clientAddress } from "../security/client-address";
import { countBody } from "../security/request-body";
import type { RateLimits } from "../security/rate-limits";
import type { SessionTokenReader } from "../security/session-token";
import { appRouter } from "./root";
import { type Context, createContext, DEFAULT_MAX_BODY_BYTES, MAX_BATCH_CALLS, type ProcedureMeta } from "./trpc";

export const TRPC_BASE_PATH = "/api/trpc/";

// tRPC keeps a flat record of every procedure by its dotted path.
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureMeta } } | undefined>;

/** The body cap of one call: its procedure's own, or the small default (also for unknown paths, which tRPC answers 404). */
export function maxBodyBytesOf(path: string): number {
  const procedure = Object.hasOwn(procedures, path) ? procedures[path] : undefined;
  return procedure?._def.meta?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
}

/** The procedures a request names: one, or a batch's comma-separated list (up to one past the cap, which tRPC refuses). */
function callsOf(url: URL): string[] {
  const path = url.pathname.slice(TRPC_BASE_PATH.length);
  return url.searchParams.get("batch") === "1" ? path.split(",", MAX_BATCH_CALLS + 1) : [path];
}

/**
 * The request histogram's label: `trpc:<procedure>` for one call (also a batch of one, as the pages'
 * batching link sends a lone call), `trpc:batch` for several, `trpc:unknown` for a name no procedure
 * has (a label never takes a value the client chose). Each call of a batch is also timed on its own
 * (genlab_trpc_call_duration_seconds, server/api/trpc.ts).
 */
export function trpcRouteLabel(url: URL): string {
  const calls = callsOf(url);
  if (calls.length > 1) return "trpc:batch";
  return Object.hasOwn(procedures, calls[0]) ? `trpc:${calls[0]}` : "trpc:unknown";
}

export interface TrpcHttpOptions {
  limits: RateLimits;
  trustedProxies: net.BlockList;
  /** The session a request's cookie claims, checked by its signature only (no query). */
  sessionToken: Promise<SessionTokenReader>;
  /** Origins whose pages may call (a browser names the page's origin on every POST); absent: not checked. */
  allowedOrigins?: readonly string[];
}

/**
 * The context of one HTTP request of `calls` calls, once its sender is within the API rate limit:
 * per session (by its signed cookie) or, without one, per address — before the session is looked up,
 * so a flood costs no queries.
 */
export async function limitedContext(base: Omit<Context, "user">, req: http.IncomingMessage, calls: number, options: TrpcHttpOptions): Promise<Context> {
  // Inside an LMS's frame the session cookie is SameSite=None: another site's form must not use it.
  const origin = req.headers.origin;
  if (req.method !== "GET" && origin !== undefined && options.allowedOrigins && !options.allowedOrigins.includes(origin))
    throw new TRPCError({ code: "FORBIDDEN", message: `Requests from ${origin.slice(0, 100)} are refused.` });
  const session = (await options.sessionToken)(req.headers.cookie);
  const refusal = await options.limits.apiRequest(session, clientAddress(req, options.trustedProxies), calls);
  if (refusal) throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: refusal.message });
  return createContext(base, fromNodeHeaders(req.headers));
}

export function createTrpcHttpHandler(base: Omit<Context, "user" | "requestBytes">, options: TrpcHttpOptions) {
  return (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    const path = url.pathname.slice(TRPC_BASE_PATH.length);
    const calls = callsOf(url);
    const maxBodySize = Math.max(...calls.map(maxBodyBytesOf));
    const requestBytes = countBody(req, res, maxBodySize);
    void nodeHTTPRequestHandler({
      router: appRouter,
      req,
      res,
      path,
      maxBodySize,
      maxBatchSize: MAX_BATCH_CALLS,
      createContext: () => limitedContext({ ...base, requestBytes }, req, calls.length, options),
      onError: ({ error, path: procedure }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") logger("trpc").error({ err: error.cause ?? error }, procedure ?? "?");
      },
    });
  };
}
