// What a verified launch does in GenLab: the LMS person's account (found by the platform's user id,
// made on their first launch with the name and email the LMS shares), their enrolment with the role
// the LMS gives, and where the browser goes: the linked assignment, the deep-linking picker, or a
// page saying what is not set up yet.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { CLAIM, courseRoleFromLms, type LaunchClaims } from "@/lib/lti/claims";
import { checkDisplayName } from "@/lib/users/display-name";
import type { LtiPlatform } from "../generated/prisma/client";
import type { Db } from "../db";
import { logger } from "../observability/log";
import { LaunchRefused } from "./launch";

const log = logger("lti");
/** A deep-linking launch waits this long for the instructor's choice. */
const DEEP_LINK_REQUEST_MS = 60 * 60 * 1000;
/** The custom parameter GenLab's deep links carry: the assignment the link opens. */
export const ASSIGNMENT_PARAMETER = "genlab_assignment";

export type LaunchDestination =
  | { kind: "assignment"; courseId: string; assignmentId: string }
  | { kind: "course"; courseId: string }
  | { kind: "deep-link"; requestId: string }
  | { kind: "not-linked"; contextTitle: string; staff: boolean };

/** A placeholder address when the LMS shares none (or it belongs to another account): .invalid never delivers. */
const placeholderEmail = (platformId: string, sub: string) =>
  `lms-${createHash("sha256").update(`${platformId}\u0000${sub}`).digest("hex").slice(0, 20)}@lti.invalid`;

/** What an LMS says of a person, in a launch or a roster (the OpenID Connect names). */
export interface LmsPerson {
  sub: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
}

function displayNameOf(person: LmsPerson): string {
  const given = [person.given_name, person.family_name].filter(Boolean).join(" ");
  for (const candidate of [person.name, given]) {
    const checked = checkDisplayName(candidate);
    if (checked.ok) return checked.name;
  }
  return "LMS user";
}

/**
 * The GenLab account of this LMS person: linked by (platform, sub); made the first time the LMS names
 * them (a launch or a roster sync). Never matched by email: that would let an LMS sign in as anyone
 * whose address it claims. The LMS keeps the name up to date.
 */
export async function accountOf(db: Db, platformId: string, person: LmsPerson): Promise<string> {
  const name = displayNameOf(person);
  const linked = await db.ltiUser.findUnique({ where: { platformId_sub: { platformId, sub: person.sub } }, include: { user: true } });
  if (linked) {
    if (linked.user.name !== name && (person.name || person.given_name)) await db.user.update({ where: { id: linked.userId }, data: { name } });
    return linked.userId;
  }
  const email = person.email?.toLowerCase();
  const emailFree = email && /^[^\s@]+@[^\s@]+$/.test(email) && (await db.user.count({ where: { email } })) === 0;
  const userId = randomUUID();
  try {
    await db.$transaction([
      db.user.create({ data: { id: userId, name, email: emailFree ? email : placeholderEmail(platformId, person.sub) } }),
      db.ltiUser.create({ data: { platformId, sub: person.sub, userId } }),
    ]);
    log.info({ platformId, userId }, "account made for an LMS person");
    return userId;
  } catch (error) {
    // Named twice at once (two first launches, a launch during a roster sync): the other made it.
    const other = await db.ltiUser.findUnique({ where: { platformId_sub: { platformId, sub: person.sub } } });
    if (other) return other.userId;
    throw error;
  }
}

const RANK = { STUDENT: 0, TEACHING_ASSISTANT: 1, INSTRUCTOR: 2 } as const;

/**
 * Enrols (or re-enrols) the person with the LMS's role; someone the roster sync marked gone is back.
 * The LMS raises a role, never lowers one: an instructor viewing their course as a student in the
 * LMS stays its instructor in GenLab (staff lower roles on GenLab's roster).
 */
export async function enrolFromLms(db: Db, userId: string, courseId: string, roles: readonly string[]) {
  const role = courseRoleFromLms(roles);
  const where = { userId_courseId: { userId, courseId } };
  const enrolled = await db.enrollment.upsert({ where, create: { userId, courseId, role }, update: { lmsRemovedAt: null } });
  if (RANK[role] > RANK[enrolled.role]) await db.enrollment.update({ where, data: { role } });
}

/**
 * The addresses GenLab will call or send people to must be the LMS's own: its registered endpoints and
 * web addresses. Anything else in a launch (a service URL on another host, a private address) is not
 * followed: a registered LMS cannot aim GenLab's tokens or requests elsewhere.
 */
export function onPlatform(platform: LtiPlatform, url: string | undefined): string | null {
  if (!url) return null;
  const origins = new Set(
    [...platform.webOrigins, platform.authLoginUrl, platform.tokenUrl, platform.jwksUrl, platform.issuer].flatMap((u) => {
      try {
        return [new URL(u).origin];
      } catch {
        return [];
      }
    }),
  );
  try {
    const parsed = new URL(url);
    if ((parsed.protocol === "https:" || parsed.protocol === "http:") && origins.has(parsed.origin)) return parsed.toString();
  } catch {
    // not a URL
  }
  log.warn({ platformId: platform.id, url: url.slice(0, 200) }, "an address outside the LMS's own, not followed");
  return null;
}

/** Everything a verified launch changes, in order; returns the account to sign in and where to go. Refusals come before any change. */
export async function admitLaunch(db: Db, platform: LtiPlatform, claims: LaunchClaims): Promise<{ userId: string; destination: LaunchDestination }> {
  const deploymentId = claims[CLAIM.deploymentId];
  const lmsContext = claims[CLAIM.context];
  const lmsRole = courseRoleFromLms(claims[CLAIM.roles]);
  if (!lmsContext) throw new LaunchRefused(400, "The LMS's launch names no course (context): GenLab is used from inside a course.");
  const context = await db.ltiContext.findUnique({ where: { platformId_contextId: { platformId: platform.id, contextId: lmsContext.id } } });
  // A course linked through one deployment is not opened through another (another sub-account's install).
  if (context && context.deploymentId !== deploymentId) throw new LaunchRefused(403, "This LMS course is linked to GenLab through another deployment.");

  if (claims[CLAIM.messageType] === "LtiDeepLinkingRequest") {
    const settings = claims[CLAIM.deepLinkingSettings];
    if (!settings) throw new LaunchRefused(400, "The LMS's deep-linking launch lacks its deep_linking_settings.");
    if (lmsRole !== "INSTRUCTOR") throw new LaunchRefused(403, "Only the course's instructors add GenLab assignments to it.");
    if (settings.accept_types && !settings.accept_types.includes("ltiResourceLink"))
      throw new LaunchRefused(400, "This place in the LMS does not accept links to a tool (ltiResourceLink).");
    const returnUrl = onPlatform(platform, settings.deep_link_return_url);
    if (!returnUrl) throw new LaunchRefused(400, "The LMS's deep-linking return address is not one of its own addresses registered with GenLab.");
    const userId = await accountOf(db, platform.id, claims);
    log.info({ platformId: platform.id, deploymentId, userId, messageType: "LtiDeepLinkingRequest", context: lmsContext.id }, "launch");
    const requestId = randomBytes(24).toString("base64url");
    await db.ltiDeepLinkRequest.create({
      data: {
        id: requestId,
        platformId: platform.id,
        deploymentId,
        contextId: lmsContext.id,
        contextTitle: lmsContext.title ?? lmsContext.label ?? "LMS course",
        returnUrl,
        data: settings.data ?? null,
        userId,
        expiresAt: new Date(Date.now() + DEEP_LINK_REQUEST_MS),
      },
    });
    if (context) await enrolFromLms(db, userId, context.courseId, claims[CLAIM.roles]);
    return { userId, destination: { kind: "deep-link", requestId } };
  }

  const userId = await accountOf(db, platform.id, claims);
  log.info({ platformId: platform.id, deploymentId, userId, messageType: "LtiResourceLinkRequest", context: lmsContext.id }, "launch");
  if (!context)
    return { userId, destination: { kind: "not-linked", contextTitle: lmsContext.title ?? lmsContext.label ?? "this course", staff: lmsRole !== "STUDENT" } };
  const services = {
    membershipsUrl: onPlatform(platform, claims[CLAIM.rosterService]?.context_memberships_url),
    lineItemsUrl: onPlatform(platform, claims[CLAIM.gradeService]?.lineitems),
  };
  const changed = Object.fromEntries(Object.entries(services).filter(([key, url]) => url && url !== context[key as keyof typeof services]));
  if (Object.keys(changed).length > 0) await db.ltiContext.update({ where: { id: context.id }, data: changed });
  await enrolFromLms(db, userId, context.courseId, claims[CLAIM.roles]);

  const resourceLink = claims[CLAIM.resourceLink];
  if (!resourceLink) return { userId, destination: { kind: "course", courseId: context.courseId } };
  const lineItemUrl = onPlatform(platform, claims[CLAIM.gradeService]?.lineitem);
  let link = await db.ltiResourceLink.findUnique({ where: { ltiContextId_resourceLinkId: { ltiContextId: context.id, resourceLinkId: resourceLink.id } } });
  if (!link) {
    // The first launch of a link GenLab's picker made: its custom parameter names the assignment,
    // which must be in the linked course (an LMS cannot point a link at another course's work).
    const assignmentId = claims[CLAIM.custom]?.[ASSIGNMENT_PARAMETER];
    const assignment =
      typeof assignmentId === "string"
        ? await db.assignment.findFirst({ where: { id: assignmentId, courseId: context.courseId }, select: { id: true } })
        : null;
    if (!assignment) return { userId, destination: { kind: "course", courseId: context.courseId } };
    link = await db.ltiResourceLink.upsert({
      where: { ltiContextId_resourceLinkId: { ltiContextId: context.id, resourceLinkId: resourceLink.id } },
      create: { ltiContextId: context.id, resourceLinkId: resourceLink.id, assignmentId: assignment.id, lineItemUrl },
      update: {},
    });
  } else if (lineItemUrl && lineItemUrl !== link.lineItemUrl) {
    link = await db.ltiResourceLink.update({ where: { id: link.id }, data: { lineItemUrl } });
  }
  return { userId, destination: { kind: "assignment", courseId: context.courseId, assignmentId: link.assignmentId } };
}
