// Better Auth's endpoints (/api/auth/*) behind the limits: a small body, read with a cap before
// anything parses it; auth requests per address; failed sign-ins per account and address (checked
// before the password is, counted after). Better Auth learns the client's address from a header
// this server sets itself (its own X-Forwarded-For reading would believe anyone).
import type http from "node:http";
import { setResponse } from "better-call/node";
import type { Auth } from "../auth";
import { clientAddress } from "./client-address";
import { BodyTooLarge, readBody } from "./request-body";
import type { RateLimits, Refusal } from "./rate-limits";
import type { SecuritySettings } from "./settings";

/** An email, a password and a name, with room to spare. */
export const AUTH_MAX_BODY_BYTES = 16 * 1024;
/** Set by this server only: Better Auth reads the client's address from it (server/auth.ts). */
export const CLIENT_ADDRESS_HEADER = "x-genlab-client-address";
const SIGN_IN_PATH = "/api/auth/sign-in/email";

function sendJson(res: http.ServerResponse, status: number, body: object, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

const sendRefusal = (res: http.ServerResponse, refusal: Refusal) =>
  sendJson(res, 429, { code: "TOO_MANY_REQUESTS", message: refusal.message }, { "retry-after": String(refusal.retryAfterSeconds) });

/** The email a sign-in names, if its body says; Better Auth validates the rest. */
function emailOf(body: Buffer): string | null {
  try {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    const email = parsed && typeof parsed === "object" ? (parsed as { email?: unknown }).email : undefined;
    return typeof email === "string" && email.length <= 320 ? email : null;
  } catch {
    return null;
  }
}

export function createAuthRequestHandler(auth: Auth, limits: RateLimits, settings: SecuritySettings) {
  return async (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    const address = clientAddress(req, settings.trustedProxies);
    const changes = req.method !== "GET" && req.method !== "HEAD";
    let body: Buffer | undefined;
    if (changes) {
      try {
        body = await readBody(req, res, AUTH_MAX_BODY_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLarge) return sendJson(res, 413, { code: "PAYLOAD_TOO_LARGE", message: `Sign-in requests are at most ${AUTH_MAX_BODY_BYTES / 1024} KB.` });
        return sendJson(res, 400, { code: "BAD_REQUEST", message: "The request could not be read." });
      }
      const refusal = await limits.authRequest(address);
      if (refusal) return sendRefusal(res, refusal);
    }
    const email = changes && url.pathname === SIGN_IN_PATH && body ? emailOf(body) : null;
    if (email) {
      const refusal = await limits.signInAllowed(email, address);
      if (refusal) return sendRefusal(res, refusal);
    }

    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) {
      if (key === CLIENT_ADDRESS_HEADER || value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) headers.append(key, v);
    }
    headers.set(CLIENT_ADDRESS_HEADER, address);
    const response = await auth.handler(
      // An empty body is no body (Better Auth would want a content type for it).
      new Request(new URL(`${url.pathname}${url.search}`, settings.publicOrigin), { method: req.method, headers, body: body?.length ? new Uint8Array(body) : undefined }),
    );
    if (email) {
      if (response.status === 401) await limits.signInFailed(email, address);
      else if (response.ok) await limits.signInSucceeded(email, address);
    }
    await setResponse(res, response);
  };
}
