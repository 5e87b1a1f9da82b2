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

/** Every procedure: validate → authorize (in the service) → change PostgreSQL → broadcast the new state. */
export const liveRouter = router({
  start: authedProcedure.input(z.object({ courseId: id })).mutation(({ ctx, input }) => startLiveSession(ctx.db, ctx.user, input.courseId)),
  list: authedProcedure.input(z.object({ courseId: id })).query(({ ctx, input }) => listLiveSessions(ctx.db, ctx.user, input.courseId)),
  joinByCode: authedProcedure
    .input(z.object({ code: z.string().trim().min(1, "Type the code shown by your instructor.").max(16, "A session code has 6 characters.") }))
    .mutation(({ ctx, input }) => joinLiveSessionByCode(ctx.db, ctx.user, input.code)),
  state: authedProcedure.input(z.object(session)).query(({ ctx, input }) => getLiveState(ctx.db, ctx.user, input.sessionId)),
  summary: authedProcedure.input(z.object(session)).query(({ ctx, input }) => getLiveSummary(ctx.db, ctx.user, input.sessionId)),
  exportCsv: authedProcedure.input(z.object(session)).query(({ ctx, input }) => exportLiveSessionCsv(ctx.db, ctx.user, input.sessionId)),

  end: authedProcedure.input(z.object(session)).mutation(async ({ ctx, input }) => {
    await endLiveSession(ctx.db, ctx.user, input.sessionId);
    await ctx.realtime.liveStateChanged(input.sessionId);
  }),
  setModule: authedProcedure.input(z.object({ ...session, moduleSlug: text(64).nullable() })).mutation(async ({ ctx, input }) => {
    await setLiveModule(ctx.db, ctx.user, input.sessionId, input.moduleSlug);
    await ctx.realtime.liveStateChanged(input.sessionId);
  }),
  setNavigationLock: authedProcedure.input(z.object({ ...session, locked: z.boolean() })).mutation(async ({ ctx, input }) => {
    await setNavigationLock(ctx.db, ctx.user, input.sessionId, input.locked);
    await ctx.realtime.liveStateChanged(input.sessionId);
  }),
  spotlight: authedProcedure.input(z.object({ ...session, userId: id.nullable() })).mutation(async ({ ctx, input }) => {
    await setSpotlight(ctx.db, ctx.user, input.sessionId, input.userId);
    await ctx.realtime.liveStateChanged(input.sessionId);
  }),

  openPoll: authedProcedure.input(z.object({ ...session, poll: pollInput })).mutation(async ({ ctx, input }) => {
    const result = await openPoll(ctx.db, ctx.user, input.sessionId, input.poll);
    await ctx.realtime.liveStateChanged(input.sessionId);
    return result;
  }),
  answerPoll: authedProcedure.input(z.object({ pollId: id, choice: z.number().int().min(0).max(5) })).mutation(async ({ ctx, input }) => {
    const { sessionId } = await answerPoll(ctx.db, ctx.user, input.pollId, input.choice);
    ctx.realtime.livePollAnswered(sessionId, input.pollId);
    return { choice: input.choice };
  }),
  closePoll: authedProcedure.input(z.object({ pollId: id })).mutation(async ({ ctx, input }) => {
    const { sessionId } = await setPollStatus(ctx.db, ctx.user, input.pollId, "CLOSED");
    await ctx.realtime.liveStateChanged(sessionId);
  }),
  revealPoll: authedProcedure.input(z.object({ pollId: id })).mutation(async ({ ctx, input }) => {
    const { sessionId } = await setPollStatus(ctx.db, ctx.user, input.pollId, "REVEALED");
    await ctx.realtime.liveStateChanged(sessionId);
  }),

  startRound: authedProcedure
    .input(z.object({ ...session, exerciseSlug: text(64), durationSeconds: z.number().int().min(LIVE_ROUND_SECONDS.min).max(LIVE_ROUND_SECONDS.max) }))
    .mutation(async ({ ctx, input }) => {
      const result = await startRound(ctx.db, ctx.user, input.sessionId, input.exerciseSlug, input.durationSeconds);
      await ctx.realtime.liveStateChanged(input.sessionId);
      return result;
    }),
  endRound: authedProcedure.input(z.object({ roundId: id })).mutation(async ({ ctx, input }) => {
    const { sessionId } = await endRoundNow(ctx.db, ctx.user, input.roundId);
    await ctx.realtime.liveStateChanged(sessionId);
  }),
});
