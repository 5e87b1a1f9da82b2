// An LTI 1.3 launch, GenLab's side of the OIDC third-party login (LTI Core 1.3 §5.1, IMS Security
// Framework §5.1.1): the LMS asks GenLab to log in (`startLogin`), GenLab sends the browser to the
// LMS's authorization endpoint with a fresh state and nonce, and the LMS posts back a signed id_token
// (`verifyLaunch`). The state is kept in a cookie of the browser that started the login, so a launch
// posted from another browser is refused, and the state and its nonce are used once.
import { randomBytes } from "node:crypto";
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from "jose";
import { CLAIM, type LaunchClaims, launchClaimsSchema } from "@/lib/lti/claims";
import { describeValidationError } from "@/lib/exercises/validation";
import type { LtiPlatform } from "../generated/prisma/client";
import type { Db } from "../db";
import { SIGNING_ALGORITHM } from "./keys";

/** A login has this long to come back as a launch. */
const LOGIN_STATE_MS = 10 * 60 * 1000;
/** Clocks of an LMS and GenLab may differ by this much. */
const CLOCK_TOLERANCE_S = 60;
export const STATE_COOKIE_PREFIX = "genlab-lti-state-";

/** A refusal shown to the person whose launch it was: an HTTP status, a sentence, and maybe a way out (a login to start again in a new tab). */
export class LaunchRefused extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 429,
    message: string,
    readonly retryInNewTab?: LoginInitiation,
  ) {
    super(message);
    this.name = "LaunchRefused";
  }
}

export interface LoginInitiation {
  iss?: string;
  login_hint?: string;
  target_link_uri?: string;
  lti_message_hint?: string;
  client_id?: string;
  lti_deployment_id?: string;
}

/** The platform a login names: by issuer and client id (or the issuer alone when it has one registration). */
async function platformOf(db: Db, issuer: string, clientId: string | undefined): Promise<LtiPlatform> {
  const candidates = await db.ltiPlatform.findMany({ where: { issuer, ...(clientId ? { clientId } : {}) }, take: 2 });
  if (candidates.length === 1) return candidates[0];
  if (candidates.length === 0)
    throw new LaunchRefused(
      404,
      `No LMS with issuer ${issuer.slice(0, 200)}${clientId ? ` and client id ${clientId.slice(0, 100)}` : ""} is registered with GenLab.`,
    );
  throw new LaunchRefused(400, "This LMS has several registrations with GenLab: its login must name the client id.");
}

/**
 * Step 1: the LMS's login initiation. Returns where to send the browser (the LMS's authorization
 * endpoint, with state and nonce) and the state, which the caller puts in a cookie.
 */
export async function startLogin(db: Db, login: LoginInitiation, launchUrl: string): Promise<{ redirect: URL; state: string; maxAgeS: number }> {
  if (!login.iss || !login.login_hint || !login.target_link_uri)
    throw new LaunchRefused(400, "The LMS's login request lacks iss, login_hint or target_link_uri.");
  const platform = await platformOf(db, login.iss, login.client_id);
  if (login.lti_deployment_id && !(await knownDeployment(db, platform.id, login.lti_deployment_id)))
    throw new LaunchRefused(403, `Deployment ${login.lti_deployment_id.slice(0, 100)} of this LMS is not registered with GenLab.`);
  const state = randomBytes(24).toString("base64url");
  const nonce = randomBytes(24).toString("base64url");
  await db.ltiLaunchState.create({ data: { state, nonce, platformId: platform.id, login: { ...login }, expiresAt: new Date(Date.now() + LOGIN_STATE_MS) } });
  // Old logins nobody finished: a few at a time, as new ones start.
  await db.ltiLaunchState.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - LOGIN_STATE_MS) } } });
  const redirect = new URL(platform.authLoginUrl);
  const params: Record<string, string> = {
    scope: "openid",
    response_type: "id_token",
    response_mode: "form_post",
    prompt: "none",
    client_id: platform.clientId,
    redirect_uri: launchUrl,
    login_hint: login.login_hint,
    state,
    nonce,
    ...(login.lti_message_hint ? { lti_message_hint: login.lti_message_hint } : {}),
  };
  for (const [name, value] of Object.entries(params)) redirect.searchParams.set(name, value);
  return { redirect, state, maxAgeS: LOGIN_STATE_MS / 1000 };
}

const knownDeployment = async (db: Db, platformId: string, deploymentId: string) => (await db.ltiDeployment.count({ where: { platformId, deploymentId } })) > 0;

/** Each LMS's key set, fetched when a launch names a key GenLab has not seen (at most every 30 s). */
const platformKeySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
function platformKeySet(jwksUrl: string) {
  let keySet = platformKeySets.get(jwksUrl);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 5_000 });
    platformKeySets.set(jwksUrl, keySet);
  }
  return keySet;
}

export interface VerifiedLaunch {
  platform: LtiPlatform;
  claims: LaunchClaims;
}

/**
 * Step 2: the id_token the LMS posted. Every check of LTI Core §5.1.3 and the Security Framework
 * §5.1.3, each refused in its own words: the state (this browser's, unused, unexpired), the
 * signature (the platform's key set), issuer, audience and authorized party, expiry and issue time,
 * the nonce (the state's, so used once), the deployment (registered for this platform), the message
 * type and LTI version, and the claims GenLab reads.
 */
export async function verifyLaunch(db: Db, input: { idToken?: string; state?: string; stateInCookie: boolean }): Promise<VerifiedLaunch> {
  if (!input.idToken || !input.state) throw new LaunchRefused(400, "The LMS's launch lacks its id_token or state.");
  const login = await db.ltiLaunchState.findUnique({ where: { state: input.state }, include: { platform: true } });
  if (!login) throw new LaunchRefused(401, "This launch's state is unknown to GenLab: start again from the LMS.");
  // A browser that blocks GenLab's cookie inside the LMS's frame: the same login, started again in a tab of its own, works.
  if (!input.stateInCookie)
    throw new LaunchRefused(
      401,
      "Your browser did not keep GenLab's sign-in cookie inside the LMS's page (or another browser started this launch). Open GenLab in a new tab to continue.",
      (login.login as LoginInitiation | null) ?? undefined,
    );
  // Used once: of two posts of the same launch, one marks it used and the other is refused.
  const claimed = await db.ltiLaunchState.updateMany({
    where: { state: input.state, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  if (claimed.count === 0) throw new LaunchRefused(401, "This launch was already used or has expired: start again from the LMS.");

  const { platform } = login;
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(input.idToken, platformKeySet(platform.jwksUrl), {
      algorithms: [SIGNING_ALGORITHM],
      issuer: platform.issuer,
      audience: platform.clientId,
      clockTolerance: CLOCK_TOLERANCE_S,
      // Also makes jose check that it was not issued in the future.
      maxTokenAge: "1h",
      requiredClaims: ["exp", "iat", "sub", "nonce"],
    }));
  } catch (error) {
    throw new LaunchRefused(401, `The LMS's id_token was refused: ${describeTokenError(error)}`);
  }
  // With several audiences the authorized party must be GenLab; when present it must be anyway.
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if ((audiences.length > 1 || payload.azp !== undefined) && payload.azp !== platform.clientId)
    throw new LaunchRefused(401, "The LMS's id_token was refused: its authorized party (azp) is not GenLab's client id.");
  if (payload.nonce !== login.nonce) throw new LaunchRefused(401, "The LMS's id_token was refused: its nonce is not this launch's (a replayed launch?).");
  const deploymentId = payload[CLAIM.deploymentId];
  if (typeof deploymentId !== "string" || !(await knownDeployment(db, platform.id, deploymentId)))
    throw new LaunchRefused(403, `Deployment ${String(deploymentId).slice(0, 100)} of this LMS is not registered with GenLab.`);
  const claims = launchClaimsSchema.safeParse(payload);
  if (!claims.success) throw new LaunchRefused(400, describeValidationError(claims.error, undefined, "The LMS's launch"));
  return { platform, claims: claims.data };
}

function describeTokenError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return "it has expired.";
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === "iss") return "its issuer is not the LMS this login started with.";
    if (error.claim === "aud") return "it is meant for another tool (its audience is not GenLab's client id).";
    if (error.claim === "iat" || error.claim === "nbf") return "it was issued in the future (are the clocks right?).";
    return `its ${error.claim} claim is missing or invalid.`;
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey) return "it is signed with a key the LMS does not publish.";
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return "its signature does not match the LMS's key.";
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) return "the LMS's public keys could not be read.";
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return "it is not signed with RS256.";
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) return "it is not a valid signed token.";
  return "it could not be verified.";
}
