// A GenLab course's side of its LMS links, for its staff: which LMS courses it is linked to, their
// roster syncs, the linked assignments and, per student, what GenLab last sent to each grade column.
import type { Db } from "../db";
import { type Actor, requireEnrollment } from "../services/courses";
import { DomainError } from "../services/errors";
import type { GradeSync } from "./grades";
import { type RosterSyncResult, syncRoster } from "./roster";
import type { LtiServices } from "./services";

export async function courseLmsLinks(db: Db, actor: Actor, courseId: string) {
  await requireEnrollment(db, actor, courseId, "staff");
  const contexts = await db.ltiContext.findMany({
    where: { courseId },
    orderBy: { createdAt: "asc" },
    include: {
      platform: { select: { name: true } },
      links: {
        orderBy: { createdAt: "asc" },
        include: {
          assignment: { select: { title: true } },
          scoreSyncs: { orderBy: { updatedAt: "desc" }, include: { user: { select: { name: true, email: true } } } },
        },
      },
    },
  });
  return contexts.map((context) => ({
    id: context.id,
    lms: context.platform.name,
    title: context.title,
    rosterAvailable: context.membershipsUrl !== null,
    rosterSyncedAt: context.rosterSyncedAt,
    rosterError: context.rosterError,
    links: context.links.map((link) => ({
      id: link.id,
      assignmentId: link.assignmentId,
      assignmentTitle: link.assignment.title,
      gradeColumn: link.lineItemUrl !== null,
      students: link.scoreSyncs.map((sync) => ({
        userId: sync.userId,
        name: sync.user.name,
        email: sync.user.email,
        status: sync.status,
        postedPoints: sync.postedPoints,
        postedAt: sync.postedAt,
        error: sync.error,
        attempts: sync.attempts,
        updatedAt: sync.updatedAt,
      })),
    })),
  }));
}

/** Staff's "Sync roster from the LMS": every LMS course linked to this one. */
export async function syncCourseRosters(db: Db, services: LtiServices, actor: Actor, courseId: string): Promise<RosterSyncResult[]> {
  await requireEnrollment(db, actor, courseId, "staff", { write: true });
  const contexts = await db.ltiContext.findMany({ where: { courseId }, select: { id: true } });
  if (contexts.length === 0) throw new DomainError("CONFLICT", "This course is not linked to an LMS course.");
  const results: RosterSyncResult[] = [];
  for (const context of contexts) {
    try {
      results.push(await syncRoster(db, services, context.id));
    } catch (error) {
      throw new DomainError("CONFLICT", `The roster could not be read from the LMS: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return results;
}

/** Staff's "Send grades to the LMS again": every student of the course, after a change of rules or dates. */
export async function resendCourseGrades(db: Db, gradeSync: GradeSync, actor: Actor, courseId: string) {
  await requireEnrollment(db, actor, courseId, "staff", { write: true });
  await gradeSync.schedule({ courseId });
}
