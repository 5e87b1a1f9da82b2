// The live-session half of the socket gateway: joining a session's rooms, progress telemetry
// (rate-limited, aggregated per tick), the clock, and the broadcasts that follow a change in
// PostgreSQL. With the Postgres adapter every broadcast reaches sockets on every server process.
import { EVENTS, liveInstructorRoom, liveRoom } from "@/lib/realtime/protocol";
import type { Db } from "../db";
import { logger } from "../observability/log";
import { closeDueRounds, loadPublicState, pollCounts, recordParticipant } from "../services/live";
import type { ClientEventHandlers, RealtimeStats } from "./client-events";
import { roomCapRefusal } from "./client-events";
import type { GenlabIo } from "./gateway";
import { LiveTelemetry } from "./live-telemetry";
import { mutateThenBroadcast } from "./publisher";

const GRID_TICK_MS = 1000;
const ROUND_SWEEP_MS = 500;
/** Poll answers arriving together are counted once per this period. */
const POLL_COUNTS_BATCH_MS = 300;

type LiveEvent = typeof EVENTS.liveJoin | typeof EVENTS.liveLeave | typeof EVENTS.liveProgress | typeof EVENTS.liveClock;

export function createLiveRuntime(io: GenlabIo, db: Db, stats: RealtimeStats) {
  const telemetry = new LiveTelemetry();
  const pendingPollCounts = new Map<string, NodeJS.Timeout>();

  /** Per session, whose tile the spotlight last showed: a new spotlight sends the tile it finds, even of a student who stopped training. */
  const spotlightShown = new Map<string, string>();
  const showSpotlight = (sessionId: string, userId: string | null | undefined, changedUserIds?: Set<string>) => {
    if (!userId || (spotlightShown.get(sessionId) === userId && !changedUserIds?.has(userId))) return;
    // The tile lives in the memory of the process the student's socket reports to; the others wait for it.
    const tile = telemetry.latestOf(sessionId, userId);
    if (!tile) return;
    spotlightShown.set(sessionId, userId);
    io.to(liveRoom(sessionId)).emit(EVENTS.liveSpotlight, { ...tile, sessionId });
  };

  const publishState = async (sessionId: string) => {
    const state = await loadPublicState(db, sessionId);
    io.to(liveRoom(sessionId)).emit(EVENTS.liveState, state);
    showSpotlight(sessionId, state.spotlight?.userId);
  };

  const publishPollCounts = async (sessionId: string, pollId: string) => {
    const poll = await db.livePoll.findUnique({ where: { id: pollId }, select: { choices: true } });
    if (!poll) return;
    const counts = await pollCounts(db, pollId, poll.choices.length);
    io.to(liveInstructorRoom(sessionId)).emit(EVENTS.livePollCounts, { sessionId, pollId, counts, answered: counts.reduce((a, b) => a + b, 0) });
  };

  const gridTick = async () => {
    const now = Date.now();
    const batches = telemetry.tick(now);
    if (!batches.length) return;
    const sessions = await db.liveSession.findMany({
      where: { id: { in: batches.map((b) => b.sessionId) } },
      select: { id: true, spotlightUserId: true, endedAt: true },
    });
    // A grid of 2,000 tiles is 1.5 MB a second through PostgreSQL: only when another process could
    // hold an instructor's socket (the adapter's heartbeats tell). One that appears gets the whole
    // grid within ten seconds (live-telemetry.ts resends it all every ten ticks).
    const alone = (await io.of("/").adapter.serverCount()) === 1;
    const toInstructors = (sessionId: string) => (alone ? io.local : io).to(liveInstructorRoom(sessionId));
    for (const batch of batches) {
      const session = sessions.find((s) => s.id === batch.sessionId);
      if (!session || session.endedAt) {
        telemetry.forgetSession(batch.sessionId);
        spotlightShown.delete(batch.sessionId);
        continue;
      }
      toInstructors(batch.sessionId).emit(EVENTS.liveGrid, { sessionId: batch.sessionId, entries: batch.entries, at: now });
      showSpotlight(batch.sessionId, session.spotlightUserId, batch.changedUserIds);
    }
  };

  const sweepRounds = async () => {
    await mutateThenBroadcast(
      () => closeDueRounds(db),
      async (sessionIds) => {
        for (const sessionId of sessionIds) await publishState(sessionId);
      },
    );
  };

  const logged = (what: string, task: () => Promise<void>) => () => void task().catch((error: unknown) => logger("live").warn({ err: error }, what));
  const timers = [setInterval(logged("grid", gridTick), GRID_TICK_MS), setInterval(logged("rounds", sweepRounds), ROUND_SWEEP_MS)];

  const handlers: Pick<ClientEventHandlers, LiveEvent> = {
    [EVENTS.liveJoin]: {
      label: "Join request",
      bucket: "other",
      rooms: "join",
      async handle({ sessionId }, socket) {
        const { liveSessions, user } = socket.data;
        const full = roomCapRefusal(liveSessions, sessionId, "liveSessions");
        if (full) return full;
        // Once recorded: the socket joins its rooms, then a student is announced to the instructors.
        await mutateThenBroadcast(
          () => recordParticipant(db, user, sessionId),
          async (role) => {
            liveSessions.set(sessionId, role);
            await socket.join(role === "INSTRUCTOR" ? [liveRoom(sessionId), liveInstructorRoom(sessionId)] : liveRoom(sessionId));
            // Also on a rejoin: the grid shows who is connected now.
            if (role === "STUDENT") io.to(liveInstructorRoom(sessionId)).emit(EVENTS.liveParticipant, { sessionId, userId: user.id, name: user.name });
          },
        );
        return { ok: true, state: await loadPublicState(db, sessionId), serverNow: Date.now() };
      },
    },
    [EVENTS.liveLeave]: {
      label: "Leave request",
      bucket: "other",
      rooms: "leave",
      async handle({ sessionId }, socket) {
        socket.data.liveSessions.delete(sessionId);
        await socket.leave(liveRoom(sessionId));
        await socket.leave(liveInstructorRoom(sessionId));
        return { ok: true };
      },
    },
    [EVENTS.liveProgress]: {
      label: "Progress report",
      bucket: "progress",
      handle(progress, socket) {
        if (socket.data.liveSessions.get(progress.sessionId) !== "STUDENT") {
          stats.progressRefused++;
          return;
        }
        telemetry.record(socket.data.user, progress);
        stats.progressAccepted++;
      },
    },
    [EVENTS.liveClock]: {
      label: "Clock request",
      bucket: "other",
      handle: () => ({ ok: true, serverNow: Date.now() }),
    },
  };

  return {
    handlers,
    publishState,
    pollAnswered(sessionId: string, pollId: string) {
      if (pendingPollCounts.has(pollId)) return;
      const timer = setTimeout(() => {
        pendingPollCounts.delete(pollId);
        logged("poll counts", () => publishPollCounts(sessionId, pollId))();
      }, POLL_COUNTS_BATCH_MS);
      pendingPollCounts.set(pollId, timer);
    },
    close() {
      for (const t of timers) clearInterval(t);
      for (const t of pendingPollCounts.values()) clearTimeout(t);
    },
  };
}
