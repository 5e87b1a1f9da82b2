// The live-session half of the socket gateway: joining a session's rooms, progress telemetry
// (rate-limited, aggregated per tick), the clock, and the broadcasts that follow a change in
// PostgreSQL. With the Postgres adapter every broadcast reaches sockets on every server process.
import { describeValidationError } from "@/lib/exercises/validation";
import { EVENTS, liveInstructorRoom, liveProgressSchema, liveRoom, liveSessionRefSchema, type LiveJoinAck } from "@/lib/realtime/protocol";
import type { Db } from "../db";
import type { Actor } from "../services/courses";
import { DomainError } from "../services/errors";
import { closeDueRounds, loadPublicState, pollCounts, recordParticipant } from "../services/live";
import type { GenlabIo, GenlabSocket } from "./gateway";
import { LiveTelemetry } from "./live-telemetry";
import { RATE_LIMITS, TokenBucket } from "./rate-limit";

const GRID_TICK_MS = 1000;
const ROUND_SWEEP_MS = 500;
/** Poll answers arriving together are counted once per this period. */
const POLL_COUNTS_BATCH_MS = 300;

export interface LiveStats {
  progressAccepted: number;
  /** Over the per-socket rate limit: dropped. */
  progressDropped: number;
  /** From a socket that has not joined the session as a student: ignored. */
  progressRefused: number;
  otherDropped: number;
  invalid: number;
}

export interface LiveSocketData {
  /** Sessions this socket joined, with the user's role in each. */
  liveSessions: Map<string, "STUDENT" | "INSTRUCTOR">;
  buckets: { progress: TokenBucket; other: TokenBucket };
}

export function newLiveSocketData(): LiveSocketData {
  return {
    liveSessions: new Map(),
    buckets: {
      progress: new TokenBucket(RATE_LIMITS.progress.perSecond, RATE_LIMITS.progress.burst),
      other: new TokenBucket(RATE_LIMITS.other.perSecond, RATE_LIMITS.other.burst),
    },
  };
}

export function createLiveRuntime(io: GenlabIo, db: Db, currentUser: (socket: GenlabSocket) => Promise<Actor | null>) {
  const telemetry = new LiveTelemetry();
  const stats: LiveStats = { progressAccepted: 0, progressDropped: 0, progressRefused: 0, otherDropped: 0, invalid: 0 };
  const pendingPollCounts = new Map<string, NodeJS.Timeout>();

  const publishState = async (sessionId: string) => {
    const state = await loadPublicState(db, sessionId);
    io.to(liveRoom(sessionId)).emit(EVENTS.liveState, state);
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
    const sessions = await db.liveSession.findMany({ where: { id: { in: batches.map((b) => b.sessionId) } }, select: { id: true, spotlightUserId: true, endedAt: true } });
    for (const batch of batches) {
      const session = sessions.find((s) => s.id === batch.sessionId);
      if (!session || session.endedAt) {
        telemetry.forgetSession(batch.sessionId);
        continue;
      }
      io.to(liveInstructorRoom(batch.sessionId)).emit(EVENTS.liveGrid, { sessionId: batch.sessionId, entries: batch.entries, at: now });
      const spotlit = session.spotlightUserId;
      const tile = spotlit && batch.changedUserIds.has(spotlit) ? telemetry.latestOf(batch.sessionId, spotlit) : undefined;
      if (tile) io.to(liveRoom(batch.sessionId)).emit(EVENTS.liveSpotlight, { ...tile, sessionId: batch.sessionId });
    }
  };

  const sweepRounds = async () => {
    for (const sessionId of await closeDueRounds(db)) await publishState(sessionId);
  };

  const logged = (what: string, task: () => Promise<void>) => () =>
    void task().catch((error) => console.error(`[live] ${what}:`, error instanceof Error ? error.message : error));
  const timers = [setInterval(logged("grid", gridTick), GRID_TICK_MS), setInterval(logged("rounds", sweepRounds), ROUND_SWEEP_MS)];

  function register(socket: GenlabSocket) {
    const live = socket.data.live;
    const allowOther = () => {
      if (live.buckets.other.take()) return true;
      stats.otherDropped++;
      return false;
    };

    socket.on(EVENTS.liveJoin, async (payload, ack) => {
      const reply = (result: LiveJoinAck) => typeof ack === "function" && ack(result);
      if (!allowOther()) return reply({ ok: false, error: "Too many requests from this page; wait a moment." });
      const parsed = liveSessionRefSchema.safeParse(payload);
      if (!parsed.success) return reply({ ok: false, error: describeValidationError(parsed.error) });
      const { sessionId } = parsed.data;
      try {
        const user = await currentUser(socket);
        if (!user) return reply({ ok: false, error: "Your session has ended. Please sign in again." });
        const role = await recordParticipant(db, user, sessionId);
        await socket.join(role === "INSTRUCTOR" ? [liveRoom(sessionId), liveInstructorRoom(sessionId)] : liveRoom(sessionId));
        live.liveSessions.set(sessionId, role);
        // Also on a rejoin: the grid shows who is connected now.
        if (role === "STUDENT") io.to(liveInstructorRoom(sessionId)).emit(EVENTS.liveParticipant, { sessionId, userId: user.id, name: user.name });
        reply({ ok: true, state: await loadPublicState(db, sessionId), serverNow: Date.now() });
      } catch (error) {
        reply({ ok: false, error: error instanceof DomainError ? error.message : "Something went wrong on the server." });
      }
    });

    socket.on(EVENTS.liveLeave, async (payload, ack) => {
      if (!allowOther()) return typeof ack === "function" && ack({ ok: false, error: "Too many requests from this page; wait a moment." });
      const parsed = liveSessionRefSchema.safeParse(payload);
      if (!parsed.success) return typeof ack === "function" && ack({ ok: false, error: describeValidationError(parsed.error) });
      live.liveSessions.delete(parsed.data.sessionId);
      await socket.leave(liveRoom(parsed.data.sessionId));
      await socket.leave(liveInstructorRoom(parsed.data.sessionId));
      if (typeof ack === "function") ack({ ok: true });
    });

    socket.on(EVENTS.liveProgress, (payload) => {
      if (!live.buckets.progress.take()) {
        stats.progressDropped++;
        return;
      }
      const parsed = liveProgressSchema.safeParse(payload);
      if (!parsed.success) {
        stats.invalid++;
        socket.emit(EVENTS.error, { message: `Progress report refused: ${describeValidationError(parsed.error)}` });
        return;
      }
      if (live.liveSessions.get(parsed.data.sessionId) !== "STUDENT") {
        stats.progressRefused++;
        return;
      }
      telemetry.record(socket.data.user, parsed.data);
      stats.progressAccepted++;
    });

    socket.on(EVENTS.liveClock, (_payload, ack) => {
      if (!allowOther()) return;
      if (typeof ack === "function") ack({ serverNow: Date.now() });
    });
  }

  return {
    register,
    stats,
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
