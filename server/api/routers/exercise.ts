import { z } from "zod";
import { describeExercise, EXERCISES } from "@/lib/exercises/registry";
import { getExercise, getTrainingData, setExerciseDeadline } from "../../services/exercises";
import { authedProcedure, publicProcedure, router } from "../trpc";

const ref = z.object({ courseId: z.string().min(1).max(64), exerciseSlug: z.string().min(1).max(64) });

export const exerciseRouter = router({
  catalog: publicProcedure.query(() => EXERCISES.map(describeExercise)),
  get: authedProcedure.input(ref).query(({ ctx, input }) => getExercise(ctx.db, ctx.user, input.courseId, input.exerciseSlug)),
  trainingData: authedProcedure.input(ref).query(({ ctx, input }) => getTrainingData(ctx.db, ctx.user, input.courseId, input.exerciseSlug)),
  setDeadline: authedProcedure
    .input(ref.extend({ deadline: z.date().nullable() }))
    .mutation(({ ctx, input }) => setExerciseDeadline(ctx.db, ctx.user, input.courseId, input.exerciseSlug, input.deadline)),
});
