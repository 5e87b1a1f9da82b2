import { z } from "zod";
import { answerQuizQuestion, getCourseProgress, getMyProgress, getQuiz, markModuleRead, showQuizAnswer } from "../../services/progress";
import { authedProcedure, router } from "../trpc";

const courseId = z.string().min(1).max(64);
const moduleRef = z.object({ courseId, moduleSlug: z.string().min(1).max(64) });
const questionRef = moduleRef.extend({ questionId: z.string().min(1).max(64) });

export const progressRouter = router({
  markRead: authedProcedure.input(moduleRef).mutation(({ ctx, input }) => markModuleRead(ctx.db, ctx.user, input.courseId, input.moduleSlug)),
  quiz: authedProcedure.input(moduleRef).query(({ ctx, input }) => getQuiz(ctx.db, ctx.user, input.courseId, input.moduleSlug)),
  answer: authedProcedure
    .input(questionRef.extend({ answer: z.number().refine(Number.isFinite, "must be a finite number") }))
    .mutation(({ ctx, input }) => answerQuizQuestion(ctx.db, ctx.user, input)),
  /** "Show the answer": the question is settled without being earned. */
  showAnswer: authedProcedure.input(questionRef).mutation(({ ctx, input }) => showQuizAnswer(ctx.db, ctx.user, input)),
  mine: authedProcedure.input(z.object({ courseId })).query(({ ctx, input }) => getMyProgress(ctx.db, ctx.user, input.courseId)),
  course: authedProcedure.input(z.object({ courseId })).query(({ ctx, input }) => getCourseProgress(ctx.db, ctx.user, input.courseId)),
});
