import { z } from "zod";
import { getLeaderboard } from "../../services/leaderboards";
import { getPrivateLeaderboard } from "../../services/private-leaderboard";
import { authedProcedure, router } from "../trpc";

const ref = z.object({ courseId: z.string().min(1).max(64), exerciseSlug: z.string().min(1).max(64) });

export const leaderboardRouter = router({
  get: authedProcedure.input(ref).query(({ ctx, input }) => getLeaderboard(ctx.db, ctx.user, input.courseId, input.exerciseSlug, ctx.fitArena)),
  /** Exercises with held-out data: the ranking on the private part (entries null for students before the due date). */
  private: authedProcedure.input(ref).query(({ ctx, input }) => getPrivateLeaderboard(ctx.db, ctx.user, input.courseId, input.exerciseSlug)),
});
