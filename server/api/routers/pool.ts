import { z } from "zod";
import { cancelPoolJob, enqueuePoolJobs, getPoolJob, getPoolJobWeights, listPoolJobs, listPoolWorkers } from "../../services/pool";
import { authedProcedure, router } from "../trpc";

const id = z.string().min(1).max(64);
const finite = z.number().refine(Number.isFinite, "must be a finite number");
// zod drops a "__proto__" key from a record without a word, which would turn a sweep over it into a plain run.
const sweep = z.preprocess(
  (value, ctx) => {
    if (typeof value === "object" && value !== null && Object.hasOwn(value, "__proto__"))
      ctx.addIssue({ code: "custom", message: '"__proto__" is not a numeric setting of this model, so it cannot be swept.' });
    return value;
  },
  z.record(z.string().min(1).max(32), z.array(finite).max(8, "takes at most 8 values")),
);

export const poolRouter = router({
  enqueue: authedProcedure
    .input(
      z.object({
        courseId: id,
        exerciseSlug: id,
        // Checked against the exercise's own config schema in the service.
        config: z.unknown(),
        steps: z.number().int().min(1, "must be at least 1"),
        sweep: sweep.optional(),
      }),
    )
    .mutation(({ ctx, input }) => enqueuePoolJobs(ctx.db, ctx.pool, ctx.user, input)),
  list: authedProcedure
    .input(z.object({ courseId: id, exerciseSlug: id.optional() }))
    .query(({ ctx, input }) => listPoolJobs(ctx.db, ctx.user, input.courseId, input.exerciseSlug)),
  get: authedProcedure.input(z.object({ jobId: id })).query(({ ctx, input }) => getPoolJob(ctx.db, ctx.user, input.jobId)),
  cancel: authedProcedure.input(z.object({ jobId: id })).mutation(({ ctx, input }) => cancelPoolJob(ctx.db, ctx.pool, ctx.user, input.jobId)),
  workers: authedProcedure.input(z.object({ courseId: id })).query(({ ctx, input }) => listPoolWorkers(ctx.db, ctx.user, input.courseId)),
  weights: authedProcedure.input(z.object({ jobId: id })).query(({ ctx, input }) => getPoolJobWeights(ctx.db, ctx.user, input.jobId)),
});
