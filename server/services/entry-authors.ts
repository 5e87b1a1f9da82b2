// How an entry's author is named for a viewer: the leaderboards and the arena's results show the same names.
import { coursePseudonyms } from "@/lib/users/pseudonym";
import type { Db } from "../db";
import type { CourseRole } from "../generated/prisma/client";
import { type Actor, emailForViewer, isStaff } from "./courses";

/**
 * Who an entry's author is, as this viewer may know them: a student gets no classmate's id (with
 * it, a pseudonym could be matched to a name seen elsewhere) and only instructors get emails (they
 * tell look-alike display names apart).
 */
export async function entryAuthors(db: Db, courseId: string, actor: Actor, role: CourseRole) {
  const displayName = await namesForViewer(db, courseId, actor, role);
  return (row: { userId: string; name: string; email: string }) => ({
    userId: isStaff(role) || row.userId === actor.id ? row.userId : null,
    displayName: displayName(row.userId, row.name),
    email: emailForViewer(role, row.email),
    isMe: row.userId === actor.id,
  });
}

/**
 * How classmates are named for this viewer: staff always see names; students see pseudonyms unless
 * the course shows names (Course.leaderboardNames), and always their own name.
 */
async function namesForViewer(db: Db, courseId: string, actor: Actor, role: CourseRole) {
  const course = await db.course.findUniqueOrThrow({ where: { id: courseId }, select: { leaderboardNames: true } });
  if (isStaff(role) || course.leaderboardNames === "NAME") return (_userId: string, name: string) => name;
  const members = await db.enrollment.findMany({ where: { courseId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { userId: true } });
  const pseudonyms = coursePseudonyms(
    courseId,
    members.map((m) => m.userId),
  );
  return (userId: string, name: string) => (userId === actor.id ? name : (pseudonyms.get(userId) ?? "A former member"));
}
