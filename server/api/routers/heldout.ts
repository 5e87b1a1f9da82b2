import { z } from "zod";
import { HELDOUT_UPLOAD_MAX_BYTES } from "@/lib/course/heldout";
import { describeCourseHeldout, listHeldoutSets, removeHeldoutSet, uploadHeldoutSet } from "../../services/heldout";
import { authedProcedure, router } from "../trpc";
import { courseId } from "../inputs";

const ref = z.object({ courseId, exerciseSlug: z.string().min(1).max(64) });

export const heldoutRouter = router({
  /** Which held-out data the course scores an exercise on, and the split's sizes: the exercise page. */
  describe: authedProcedure.input(ref).query(({ ctx, input }) => describeCourseHeldout(ctx.db, ctx.user, input.courseId, input.exerciseSlug)),
  /** Instructors: each exercise's held-out data, as summaries. */
  list: authedProcedure.input(z.object({ courseId })).query(({ ctx, input }) => listHeldoutSets(ctx.db, ctx.user, input.courseId)),
  /** Instructors: the file's text; its size is checked before it is parsed (quotes are escaped in the request: up to twice the file). */
  upload: authedProcedure
    .meta({ maxBodyBytes: 2 * HELDOUT_UPLOAD_MAX_BYTES + 4 * 1024 })
    .input(ref.extend({ json: z.string() }))
    .mutation(({ ctx, input }) => uploadHeldoutSet(ctx.db, ctx.user, input.courseId, input.exerciseSlug, input.json)),
  remove: authedProcedure.input(ref).mutation(({ ctx, input }) => removeHeldoutSet(ctx.db, ctx.user, input.courseId, input.exerciseSlug)),
});
