// The session a request claims, known without the database: Better Auth's session cookie is the
// token and its HMAC-SHA256 under the server's secret. API limits key on it before the session is
// looked up, so a flood of requests from one signed-in browser is refused without a query each;
// a cookie whose signature does not hold counts as no session (and is limited by its address).
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Auth } from "../auth";

export type SessionTokenReader = (cookieHeader: string | undefined) => string | null;

export async function createSessionTokenReader(auth: Auth): Promise<SessionTokenReader> {
  const context = await auth.$context;
  const name = context.authCookies.sessionToken.name;
  const secret = context.secret;
  return (cookieHeader) => {
    if (!cookieHeader || cookieHeader.length > 16 * 1024) return null;
    for (const part of cookieHeader.split(";")) {
      const at = part.indexOf("=");
      if (at < 0 || part.slice(0, at).trim() !== name) continue;
      let value: string;
      try {
        value = decodeURIComponent(part.slice(at + 1).trim());
      } catch {
        return null;
      }
      const dot = value.lastIndexOf(".");
      if (dot < 1) return null;
      const token = value.slice(0, dot);
      const expected = createHmac("sha256", secret).update(token).digest();
      const given = Buffer.from(value.slice(dot + 1), "base64");
      return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
    }
    return null;
  };
}

/**
 * A new session for `userId` and its cookie's name and value, as Better Auth signs it (the token and
 * its HMAC-SHA256 in base64): how an LTI launch signs a person in without a password.
 */
export async function createSessionCookie(auth: Auth, userId: string, request: { ipAddress?: string; userAgent?: string }) {
  const context = await auth.$context;
  const session = await context.internalAdapter.createSession(userId, false, { ipAddress: request.ipAddress, userAgent: request.userAgent?.slice(0, 500) });
  const signature = createHmac("sha256", context.secret).update(session.token).digest("base64");
  return { name: context.authCookies.sessionToken.name, value: encodeURIComponent(`${session.token}.${signature}`), maxAgeS: context.sessionConfig.expiresIn };
}
