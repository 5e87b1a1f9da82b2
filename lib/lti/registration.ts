// An LMS registration as people type it (the platforms page, `genlab lti add`) and as GenLab shows
// its own side to LMS administrators. Browser-safe.
import { z } from "zod";

const isLoopback = (host: string) => host === "localhost" || host === "127.0.0.1" || host === "[::1]";

/** An LMS address: https (http only on this machine, for trying GenLab with a local LMS). */
export const lmsUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((text) => {
    try {
      const url = new URL(text);
      // Plain host names only: the origin goes into the Content-Security-Policy, where ";" or "," would end it.
      const plainHost = /^([a-z0-9-]+\.)*[a-z0-9-]+$/i.test(url.hostname) || url.hostname === "[::1]";
      return plainHost && !url.username && (url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname)));
    } catch {
      return false;
    }
  }, "Write a full https:// address.");

export const platformInputSchema = z.object({
  name: z.string().trim().min(1, "Name the LMS (e.g. “University Canvas”).").max(100),
  /** The LMS's issuer (`iss`): Canvas https://canvas.instructure.com, Moodle its own address. */
  issuer: z.string().trim().min(1, "The issuer is required.").max(500),
  clientId: z.string().trim().min(1, "The client id is required.").max(255),
  authLoginUrl: lmsUrl,
  tokenUrl: lmsUrl,
  jwksUrl: lmsUrl,
  tokenAudience: z.string().trim().max(500).optional(),
  deploymentIds: z.array(z.string().trim().min(1).max(255)).min(1, "Add the deployment id the LMS shows.").max(50),
  /** Where people use the LMS: the pages allowed to show GenLab in a frame (default: the login URL's origin). */
  webOrigins: z.array(lmsUrl).max(20).default([]),
});
export type PlatformInput = z.input<typeof platformInputSchema>;

/** GenLab's side of the registration, as an LMS administrator types it into the LMS. */
export function toolConfiguration(origin: string) {
  return {
    issuer: origin,
    loginUrl: `${origin}/lti/login`,
    launchUrl: `${origin}/lti/launch`,
    jwksUrl: `${origin}/lti/jwks`,
    deepLinkingUrl: `${origin}/lti/launch`,
    canvasConfigurationUrl: `${origin}/lti/canvas.json`,
    domain: new URL(origin).host,
  };
}

/** The scopes GenLab asks for: grade columns and scores (AGS), the roster (NRPS). */
export const TOOL_SCOPES = [
  "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
  "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
  "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
];

/**
 * Canvas's developer key "Paste JSON" / "Enter URL" configuration: GenLab in the assignment and link
 * pickers (deep linking), names and emails shared (privacy "public").
 */
export function canvasDeveloperKey(origin: string) {
  const tool = toolConfiguration(origin);
  const placement = (name: string) => ({ placement: name, message_type: "LtiDeepLinkingRequest", target_link_uri: tool.launchUrl, text: "GenLab" });
  return {
    title: "GenLab",
    description: "Generative AI course labs: students train models in their browser; GenLab scores their work and sends the grades back.",
    oidc_initiation_url: tool.loginUrl,
    target_link_uri: tool.launchUrl,
    public_jwk_url: tool.jwksUrl,
    scopes: TOOL_SCOPES,
    extensions: [
      {
        domain: tool.domain,
        tool_id: "genlab",
        platform: "canvas.instructure.com",
        privacy_level: "public",
        settings: { text: "GenLab", placements: [placement("assignment_selection"), placement("link_selection")] },
      },
    ],
  };
}
