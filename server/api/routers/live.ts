import { z } from "zod";
import { LIVE_ROUND_SECONDS } from "@/lib/live/types";
import {
  answerPoll,
  endLiveSession,
  endRoundNow,
  exportLiveSessionCsv,
  getLiveState,
  getLiveSummary,
  joinLiveSessionByCode,
  listLiveSessions,
  openPoll,
  setLiveModule,
  setNavigationLock,
  setPollStatus,
  setSpotlight,
  startLiveSession,
  startRound,
} from "../../services/live";
import { getClassPicture } from "../../services/class-picture";
import { mutateThenBroadcast } from "../../realtime/publisher";
import { authedProcedure, router } from "../trpc";

const id = z.string().min(1).max(64);
const session = { sessionId: id };
const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);

const pollInput = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("custom"),
    prompt: text(300),
    choices: z.array(text(120)).min(2, "needs at least 2 choices").max(6, "takes at most 6 choices"),
    correctIndex: z.number().int().min(0).max(5).nullable(),
  }),
  z.object({ kind: z.literal("quiz"), moduleSlug: text(64), questionId: text(64) }),
]);

/**
 * Every change: validate (the input) → authorize, change PostgreSQL in one transaction (the service) →
 * broadcast the new state once that has committed (mutateThenBroadcast).
 */
export const liveRouter = router({
  start: authedProcedure.input(z.object({ courseId: id })).mutation(({ ctx, input }) => startLiveSession(ctx.db, ctx.user, input.courseId)),
  list: authedProcedure.input(z.object({ courseId: id })).query(({ ctx, input }) => listLiveSessions(ctx.db, ctx.user, input.courseId)),
  joinByCode: authedProcedure
    .input(z.object({ code: z.string().trim().min(1, "Type the code shown by your instructor.").max(16, "A session code has 6 characters.") }))
    .mutation(({ ctx, input }) => joinLiveSessionByCode(ctx.db, ctx.user, input.code)),
  state: authedProcedure.input(z.object(session)).query(({ ctx, input }) => getLiveState(ctx.db, ctx.user, input.sessionId)),
  summary: authedProcedure.input(z.object(session)).query(({ ctx, input }) => getLiveSummary(ctx.db, ctx.user, input.sessionId)),
  exportCsv: authedProcedure.input(z.object(session)).query(({ ctx, input }) => exportLiveSessionCsv(ctx.db, ctx.user, input.sessionId)),
  /** Staff: every student's latest samples of the latest round, for the class picture. */
  classPicture: authedProcedure.input(z.object(session)).query(({ ctx, input }) => getClassPicture(ctx.db, ctx.user, input.sessionId)),

  end: authedProcedure.input(z.object(session)).mutation(({ ctx, input }) =>
    mutateThenBroadcast(
      () => endLiveSession(ctx.db, ctx.user, input.sessionId),
      () => ctx.realtime.liveStateChanged(input.sessionId),
    ),
  ),
  setModule: authedProcedure.input(z.object({ ...session, moduleSlug: text(64).nullable() })).mutation(({ ctx, input }) =>
    mutateThenBroadcast(
      () => setLiveModule(ctx.db, ctx.user, input.sessionId, input.moduleSlug),
      () => ctx.realtime.liveStateChanged(input.sessionId),
    ),
  ),
  setNavigationLock: authedProcedure.input(z.object({ ...session, locked: z.boolean() })).mutation(({ ctx, input }) =>
    mutateThenBroadcast(
      () => setNavigationLock(ctx.db, ctx.user, input.sessionId, input.locked),
      () => ctx.realtime.liveStateChanged(input.sessionId),
    ),
  ),
  spotlight: authedProcedure.input(z.object({ ...session, userId: id.nullable() })).mutation(({ ctx, input }) =>
    mutateThenBroadcast(
      () => setSpotlight(ctx.db, ctx.user, input.sessionId, input.userId),
      () => ctx.realtime.liveStateChanged(input.sessionId),
    ),
  ),

  openPoll: authedProcedure.input(z.object({ ...session, poll: pollInput })).mutation(({ ctx, input }) =>
    mutateThenBroadcast(
      () => openPoll(ctx.db, ctx.user, input.sessionId, input.poll),
      () => ctx.realtime.liveStateChanged(input.sessionId),
    ),
  ),
  answerPoll: authedProcedure.input(z.object({ pollId: id, choice: z.number().int().min(0).max(5) })).mutation(async ({ ctx, input }) => {
    await mutateThenBroadcast(
      () => answerPoll(ctx.db, ctx.user, input.pollId, input.choice),
      ({ sessionId }) => ctx.realtime.livePollAnswered(sessionId, input.pollId),
    );
    return { choice: input.choice };
  }),
  closePoll: authedProcedure.input(z.object({ pollId: id })).mutation(async ({ ctx, input }) => {
    await mutateThenBroadcast(
      () => setPollStatus(ctx.db, ctx.user, input.pollId, "CLOSED"),
      ({ sessionId }) => ctx.realtime.liveStateChanged(sessionId),
    );
  }),
  revealPoll: authedProcedure.input(z.object({ pollId: id })).mutation(async ({ ctx, input }) => {
    await mutateThenBroadcast(
      () => setPollStatus(ctx.db, ctx.user, input.pollId, "REVEALED"),
      ({ sessionId }) => ctx.realtime.liveStateChanged(sessionId),
    );
  }),

  startRound: authedProcedure
    .input(
      z.object({
        ...session,
        exerciseSlug: text(64),
        durationSeconds: z.number().int().min(LIVE_ROUND_SECONDS.min).max(LIVE_ROUND_SECONDS.max),
        // An arena round: the class judges the exercise's submitted samples side by side.
        kind: z.enum(["training", "arena"]).default("training"),
      }),
    )
    .mutation(({ ctx, input }) =>
      mutateThenBroadcast(
        () => startRound(ctx.db, ctx.user, input.sessionId, input.exerciseSlug, input.durationSeconds, input.kind),
        () => ctx.realtime.liveStateChanged(input.sessionId),
      ),
    ),
  endRound: authedProcedure.input(z.object({ roundId: id })).mutation(async ({ ctx, input }) => {
    await mutateThenBroadcast(
      () => endRoundNow(ctx.db, ctx.user, input.roundId),
      ({ sessionId }) => ctx.realtime.liveStateChanged(sessionId),
    );
  }),
});
