// JSON answers and requests of the server's own HTTP handlers (health, auth, submissions, errors).
import type http from "node:http";

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

/** Whether the request says its body is JSON: what a page of another site cannot send without a preflight. */
export const isJsonRequest = (req: http.IncomingMessage) => /^application\/json\s*(;|$)/i.test(req.headers["content-type"] ?? "");
