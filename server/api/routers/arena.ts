import { z } from "zod";
import { ARENA_OUTCOMES } from "@/lib/arena/types";
import { closeArena, getArenaResults, listArenas, nextArenaPair, openArena, voteInArena } from "../../services/arena";
import { authedProcedure, router } from "../trpc";

const id = z.string().min(1).max(64);
const exercise = z.object({ courseId: id, exerciseSlug: id });
const arena = z.object({ arenaId: id });

export const arenaRouter = router({
  /** The exercise's arenas, newest first (members). */
  list: authedProcedure.input(exercise).query(({ ctx, input }) => listArenas(ctx.db, ctx.user, input.courseId, input.exerciseSlug)),
  /** Staff: opens an arena on the exercise with each student's latest submission, or returns the open one. */
  open: authedProcedure.input(exercise).mutation(({ ctx, input }) => openArena(ctx.db, ctx.user, input.courseId, input.exerciseSlug)),
  close: authedProcedure.input(arena).mutation(({ ctx, input }) => closeArena(ctx.db, ctx.user, input.arenaId)),
  /** The pair waiting for this voter, or a new one (a mutation: it may serve a pair). Null: nothing left to judge. */
  next: authedProcedure.input(arena).mutation(({ ctx, input }) => nextArenaPair(ctx.db, ctx.user, input.arenaId, ctx.fitArena)),
  vote: authedProcedure
    .input(z.object({ matchId: id, outcome: z.enum(ARENA_OUTCOMES) }))
    .mutation(({ ctx, input }) => voteInArena(ctx.db, ctx.user, input.matchId, input.outcome)),
  /** Ratings with intervals, metric ranks and Kendall's τ (students: once voting has closed). */
  results: authedProcedure.input(arena).query(({ ctx, input }) => getArenaResults(ctx.db, ctx.user, input.arenaId, ctx.fitArena)),
});
