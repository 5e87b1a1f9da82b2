import { z } from "zod";
import { describeExercise, EXERCISES } from "@/exercises/registry";
import { requestChallenge } from "../../services/challenges";
import { getExercise, getTrainingData, setExerciseDeadline } from "../../services/exercises";
import { authedProcedure, publicProcedure, router } from "../trpc";

const ref = z.object({ courseId: z.string().min(1).max(64), exerciseSlug: z.string().min(1).max(64) });

export const exerciseRouter = router({
  catalog: publicProcedure.query(() => EXERCISES.map(describeExercise)),
  get: authedProcedure.input(ref).query(({ ctx, input }) => getExercise(ctx.db, ctx.user, input.courseId, input.exerciseSlug)),
  trainingData: authedProcedure.input(ref).query(({ ctx, input }) => getTrainingData(ctx.db, ctx.user, input.courseId, input.exerciseSlug)),
  /** A fresh single-use challenge (its uniforms) for an exercise answered against one: a mutation, it stores the seed. */
  challenge: authedProcedure.input(ref).mutation(({ ctx, input }) => requestChallenge(ctx.db, ctx.user, input)),
  setDeadline: authedProcedure
    .input(ref.extend({ deadline: z.date().nullable() }))
    .mutation(({ ctx, input }) => setExerciseDeadline(ctx.db, ctx.user, input.courseId, input.exerciseSlug, input.deadline)),
});
