// Calls to an LMS's LTI Advantage services (grades, roster) with an OAuth 2 access token, which GenLab
// gets with the client-credentials grant and a JWT signed by its own key (IMS Security Framework
// §4.1: iss = sub = the client id, aud = the token endpoint or what the LMS names, a fresh jti).
// Tokens are kept per platform and scope set until a minute before they expire.
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type { LtiPlatform } from "../generated/prisma/client";
import { logger } from "../observability/log";
import { SIGNING_ALGORITHM, type ToolKeys } from "./keys";

/** A service call's limit: an LMS that does not answer holds up a job, never the server. */
const SERVICE_TIMEOUT_MS = 15_000;
const ASSERTION_LIFETIME_S = 5 * 60;
/** Canvas refuses service calls without a User-Agent. */
const USER_AGENT = "GenLab LTI tool";
const log = logger("lti services");

/** An LMS's answer that was not a success: its status and (the start of) what it said. */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: the LMS answered ${status}${body ? ` (${body.slice(0, 300)})` : ""}`);
    this.name = "ServiceError";
  }
}

export interface LtiServices {
  /** fetch with a bearer token for these scopes; a 401 gets one fresh token and one more try. */
  call(platform: LtiPlatform, scopes: string[], url: string, init: RequestInit & { what: string }): Promise<Response>;
}

export function createLtiServices(keys: ToolKeys): LtiServices {
  const tokens = new Map<string, { token: string; expiresAt: number }>();

  const accessToken = async (platform: LtiPlatform, scopes: string[], fresh: boolean) => {
    const key = `${platform.id} ${[...scopes].sort().join(" ")}`;
    const held = tokens.get(key);
    if (!fresh && held && held.expiresAt > Date.now()) return held.token;
    const { kid, privateKey } = await keys.signingKey();
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid, typ: "JWT" })
      .setIssuer(platform.clientId)
      .setSubject(platform.clientId)
      .setAudience(platform.tokenAudience ?? platform.tokenUrl)
      .setIssuedAt()
      .setExpirationTime(`${ASSERTION_LIFETIME_S}s`)
      .setJti(randomUUID())
      .sign(privateKey);
    const response = await fetch(platform.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", "user-agent": USER_AGENT },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: assertion,
        scope: scopes.join(" "),
      }),
      signal: AbortSignal.timeout(SERVICE_TIMEOUT_MS),
    });
    const text = await response.text();
    if (!response.ok) throw new ServiceError(response.status, text, "Access token");
    const body = JSON.parse(text) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== "string") throw new ServiceError(response.status, text, "Access token (none in the answer)");
    const lifetimeS = typeof body.expires_in === "number" ? body.expires_in : 3600;
    tokens.set(key, { token: body.access_token, expiresAt: Date.now() + Math.max(0, lifetimeS - 60) * 1000 });
    return body.access_token;
  };

  return {
    async call(platform, scopes, url, { what, ...init }) {
      const send = async (fresh: boolean) =>
        fetch(url, {
          ...init,
          headers: {
            ...(init.headers as Record<string, string>),
            authorization: `Bearer ${await accessToken(platform, scopes, fresh)}`,
            "user-agent": USER_AGENT,
          },
          signal: AbortSignal.timeout(SERVICE_TIMEOUT_MS),
        });
      let response = await send(false);
      // A token the LMS revoked or forgot before its expiry: one new token, one more try.
      if (response.status === 401) response = await send(true);
      // Every call, for whoever must tell what GenLab sent an LMS (the path only: queries may carry ids).
      log.info({ platformId: platform.id, what, method: init.method ?? "GET", url: url.split("?")[0], status: response.status }, "LMS service call");
      if (!response.ok) throw new ServiceError(response.status, await response.text().catch(() => ""), what);
      return response;
    },
  };
}
