import { z } from "zod";
import { latePolicySchema } from "@/lib/grading/late";
import { gradingRuleSchema } from "@/lib/grading/rules";
import {
  createAssignment,
  deleteAssignment,
  getAssignment,
  listAssignments,
  listMyAssignments,
  listMyNotices,
  setExtension,
  setGradesReleased,
  updateAssignment,
} from "../../services/assignments";
import { getQuizItem, submitQuizAttempt } from "../../services/quiz-attempts";
import { thenSyncGrades } from "../../lti/grades";
import { authedProcedure, router } from "../trpc";
import { courseDateInput, courseId } from "../inputs";

const id = z.string().min(1).max(64);
const slug = z.string().min(1).max(64);
const points = z.number().finite().min(0, "Points cannot be negative.").max(10_000);
const counting = z.enum(["BEST", "LAST"]);
const item = z.union([
  z.object({ exerciseSlug: slug, points, rule: gradingRuleSchema.optional(), counting: counting.optional() }).strict(),
  z.object({ quizModuleSlug: slug, points, counting: counting.optional() }).strict(),
]);
/** 20,000 characters of instructions in any script (up to 4 bytes each in JSON), and 50 items. */
const MAX_ASSIGNMENT_BYTES = 96 * 1024;

const assignment = z.object({
  title: z.string().trim().min(1, "Give the assignment a title.").max(200),
  instructions: z.string().max(20_000, "Instructions have at most 20,000 characters.").optional(),
  openAt: courseDateInput.nullable().optional(),
  dueAt: courseDateInput,
  latePolicy: latePolicySchema.optional(),
  quizAttempts: z.number().int().min(1).max(20).optional(),
  quizAnswersShown: z.enum(["AFTER_LAST_ATTEMPT", "AFTER_DUE", "NEVER"]).optional(),
  gradedOn: z.enum(["PUBLIC", "PRIVATE"]).optional(),
  items: z.array(item).min(1, "An assignment needs at least one item.").max(50),
});

export const assignmentRouter = router({
  create: authedProcedure
    .meta({ maxBodyBytes: MAX_ASSIGNMENT_BYTES })
    .input(assignment.extend({ courseId }))
    .mutation(({ ctx, input: { courseId, ...a } }) => createAssignment(ctx.db, ctx.user, courseId, a)),
  update: authedProcedure
    .meta({ maxBodyBytes: MAX_ASSIGNMENT_BYTES })
    .input(assignment.extend({ assignmentId: id }))
    .mutation(({ ctx, input: { assignmentId, ...a } }) =>
      thenSyncGrades(ctx.lti?.gradeSync, updateAssignment(ctx.db, ctx.user, assignmentId, a), { assignmentId }),
    ),
  delete: authedProcedure.input(z.object({ assignmentId: id })).mutation(({ ctx, input }) => deleteAssignment(ctx.db, ctx.user, input.assignmentId)),
  list: authedProcedure.input(z.object({ courseId })).query(({ ctx, input }) => listAssignments(ctx.db, ctx.user, input.courseId)),
  get: authedProcedure.input(z.object({ assignmentId: id })).query(({ ctx, input }) => getAssignment(ctx.db, ctx.user, input.assignmentId)),
  /** Everything due for me across my courses. */
  mine: authedProcedure.query(({ ctx }) => listMyAssignments(ctx.db, ctx.user)),
  /** New assignments and those due within 24 hours, newest first. */
  notices: authedProcedure.query(({ ctx }) => listMyNotices(ctx.db, ctx.user)),
  setExtension: authedProcedure
    .input(z.object({ assignmentId: id, userId: id, dueAt: courseDateInput.nullable() }))
    .mutation(({ ctx, input }) =>
      thenSyncGrades(ctx.lti?.gradeSync, setExtension(ctx.db, ctx.user, input.assignmentId, input.userId, input.dueAt), { assignmentId: input.assignmentId }, [
        input.userId,
      ]),
    ),
  setReleased: authedProcedure
    .input(z.object({ assignmentId: id, released: z.boolean() }))
    .mutation(({ ctx, input }) =>
      thenSyncGrades(ctx.lti?.gradeSync, setGradesReleased(ctx.db, ctx.user, input.assignmentId, input.released), { assignmentId: input.assignmentId }),
    ),
  quiz: authedProcedure.input(z.object({ itemId: id })).query(({ ctx, input }) => getQuizItem(ctx.db, ctx.user, input.itemId)),
  submitQuiz: authedProcedure
    .input(
      z.object({ itemId: id, answers: z.record(z.string().max(64), z.string().max(64)).refine((a) => Object.keys(a).length <= 50, "At most 50 answers.") }),
    )
    .mutation(({ ctx, input }) => thenSyncGrades(ctx.lti?.gradeSync, submitQuizAttempt(ctx.db, ctx.user, input), { itemId: input.itemId }, [ctx.user.id])),
});
