// LTI Dynamic Registration 1.0: instead of copying URLs and ids both ways, an LMS administrator pastes
// a one-time GenLab address into the LMS; the LMS opens it with its OpenID configuration and a
// registration token; GenLab reads the configuration, registers itself at the LMS's registration
// endpoint, and stores the LMS (platform and deployment) from the answer. The one-time address, made
// by one of GenLab's LMS administrators, is what authorizes it: inside the LMS's frame GenLab's own
// sign-in cookie may not be sent.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { lmsUrl, TOOL_SCOPES, toolConfiguration } from "@/lib/lti/registration";
import type { Db } from "../db";
import type { Actor } from "../services/courses";
import { requireLmsManager, registerPlatform } from "./platforms";
import { LaunchRefused } from "./launch";

const INVITE_MS = 24 * 60 * 60 * 1000;
const FETCH_TIMEOUT_MS = 10_000;
const MAX_CONFIGURATION_BYTES = 256 * 1024;
export const REGISTER_PATH = "/lti/register";

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

/** A one-time registration address for an LMS administrator to paste into the LMS. */
export async function createRegistrationInvite(db: Db, actor: Actor, publicOrigin: string) {
  await requireLmsManager(db, actor);
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(Date.now() + INVITE_MS);
  await db.ltiRegistrationInvite.create({ data: { tokenHash: hashOf(token), createdById: actor.id, expiresAt } });
  return { url: `${publicOrigin}${REGISTER_PATH}?${new URLSearchParams({ invite: token })}`, expiresAt };
}

const platformConfigurationSchema = z.object({
  issuer: z.string().min(1).max(500),
  authorization_endpoint: lmsUrl,
  token_endpoint: lmsUrl,
  jwks_uri: lmsUrl,
  registration_endpoint: lmsUrl,
  authorization_server: z.string().max(500).optional(),
  "https://purl.imsglobal.org/spec/lti-platform-configuration": z.object({ product_family_code: z.string().max(100).optional() }).optional(),
});

const registrationAnswerSchema = z.object({
  client_id: z.string().min(1).max(255),
  "https://purl.imsglobal.org/spec/lti-tool-configuration": z.object({ deployment_id: z.string().min(1).max(255).optional() }).optional(),
});

/** The LMS's JSON answer; an LMS that cannot be reached, redirects, or answers too much or no JSON is refused in words. */
async function lmsJson(url: string, init: RequestInit, what: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: "error", signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch {
    throw new LaunchRefused(400, `GenLab could not reach the LMS for its ${what} (no answer, or a redirect).`);
  }
  const text = await response.text();
  if (text.length > MAX_CONFIGURATION_BYTES) throw new LaunchRefused(400, `The LMS's ${what} is larger than GenLab accepts.`);
  if (!response.ok) throw new LaunchRefused(400, `The LMS refused GenLab's ${what} (HTTP ${response.status}).`);
  try {
    return JSON.parse(text);
  } catch {
    throw new LaunchRefused(400, `The LMS's ${what} is not JSON.`);
  }
}

/**
 * GET /lti/register?invite=…&openid_configuration=…&registration_token=…: registers GenLab with the
 * LMS and the LMS with GenLab. Returns what was registered; refusals are LaunchRefused pages.
 */
export async function completeDynamicRegistration(db: Db, publicOrigin: string, query: URLSearchParams) {
  const tokenHash = hashOf(query.get("invite") ?? "");
  // Claimed before anything is fetched (two tabs cannot both use it); given back if the registration fails.
  const claimed = await db.ltiRegistrationInvite.updateMany({
    where: { tokenHash, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  if (claimed.count === 0) throw new LaunchRefused(403, "This registration address is unknown, used or expired: make a new one on GenLab's LMS page.");
  try {
    return await register(db, publicOrigin, query, tokenHash);
  } catch (error) {
    await db.ltiRegistrationInvite.update({ where: { tokenHash }, data: { usedAt: null } });
    throw error;
  }
}

async function register(db: Db, publicOrigin: string, query: URLSearchParams, tokenHash: string) {
  const configurationUrl = lmsUrl.safeParse(query.get("openid_configuration") ?? "");
  if (!configurationUrl.success) throw new LaunchRefused(400, "The LMS did not send its configuration's address (openid_configuration, https).");

  const configuration = platformConfigurationSchema.safeParse(
    await lmsJson(configurationUrl.data, { headers: { accept: "application/json" } }, "configuration"),
  );
  if (!configuration.success) throw new LaunchRefused(400, "The LMS's configuration lacks its issuer or endpoints.");
  const platform = configuration.data;

  const tool = toolConfiguration(publicOrigin);
  const registrationToken = query.get("registration_token");
  const answer = registrationAnswerSchema.safeParse(
    await lmsJson(
      platform.registration_endpoint,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          ...(registrationToken ? { authorization: `Bearer ${registrationToken}` } : {}),
        },
        body: JSON.stringify({
          application_type: "web",
          response_types: ["id_token"],
          grant_types: ["implicit", "client_credentials"],
          initiate_login_uri: tool.loginUrl,
          redirect_uris: [tool.launchUrl],
          client_name: "GenLab",
          jwks_uri: tool.jwksUrl,
          token_endpoint_auth_method: "private_key_jwt",
          scope: TOOL_SCOPES.join(" "),
          "https://purl.imsglobal.org/spec/lti-tool-configuration": {
            domain: tool.domain,
            target_link_uri: tool.launchUrl,
            claims: ["iss", "sub", "name", "given_name", "family_name", "email"],
            messages: [{ type: "LtiDeepLinkingRequest", target_link_uri: tool.launchUrl, label: "GenLab assignment" }],
          },
        }),
      },
      "registration",
    ),
  );
  if (!answer.success) throw new LaunchRefused(400, "The LMS's answer to the registration lacks GenLab's client id.");
  const deploymentId = answer.data["https://purl.imsglobal.org/spec/lti-tool-configuration"]?.deployment_id;
  if (!deploymentId) throw new LaunchRefused(400, "The LMS's answer to the registration names no deployment.");

  const product = platform["https://purl.imsglobal.org/spec/lti-platform-configuration"]?.product_family_code;
  const { id } = await registerPlatform(
    db,
    null,
    {
      name: `${product ? `${product[0].toUpperCase()}${product.slice(1)}` : "LMS"} (${new URL(configurationUrl.data).host})`,
      issuer: platform.issuer,
      clientId: answer.data.client_id,
      authLoginUrl: platform.authorization_endpoint,
      tokenUrl: platform.token_endpoint,
      jwksUrl: platform.jwks_uri,
      tokenAudience: platform.authorization_server,
      deploymentIds: [deploymentId],
      webOrigins: [...new Set([new URL(configurationUrl.data).origin, new URL(platform.authorization_endpoint).origin])],
    },
    { replace: false },
  ).catch((error: unknown) => {
    throw new LaunchRefused(409, error instanceof Error ? error.message : String(error));
  });
  await db.ltiRegistrationInvite.update({ where: { tokenHash }, data: { platformId: id } });
  return { platformId: id, issuer: platform.issuer, clientId: answer.data.client_id, deploymentId };
}
