// Roster sync (Names and Role Provisioning Services 2.0): the LMS course's members, page by page
// (`Link: <…>; rel="next"`), become GenLab accounts enrolled with their LMS role; members the LMS
// reports inactive, or no longer lists, are marked removed (Enrollment.lmsRemovedAt) — never deleted,
// so their work and grades stay. Run by staff from the roster page and after launches.
import { z } from "zod";
import { MEDIA_TYPE, SCOPE } from "@/lib/lti/claims";
import type { Db } from "../db";
import { logger } from "../observability/log";
import { accountOf, enrolFromLms } from "./admission";
import type { LtiServices } from "./services";

const log = logger("lti roster");
/** A roster larger than this is a mistake or an attack, not a class. */
const MAX_MEMBERS = 20_000;
const MAX_PAGES = 500;
/** Launches resync a roster at most this often. */
export const ROSTER_RESYNC_MS = 60 * 60 * 1000;

const memberSchema = z.object({
  user_id: z.string().min(1).max(255),
  status: z.string().max(50).optional(),
  name: z.string().max(1000).optional(),
  given_name: z.string().max(1000).optional(),
  family_name: z.string().max(1000).optional(),
  email: z.string().max(254).optional(),
  roles: z.array(z.string().max(255)).max(100),
});
const pageSchema = z.object({ members: z.array(z.unknown()).max(MAX_MEMBERS) });

/** The next page's URL from a Link header (RFC 8288), if any. */
export function nextPageUrl(link: string | null): string | null {
  for (const part of link?.split(",") ?? []) {
    const match = /<([^>]+)>\s*;(?:[^;]*;)*\s*rel="?([^";]*)"?/.exec(part.trim());
    if (match && match[2].split(/\s+/).includes("next")) return match[1];
  }
  return null;
}

export interface RosterSyncResult {
  members: number;
  enrolled: number;
  removed: number;
}

export async function syncRoster(db: Db, services: LtiServices, ltiContextId: string): Promise<RosterSyncResult> {
  const context = await db.ltiContext.findUniqueOrThrow({ where: { id: ltiContextId }, include: { platform: true } });
  if (!context.membershipsUrl) throw new Error("The LMS has not shared this course's roster service (launch GenLab from the course once).");
  try {
    const members: z.infer<typeof memberSchema>[] = [];
    let url: string | null = context.membershipsUrl;
    for (let page = 0; url && page < MAX_PAGES; page++) {
      const response = await services.call(context.platform, [SCOPE.roster], url, { what: "Roster", headers: { accept: MEDIA_TYPE.memberships } });
      const body = pageSchema.parse(await response.json());
      // A member the LMS describes oddly is skipped, not the whole roster.
      for (const raw of body.members) {
        const member = memberSchema.safeParse(raw);
        if (member.success) members.push(member.data);
      }
      if (members.length > MAX_MEMBERS) throw new Error(`The LMS lists more than ${MAX_MEMBERS} members.`);
      const next = nextPageUrl(response.headers.get("link"));
      // Pages stay on the LMS that served the first (a hostile Link header cannot aim GenLab's token elsewhere).
      url = next && new URL(next, url).origin === new URL(context.membershipsUrl).origin ? new URL(next, url).toString() : null;
    }

    const active = new Set<string>();
    let enrolled = 0;
    for (const member of members) {
      if (member.status && member.status !== "Active") continue;
      const userId = await accountOf(db, context.platformId, { sub: member.user_id, ...member });
      await enrolFromLms(db, userId, context.courseId, member.roles);
      active.add(userId);
      enrolled++;
    }
    // Everyone this LMS enrolled here who is not an active member now.
    const removed = await db.enrollment.updateMany({
      where: {
        courseId: context.courseId,
        lmsRemovedAt: null,
        userId: { notIn: [...active] },
        user: { ltiAccounts: { some: { platformId: context.platformId } } },
      },
      data: { lmsRemovedAt: new Date() },
    });
    await db.ltiContext.update({ where: { id: context.id }, data: { rosterSyncedAt: new Date(), rosterError: null } });
    log.info({ ltiContextId, members: members.length, enrolled, removed: removed.count }, "roster synced");
    return { members: members.length, enrolled, removed: removed.count };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.ltiContext.update({ where: { id: context.id }, data: { rosterError: message.slice(0, 1000) } });
    throw error;
  }
}

/**
 * After a launch: the course's LMS rosters, when never synced or not for ROSTER_RESYNC_MS, in the
 * background. Each is claimed first, so a class launching at once starts one sync, not hundreds.
 */
export function syncRosterIfDue(db: Db, services: LtiServices, courseId: string) {
  const due = { courseId, membershipsUrl: { not: null }, OR: [{ rosterSyncedAt: null }, { rosterSyncedAt: { lt: new Date(Date.now() - ROSTER_RESYNC_MS) } }] };
  const syncOne = async (id: string) => {
    const claimed = await db.ltiContext.updateMany({ where: { id, ...due }, data: { rosterSyncedAt: new Date() } });
    if (claimed.count === 1) await syncRoster(db, services, id);
  };
  db.ltiContext
    .findMany({ where: due, select: { id: true } })
    .then((contexts) => Promise.all(contexts.map((context) => syncOne(context.id))))
    .catch((error: unknown) => log.warn({ err: error, courseId }, "roster sync after a launch"));
}
