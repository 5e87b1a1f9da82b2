// Worker-pool events in the socket gateway. Workers announce progress and results with NOTIFY on
// one channel (server/pool/events.ts); every web server process LISTENs and delivers to its OWN
// sockets (io.local), so each event reaches each socket once however many processes run.
import type pg from "pg";
import { describeValidationError } from "@/lib/exercises/validation";
import { poolCourseRoom, poolUserRoom, type PoolJobProgress } from "@/lib/pool/types";
import { EVENTS, exerciseRoom, type LeaderboardUpdated, poolSubscribeSchema } from "@/lib/realtime/protocol";
import type { Db } from "../db";
import { listenToPoolChannel } from "../pool/events";
import type { Actor } from "../services/courses";
import { requireEnrollment } from "../services/courses";
import { DomainError } from "../services/errors";
import type { GenlabIo, GenlabSocket } from "./gateway";

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

/** Delivers the workers' events to this process's sockets until stopped. */
export function listenToPoolEvents(pgPool: pg.Pool, io: GenlabIo): () => Promise<void> {
  return listenToPoolChannel(pgPool, (message) => {
    const event = message as PoolEvent;
    if (event.type === "progress") {
      const p = event.progress;
      io.local.to([poolUserRoom(p.userId), poolCourseRoom(p.courseId)]).emit(EVENTS.poolProgress, p);
    } else if (event.type === "leaderboard") {
      io.local.to(exerciseRoom(event.event.exerciseId)).emit(EVENTS.leaderboardUpdated, event.event);
    }
  });
}
