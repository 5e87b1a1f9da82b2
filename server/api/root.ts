import { courseRouter } from "./routers/course";
import { datasetRouter } from "./routers/dataset";
import { exerciseRouter } from "./routers/exercise";
import { leaderboardRouter } from "./routers/leaderboard";
import { liveRouter } from "./routers/live";
import { poolRouter } from "./routers/pool";
import { progressRouter } from "./routers/progress";
import { submissionRouter } from "./routers/submission";
import { createCallerFactory, publicProcedure, router } from "./trpc";

export const appRouter = router({
  me: publicProcedure.query(({ ctx }) => ctx.user),
  course: courseRouter,
  dataset: datasetRouter,
  exercise: exerciseRouter,
  submission: submissionRouter,
  leaderboard: leaderboardRouter,
  progress: progressRouter,
  live: liveRouter,
  pool: poolRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
