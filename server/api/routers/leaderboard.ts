import { z } from "zod";
import { getLeaderboard } from "../../services/leaderboards";
import { authedProcedure, router } from "../trpc";

export const leaderboardRouter = router({
  get: authedProcedure
    .input(z.object({ courseId: z.string().min(1).max(64), exerciseSlug: z.string().min(1).max(64) }))
    .query(({ ctx, input }) => getLeaderboard(ctx.db, ctx.user, input.courseId, input.exerciseSlug)),
});
