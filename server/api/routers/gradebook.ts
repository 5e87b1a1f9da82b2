import { z } from "zod";
import { getGradebook, getStudentRecord, gradebookCsv, gradebookExport, overrideGrade } from "../../services/gradebook";
import { thenSyncGrades } from "../../lti/grades";
import { authedProcedure, router } from "../trpc";
import { courseId } from "../inputs";

const id = z.string().min(1).max(64);

export const gradebookRouter = router({
  get: authedProcedure
    .input(z.object({ courseId, section: z.string().max(60).nullable().optional() }))
    .query(({ ctx, input }) => getGradebook(ctx.db, ctx.user, input.courseId, input.section ?? null)),
  student: authedProcedure
    .input(z.object({ courseId, userId: id }))
    .query(({ ctx, input }) => getStudentRecord(ctx.db, ctx.user, input.courseId, input.userId)),
  override: authedProcedure
    .input(
      z.object({
        itemId: id,
        userId: id,
        change: z.union([
          z.object({ points: z.number().finite() }).strict(),
          z.object({ excused: z.literal(true) }).strict(),
          z.object({ clear: z.literal(true) }).strict(),
        ]),
        reason: z.string().trim().min(1, "Say why the grade changes.").max(500),
      }),
    )
    .mutation(({ ctx, input }) => thenSyncGrades(ctx.lti?.gradeSync, overrideGrade(ctx.db, ctx.user, input), { itemId: input.itemId }, [input.userId])),
  /** The gradebook as data (what the CSV files hold). */
  json: authedProcedure.input(z.object({ courseId })).query(({ ctx, input }) => gradebookExport(ctx.db, ctx.user, input.courseId)),
  csv: authedProcedure
    .input(z.object({ courseId, format: z.enum(["generic", "canvas", "moodle"]) }))
    .query(({ ctx, input }) => gradebookCsv(ctx.db, ctx.user, input.courseId, input.format)),
});
