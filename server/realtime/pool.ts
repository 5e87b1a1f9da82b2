// Worker-pool events in the socket gateway. Workers announce progress and results with NOTIFY on
// one channel; every web server process LISTENs and delivers to its OWN sockets (io.local), so
// each event reaches each socket once however many processes run.
import type pg from "pg";
import { describeValidationError } from "@/lib/exercises/validation";
import { poolCourseRoom, poolUserRoom, type PoolJobProgress } from "@/lib/pool/types";
import { EVENTS, exerciseRoom, type LeaderboardUpdated, poolSubscribeSchema } from "@/lib/realtime/protocol";
import type { Db } from "../db";
import { POOL_EVENTS_CHANNEL } from "../pool/queue";
import type { Actor } from "../services/courses";
import { requireEnrollment } from "../services/courses";
import { DomainError } from "../services/errors";
import type { GenlabIo, GenlabSocket } from "./gateway";

const RECONNECT_MS = 2000;

type PoolEvent = { type: "progress"; progress: PoolJobProgress } | { type: "leaderboard"; event: LeaderboardUpdated };

/** `pool:subscribe {courseId}`: the user's own jobs, and for instructors every job of the course. */
export function registerPoolHandlers(socket: GenlabSocket, db: Db, currentUser: () => Promise<Actor | null>) {
  socket.on(EVENTS.poolSubscribe, async (payload, ack) => {
    const reply = (result: { ok: true } | { ok: false; error: string }) => typeof ack === "function" && ack(result);
    const parsed = poolSubscribeSchema.safeParse(payload);
    if (!parsed.success) return reply({ ok: false, error: describeValidationError(parsed.error) });
    try {
      const user = await currentUser();
      if (!user) return reply({ ok: false, error: "Your session has ended. Please sign in again." });
      const enrollment = await requireEnrollment(db, user, parsed.data.courseId);
      await socket.join(enrollment.role === "INSTRUCTOR" ? [poolUserRoom(user.id), poolCourseRoom(parsed.data.courseId)] : poolUserRoom(user.id));
      reply({ ok: true });
    } catch (error) {
      reply({ ok: false, error: error instanceof DomainError ? error.message : "Something went wrong on the server." });
    }
  });
}

/** LISTENs for the workers' events until stopped; reconnects after a lost connection. */
export function listenToPoolEvents(pgPool: pg.Pool, io: GenlabIo): () => Promise<void> {
  let client: pg.PoolClient | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const deliver = (raw: string | undefined) => {
    let message: PoolEvent;
    try {
      message = JSON.parse(raw ?? "");
    } catch {
      return;
    }
    if (message.type === "progress") {
      const p = message.progress;
      io.local.to([poolUserRoom(p.userId), poolCourseRoom(p.courseId)]).emit(EVENTS.poolProgress, p);
    } else if (message.type === "leaderboard") {
      io.local.to(exerciseRoom(message.event.exerciseId)).emit(EVENTS.leaderboardUpdated, message.event);
    }
  };

  const connect = async () => {
    try {
      const c = await pgPool.connect();
      client = c;
      c.on("notification", (n) => n.channel === POOL_EVENTS_CHANNEL && deliver(n.payload));
      let lost = false;
      c.on("error", () => {
        // pg may report one lost connection more than once: release and reconnect once.
        if (lost) return;
        lost = true;
        c.release(true);
        if (client === c) client = null;
        if (!stopped) retry = setTimeout(() => void connect(), RECONNECT_MS);
      });
      await c.query(`LISTEN ${POOL_EVENTS_CHANNEL}`);
    } catch (error) {
      console.error("[pool events]", error instanceof Error ? error.message : error);
      if (!stopped) retry = setTimeout(() => void connect(), RECONNECT_MS);
    }
  };
  void connect();

  return async () => {
    stopped = true;
    clearTimeout(retry);
    const c = client;
    client = null;
    if (c) {
      await c.query(`UNLISTEN ${POOL_EVENTS_CHANNEL}`).catch(() => {});
      c.release(true);
    }
  };
}
