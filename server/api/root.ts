import { accountRouter } from "./routers/account";
import { arenaRouter } from "./routers/arena";
import { assignmentRouter } from "./routers/assignment";
import { courseRouter } from "./routers/course";
import { datasetRouter } from "./routers/dataset";
import { exerciseRouter } from "./routers/exercise";
import { gradebookRouter } from "./routers/gradebook";
import { heldoutRouter } from "./routers/heldout";
import { leaderboardRouter } from "./routers/leaderboard";
import { liveRouter } from "./routers/live";
import { ltiRouter } from "./routers/lti";
import { poolRouter } from "./routers/pool";
import { progressRouter } from "./routers/progress";
import { rosterRouter } from "./routers/roster";
import { submissionRouter } from "./routers/submission";
import { createCallerFactory, publicProcedure, router } from "./trpc";

export const appRouter = router({
  me: publicProcedure.query(({ ctx }) => ctx.user),
  account: accountRouter,
  course: courseRouter,
  roster: rosterRouter,
  assignment: assignmentRouter,
  gradebook: gradebookRouter,
  dataset: datasetRouter,
  exercise: exerciseRouter,
  heldout: heldoutRouter,
  submission: submissionRouter,
  leaderboard: leaderboardRouter,
  progress: progressRouter,
  live: liveRouter,
  pool: poolRouter,
  lti: ltiRouter,
  arena: arenaRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
