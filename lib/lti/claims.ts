// What an LTI 1.3 launch says, as GenLab reads it: the claim names of LTI Core 1.3, Deep Linking 2.0,
// Assignment and Grade Services 2.0 and Names and Role Provisioning Services 2.0, the payload of a
// signature-checked id_token (zod), and the LMS's roles in GenLab's terms. Browser-safe, no I/O.
import { z } from "zod";

export const LTI_VERSION = "1.3.0";
const LTI = "https://purl.imsglobal.org/spec/lti/claim/";
export const CLAIM = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  toolPlatform: `${LTI}tool_platform`,
  custom: `${LTI}custom`,
  deepLinkingSettings: "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
  deepLinkingContentItems: "https://purl.imsglobal.org/spec/lti-dl/claim/content_items",
  deepLinkingData: "https://purl.imsglobal.org/spec/lti-dl/claim/data",
  deepLinkingMessage: "https://purl.imsglobal.org/spec/lti-dl/claim/msg",
  gradeService: "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
  rosterService: "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
} as const;

export const SCOPE = {
  lineItem: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  lineItemReadOnly: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
  resultReadOnly: "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  roster: "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
} as const;

export const MEDIA_TYPE = {
  score: "application/vnd.ims.lis.v1.score+json",
  lineItem: "application/vnd.ims.lis.v2.lineitem+json",
  lineItems: "application/vnd.ims.lis.v2.lineitemcontainer+json",
  memberships: "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
} as const;

// LMSs send long ids and titles; these caps keep a hostile token from filling the database.
const id = z.string().min(1).max(255);
const text = z.string().max(1000);
const url = z.string().max(2048).url();

/** The claims GenLab uses, from an id_token whose signature, issuer, audience, expiry and nonce were already checked. */
export const launchClaimsSchema = z.object({
  sub: id,
  name: text.optional(),
  given_name: text.optional(),
  family_name: text.optional(),
  email: z.string().max(254).optional(),
  [CLAIM.messageType]: z.enum(["LtiResourceLinkRequest", "LtiDeepLinkingRequest"], {
    message: "GenLab answers resource-link and deep-linking launches only.",
  }),
  [CLAIM.version]: z.literal(LTI_VERSION, { message: `GenLab speaks LTI ${LTI_VERSION}.` }),
  [CLAIM.deploymentId]: id,
  [CLAIM.roles]: z.array(z.string().max(255)).max(100),
  [CLAIM.context]: z.object({ id, title: text.optional(), label: text.optional() }).optional(),
  [CLAIM.resourceLink]: z.object({ id, title: text.nullish() }).optional(),
  [CLAIM.custom]: z.record(z.string().max(100), z.unknown()).optional(),
  [CLAIM.toolPlatform]: z.object({ product_family_code: z.string().max(100).optional(), name: text.optional() }).optional(),
  [CLAIM.deepLinkingSettings]: z
    .object({
      deep_link_return_url: url,
      accept_types: z.array(z.string().max(100)).max(20).optional(),
      data: z.string().max(4096).optional(),
    })
    .optional(),
  [CLAIM.gradeService]: z.object({ scope: z.array(z.string().max(255)).max(20).optional(), lineitems: url.optional(), lineitem: url.optional() }).optional(),
  [CLAIM.rosterService]: z.object({ context_memberships_url: url }).optional(),
});
export type LaunchClaims = z.infer<typeof launchClaimsSchema>;

export type CourseRoleFromLms = "STUDENT" | "TEACHING_ASSISTANT" | "INSTRUCTOR";

/**
 * The GenLab role of an LMS person in their course, from the LIS role URIs (or the short names LTI 1.3
 * still allows). A teaching assistant is often also sent as an instructor, so assistants are checked
 * first; context administrators and content developers run the course like instructors; everyone
 * else is a student. Institution roles alone (an LMS administrator visiting a course) make no one staff.
 */
export function courseRoleFromLms(roles: readonly string[]): CourseRoleFromLms {
  const contextRoles = roles.flatMap((role) => {
    if (!role.includes("/")) return [role];
    const membership = /^http:\/\/purl\.imsglobal\.org\/vocab\/lis\/v2\/membership(?:\/(\w+))?#(\w+)$/.exec(role);
    return membership ? [membership[2]] : [];
  });
  if (contextRoles.includes("TeachingAssistant")) return "TEACHING_ASSISTANT";
  if (contextRoles.some((role) => role === "Instructor" || role === "Administrator" || role === "ContentDeveloper")) return "INSTRUCTOR";
  return "STUDENT";
}

/**
 * A line item's scores URL: `/scores` appended to the line item's path, before its query (Moodle's
 * line item URLs carry `?type_id=…`, which must stay at the end).
 */
export function scoresUrlOf(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/$/, "")}/scores`;
  return url.toString();
}
