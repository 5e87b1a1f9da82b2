// What the HTTP server adds to every request for its operators: a request id (X-Request-Id, in the
// answer and on every log record of the request), its duration in the request histogram, and the
// metrics endpoint, which does nothing before the bearer token checked out.
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import type http from "node:http";
import type net from "node:net";
import type { Db } from "../db";
import { sendJson } from "../http-json";
import { peerIsTrustedProxy } from "../security/client-address";
import { logger, withRequestContext } from "./log";
import { observeHttpRequest, scrapeMetrics } from "./metrics";

export const METRICS_PATH = "/api/metrics";
const REQUEST_ID_HEADER = "X-Request-Id";
/** What a proxy's id may look like (a UUID, a ULID, a hex trace id …): nothing that could forge a log line. */
const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A trusted proxy's well-formed X-Request-Id (so its logs and ours share the id), else a new one. */
export function requestIdOf(req: http.IncomingMessage, trustedProxies: net.BlockList): string {
  const incoming = req.headers["x-request-id"];
  if (typeof incoming === "string" && WELL_FORMED_REQUEST_ID.test(incoming) && peerIsTrustedProxy(req, trustedProxies)) return incoming;
  return randomUUID();
}

/**
 * Runs `handle` as request `requestId` (echoed in the answer's X-Request-Id) and, once the connection
 * is done with the answer (finished or cut), records its duration under `route` and, at debug level,
 * one access record.
 */
export function handleAsRequest(req: http.IncomingMessage, res: http.ServerResponse, requestId: string, route: string, handle: () => Promise<void>): void {
  const started = performance.now();
  res.setHeader(REQUEST_ID_HEADER, requestId);
  res.once("close", () => {
    const seconds = (performance.now() - started) / 1000;
    observeHttpRequest(route, res.statusCode, seconds);
    withRequestContext(requestId, () =>
      logger("http").debug({ route, status: res.statusCode, ms: Math.round(seconds * 1000) }, `${req.method} ${route} ${res.statusCode}`),
    );
  });
  void withRequestContext(requestId, handle);
}

const sha256 = (text: string) => createHash("sha256").update(text).digest();

/** Whether the request carries `Authorization: Bearer <token>`, compared in constant time. */
function hasBearerToken(req: http.IncomingMessage, token: string): boolean {
  const given = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
  // Digests of equal length: the comparison's time says nothing about the token.
  return given !== undefined && timingSafeEqual(sha256(given), sha256(token));
}

/** GET /api/metrics: 404 while GENLAB_METRICS_TOKEN is unset, 401 without it, else the metrics. */
export async function answerMetrics(req: http.IncomingMessage, res: http.ServerResponse, db: Db, token: string | undefined): Promise<void> {
  if (!token) {
    return sendJson(res, 404, {
      error: "Metrics are off. Set GENLAB_METRICS_TOKEN (16 characters or more) on the server and send it as “Authorization: Bearer <token>”.",
    });
  }
  if (!hasBearerToken(req, token)) {
    return sendJson(res, 401, { error: "Send the metrics token as “Authorization: Bearer <token>”." }, { "www-authenticate": 'Bearer realm="genlab-metrics"' });
  }
  if (req.method !== "GET") return sendJson(res, 405, { error: "Metrics are read with GET." }, { allow: "GET" });
  const { contentType, text } = await scrapeMetrics(db);
  res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" });
  res.end(text);
}
