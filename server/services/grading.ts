// Points, computed whenever they are read from what the server stored itself: its scores of
// submissions and its grading of quiz attempts, the item's rule, the dates and late policy, the
// student's extension and any override by staff. Nothing here is ever taken from a client.
import { type GradedAttempt as ScoredAttempt, gradeItem, sumPoints } from "@/lib/grading/grade";
import { type LatePolicy, lastAcceptedAt } from "@/lib/grading/late";
import { type GradingRule, ruleFraction } from "@/lib/grading/rules";
import { courseHeldoutFormat } from "@/lib/course/heldout";
import { rankingOf } from "@/lib/exercises/ranking";
import { findExercise } from "@/exercises/registry";
import type { Db } from "../db";
import type { Assignment, AssignmentItem } from "../generated/prisma/client";
import { exerciseDueDate } from "./exercises";
import { privateRevealed } from "./heldout";

type ModuleVisibility = { hidden: boolean; releaseAt: Date | null };

export type AssignmentWithItems = Pick<Assignment, "id" | "courseId" | "title" | "openAt" | "dueAt" | "latePolicy" | "gradesReleasedAt" | "gradedOn"> & {
  items: (AssignmentItem & {
    exercise: { slug: string; deadline: Date | null; module: ModuleVisibility } | null;
    module: ({ slug: string; title: string } & ModuleVisibility) | null;
  })[];
};

/** Students graded between two yields to the event loop (a few milliseconds of work). */
const YIELD_EVERY_STUDENTS = 20;

/** Every assignment read for grading loads its items with what they grade. */
export const assignmentWithItems = {
  items: {
    orderBy: { position: "asc" as const },
    include: {
      exercise: { select: { slug: true, deadline: true, module: { select: { hidden: true, releaseAt: true } } } },
      module: { select: { slug: true, title: true, hidden: true, releaseAt: true } },
    },
  },
} as const;

/** An item as people name it: the exercise's title, or "Quiz: <module>". */
export const itemTitle = (item: { exercise: { slug: string } | null; module: { title: string } | null }) =>
  item.exercise ? (findExercise(item.exercise.slug)?.title ?? item.exercise.slug) : `Quiz: ${item.module?.title ?? ""}`;

export type GradedAttempt = ScoredAttempt & { at: Date };

export interface ItemGrade {
  itemId: string;
  points: number;
  /** What the rule gives now (null: nothing counted yet). */
  computed: number | null;
  /** What counts: the override when there is one (and the viewer may see it), else `computed`. */
  earned: number | null;
  /** The submission (or quiz attempt) that counts. */
  countedId: string | null;
  late: boolean;
  daysLate: number;
  excused: boolean;
  override: { points: number | null; excused: boolean; reason: string } | null;
  attempts: GradedAttempt[];
  /**
   * Set when the item is graded on the private part of the held-out set and the student may not see
   * that part's results yet: no points or attempts until `revealAt` (null: no due date yet).
   */
  privatePending: { revealAt: Date | null } | null;
}

/** Whether the item earns points from the private part of its exercise's held-out set. */
const gradedOnPrivate = (assignment: Pick<AssignmentWithItems, "gradedOn">, item: { exercise: { slug: string } | null }) =>
  assignment.gradedOn === "PRIVATE" && item.exercise !== null && courseHeldoutFormat(item.exercise.slug) !== undefined;

export interface StudentAssignmentGrade {
  /** The student's own due date (an extension moves it) and the end of the late window. */
  dueAt: Date;
  extended: boolean;
  closesAt: Date;
  released: boolean;
  items: ItemGrade[];
  total: number;
  /** Points of the items not excused. */
  pointsPossible: number;
}

/**
 * Grades of `userIds` in each assignment: Map assignmentId → Map userId → grade. `forStudent`:
 * what a student may see (overrides only once the grades are released).
 */
export async function gradeAssignments(
  db: Db,
  timeZone: string,
  assignments: AssignmentWithItems[],
  userIds: string[],
  { forStudent, now = new Date() }: { forStudent: boolean; now?: Date },
): Promise<Map<string, Map<string, StudentAssignmentGrade>>> {
  const items = assignments.flatMap((a) => a.items);
  const exerciseIds = [...new Set(items.flatMap((i) => (i.exerciseId ? [i.exerciseId] : [])))];
  const quizItemIds = items.filter((i) => i.moduleId).map((i) => i.id);
  const [extensions, scores, quizAttempts, overrides] = await Promise.all([
    db.assignmentExtension.findMany({ where: { assignmentId: { in: assignments.map((a) => a.id) }, userId: { in: userIds } } }),
    // One query per exercise: a class's scores arrive (and are parsed) in slices, not in one long turn of the event loop.
    Promise.all(
      exerciseIds.map((exerciseId) =>
        db.score.findMany({
          where: { exerciseId, userId: { in: userIds } },
          select: { submissionId: true, userId: true, exerciseId: true, metrics: true, privateMetrics: true, submission: { select: { createdAt: true } } },
          orderBy: { submission: { createdAt: "asc" } },
        }),
      ),
    ).then((perExercise) => perExercise.flat()),
    quizItemIds.length
      ? db.quizAttempt.findMany({
          where: { itemId: { in: quizItemIds }, userId: { in: userIds } },
          orderBy: { createdAt: "asc" },
          select: { id: true, itemId: true, userId: true, correct: true, total: true, createdAt: true },
        })
      : [],
    db.gradeOverride.findMany({ where: { itemId: { in: items.map((i) => i.id) }, userId: { in: userIds } } }),
  ]);

  const key = (a: string, b: string) => `${a}\u0000${b}`;
  const group = <T>(rows: T[], keyOf: (row: T) => string) => {
    const map = new Map<string, T[]>();
    for (const row of rows) {
      const k = keyOf(row);
      const list = map.get(k);
      if (list) list.push(row);
      else map.set(k, [row]);
    }
    return map;
  };
  const scoresBy = group(scores, (s) => key(s.exerciseId, s.userId));
  const attemptsBy = group(quizAttempts, (q) => key(q.itemId, q.userId));
  const extensionBy = new Map(extensions.map((e) => [key(e.assignmentId, e.userId), e.dueAt]));
  const overrideBy = new Map(overrides.map((o) => [key(o.itemId, o.userId), o]));
  // A student sees points from private metrics only from the exercise's due date on.
  const privateRevealAt = new Map<string, Date | null>();
  if (forStudent) {
    for (const item of assignments.flatMap((a) => a.items.filter((i) => gradedOnPrivate(a, i)))) {
      if (!privateRevealAt.has(item.exerciseId!))
        privateRevealAt.set(item.exerciseId!, await exerciseDueDate(db, { id: item.exerciseId!, deadline: item.exercise!.deadline }));
    }
  }

  const result = new Map<string, Map<string, StudentAssignmentGrade>>();
  for (const assignment of assignments) {
    const policy = assignment.latePolicy as unknown as LatePolicy;
    const released = assignment.gradesReleasedAt !== null && assignment.gradesReleasedAt <= now;
    const byUser = new Map<string, StudentAssignmentGrade>();
    for (const [index, userId] of userIds.entries()) {
      // A class's grades are computed in slices: other requests get the event loop in between.
      if (index > 0 && index % YIELD_EVERY_STUDENTS === 0) await new Promise((resolve) => setImmediate(resolve));
      const extended = extensionBy.get(key(assignment.id, userId));
      const dueAt = extended ?? assignment.dueAt;
      const itemGrades = assignment.items.map((item): ItemGrade => {
        const definition = item.exercise && findExercise(item.exercise.slug);
        const onPrivate = gradedOnPrivate(assignment, item);
        const stored = overrideBy.get(key(item.id, userId));
        const override = stored && (!forStudent || released) ? { points: stored.points, excused: stored.excused, reason: stored.reason } : null;
        const revealAt = onPrivate ? (privateRevealAt.get(item.exerciseId!) ?? null) : null;
        if (onPrivate && forStudent && !privateRevealed(revealAt, now)) {
          return {
            itemId: item.id,
            points: item.points,
            computed: null,
            earned: override && !override.excused ? override.points : null,
            countedId: null,
            late: false,
            daysLate: 0,
            excused: override?.excused ?? false,
            override,
            attempts: [],
            privatePending: { revealAt },
          };
        }
        const attempts = item.exerciseId
          ? (scoresBy.get(key(item.exerciseId, userId)) ?? []).map((s) => {
              const rule = item.rule as unknown as GradingRule;
              const metrics = s.metrics as Record<string, number>;
              // Scores from before the split have no private metrics: their one score counts.
              const privateMetrics = onPrivate ? (s.privateMetrics as Record<string, number> | null) : null;
              return {
                id: s.submissionId,
                at: s.submission.createdAt,
                fraction: ruleFraction(rule, privateMetrics ?? metrics),
                // On the private part, the public part picks the attempt that counts and the private one
                // pays it (private-leaderboard.ts says why); flags, about the submission itself, too.
                ...(privateMetrics ? { selectBy: ruleFraction(rule, metrics) } : {}),
                flagged: definition ? (rankingOf(definition, metrics).reason ?? null) : null,
              };
            })
          : (attemptsBy.get(key(item.id, userId)) ?? []).map((q) => ({ id: q.id, at: q.createdAt, fraction: q.total > 0 ? q.correct / q.total : 0 }));
        const graded = gradeItem({
          points: item.points,
          counting: item.counting === "LAST" ? "last" : "best",
          openAt: assignment.openAt,
          dueAt,
          policy,
          timeZone,
          attempts,
        });
        return {
          itemId: item.id,
          points: item.points,
          computed: graded.earned,
          earned: override ? (override.excused ? null : override.points) : graded.earned,
          countedId: graded.countedId,
          late: graded.late,
          daysLate: graded.daysLate,
          excused: override?.excused ?? false,
          override,
          attempts: graded.attempts.map((a, i) => ({ ...a, at: attempts[i].at })),
          privatePending: null,
        };
      });
      byUser.set(userId, {
        dueAt,
        extended: extended !== undefined,
        closesAt: lastAcceptedAt(dueAt, policy, timeZone),
        released,
        items: itemGrades,
        total: sumPoints(itemGrades.map((g) => g.earned)),
        pointsPossible: sumPoints(itemGrades.filter((g) => !g.excused).map((g) => g.points)),
      });
    }
    result.set(assignment.id, byUser);
  }
  return result;
}
