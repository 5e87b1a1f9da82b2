import { z } from "zod";
import { MAX_SUBMISSION_BYTES, SUBMISSION_ENVELOPE_BYTES } from "@/lib/exercises/registry";
import { getSubmission, listMySubmissions, submitSolution } from "../../services/submissions";
import { authedProcedure, router } from "../trpc";

const ref = { courseId: z.string().min(1).max(64), exerciseSlug: z.string().min(1).max(64) };

export const submissionRouter = router({
  submit: authedProcedure
    .meta({ maxBodyBytes: MAX_SUBMISSION_BYTES + SUBMISSION_ENVELOPE_BYTES })
    .input(
      z.object({
        ...ref,
        idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "must be 8–64 letters, digits, '-' or '_'"),
        // Checked against the exercise's own schema in the service, which knows the exercise.
        body: z.unknown(),
        config: z.unknown().optional(),
        roundId: z.string().min(1).max(64).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await submitSolution(ctx.db, ctx.user, { ...input, requestBytes: ctx.requestBytes?.() }, { check: ctx.check, score: ctx.score });
      if (!result.duplicate) {
        ctx.realtime.leaderboardUpdated({ exerciseId: result.exerciseId, submissionId: result.id, userId: result.userId, at: result.createdAt.getTime() });
      }
      return result;
    }),
  mine: authedProcedure.input(z.object(ref)).query(({ ctx, input }) => listMySubmissions(ctx.db, ctx.user, input.courseId, input.exerciseSlug)),
  get: authedProcedure.input(z.object({ submissionId: z.string().min(1).max(64) })).query(({ ctx, input }) => getSubmission(ctx.db, ctx.user, input.submissionId)),
});
