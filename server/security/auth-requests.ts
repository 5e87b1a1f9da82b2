// Better Auth's endpoints (/api/auth/*) behind the limits. Only what GenLab's pages use is served
// (sign-up, sign-in, sign-out, the session): Better Auth's other endpoints (changing a password or
// profile, listing sessions, …) would be ways around the display-name rules and the sign-in lockout.
// Bodies are JSON, small, and read with a cap before anything parses them; a sign-in's email is read
// the way Better Auth reads it, so the lockout applies to every attempt (server/security/rate-limits.ts).
// Better Auth learns the client's address from a header this server sets itself (its own
// X-Forwarded-For reading would believe anyone).
import type http from "node:http";
import { fromNodeHeaders } from "better-auth/node";
import { setResponse } from "better-call/node";
import type { Auth } from "../auth";
import { isJsonRequest, sendJson } from "../http-json";
import { clientAddress } from "./client-address";
import type { RateLimits, Refusal } from "./rate-limits";
import { BodyTooLarge, readBody } from "./request-body";
import type { SecuritySettings } from "./settings";

/** An email, a password and a name, with room to spare. */
export const AUTH_MAX_BODY_BYTES = 16 * 1024;
/** Set by this server only: Better Auth reads the client's address from it (server/auth.ts). */
export const CLIENT_ADDRESS_HEADER = "x-genlab-client-address";

/** The endpoints GenLab's pages call (app/_lib/auth-client.ts), by method. */
const SERVED = new Map([
  ["/api/auth/sign-up/email", "POST"],
  ["/api/auth/sign-in/email", "POST"],
  ["/api/auth/sign-out", "POST"],
  ["/api/auth/get-session", "GET"],
]);
const SIGN_IN_PATH = "/api/auth/sign-in/email";
const SIGN_UP_PATH = "/api/auth/sign-up/email";
const SIGN_OUT_PATH = "/api/auth/sign-out";

const sendRefusal = (res: http.ServerResponse, refusal: Refusal) =>
  sendJson(res, 429, { code: "TOO_MANY_REQUESTS", message: refusal.message }, { "retry-after": String(refusal.retryAfterSeconds) });

/** The email a sign-in names; null when the body is not a JSON object with one (Better Auth would refuse it too). */
function emailOf(body: Buffer): string | null {
  try {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    const email = parsed && typeof parsed === "object" ? (parsed as { email?: unknown }).email : undefined;
    return typeof email === "string" && email.length <= 320 ? email : null;
  } catch {
    return null;
  }
}

export interface AuthRequestHooks {
  /** A session was signed out: its live connections should end too. */
  signedOut(sessionId: string): void;
}

export function createAuthRequestHandler(auth: Auth, limits: RateLimits, settings: SecuritySettings, hooks: AuthRequestHooks) {
  return async (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    const method = SERVED.get(url.pathname);
    if (!method) return sendJson(res, 404, { code: "NOT_FOUND", message: "There is no such sign-in endpoint." });
    if (req.method !== method && !(method === "GET" && req.method === "HEAD")) {
      return sendJson(res, 405, { code: "METHOD_NOT_SUPPORTED", message: `Use ${method} for this endpoint.` }, { allow: method });
    }
    const address = clientAddress(req, settings.trustedProxies);
    let body: Buffer | undefined;
    if (method === "POST") {
      try {
        body = await readBody(req, res, AUTH_MAX_BODY_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLarge)
          return sendJson(res, 413, { code: "PAYLOAD_TOO_LARGE", message: `Sign-in requests are at most ${AUTH_MAX_BODY_BYTES / 1024} KB.` });
        return sendJson(res, 400, { code: "BAD_REQUEST", message: "The request could not be read." });
      }
      if (body.length > 0 && !isJsonRequest(req))
        return sendJson(res, 415, { code: "UNSUPPORTED_MEDIA_TYPE", message: "Sign-in requests are JSON (Content-Type: application/json)." });
    }

    let attempt: { succeeded(): Promise<void> } | null = null;
    if (url.pathname === SIGN_IN_PATH) {
      const email = emailOf(body!);
      if (!email) return sendJson(res, 400, { code: "BAD_REQUEST", message: "Enter your email and password." });
      const known = await limits.isKnownSignIn(email, address);
      const busy = known ? null : await limits.authRequest(address);
      if (busy) return sendRefusal(res, busy);
      const taken = await limits.signInAttempt(email, address, known);
      if ("refusal" in taken) return sendRefusal(res, taken.refusal);
      attempt = taken.attempt;
    } else if (url.pathname === SIGN_UP_PATH) {
      const busy = await limits.authRequest(address);
      if (busy) return sendRefusal(res, busy);
    }

    const headers = fromNodeHeaders(req.headers);
    // Replaces whatever the client sent under that name.
    headers.set(CLIENT_ADDRESS_HEADER, address);
    const endingSession = url.pathname === SIGN_OUT_PATH ? (await auth.api.getSession({ headers }))?.session.id : undefined;
    const response = await auth.handler(
      // An empty body is no body (Better Auth would want a content type for it).
      new Request(new URL(`${url.pathname}${url.search}`, settings.publicOrigin), {
        method: req.method,
        headers,
        body: body?.length ? new Uint8Array(body) : undefined,
      }),
    );
    // A failed attempt keeps the points it took; a successful one gives them back.
    if (attempt && response.ok) await attempt.succeeded();
    if (endingSession && response.ok) hooks.signedOut(endingSession);
    await setResponse(res, response);
  };
}
