// Worker-pool events in the socket gateway. Workers announce progress and results with NOTIFY on
// one channel (server/pool/events.ts); every web server process LISTENs and delivers to its OWN
// sockets (io.local), so each event reaches each socket once however many processes run.
import type pg from "pg";
import { poolCourseRoom, poolUserRoom, type PoolJobProgress } from "@/lib/pool/types";
import { EVENTS, type LeaderboardUpdated } from "@/lib/realtime/protocol";
import type { Db } from "../db";
import { listenToPoolChannel } from "../pool/events";
import { isStaff, requireEnrollment } from "../services/courses";
import type { ClientEventHandlers } from "./client-events";
import { roomCapRefusal } from "./client-events";
import type { GenlabIo } from "./gateway";

type PoolEvent = { type: "progress"; progress: PoolJobProgress } | { type: "leaderboard"; event: LeaderboardUpdated };

/**
 * `pool:subscribe {courseId}`: the user's own jobs (one room for all their courses), and for
 * instructors every job of the course. `pool:unsubscribe {courseId}` leaves the course's room, and
 * the user's room with the socket's last course.
 */
export function poolHandlers(db: Db): Pick<ClientEventHandlers, typeof EVENTS.poolSubscribe | typeof EVENTS.poolUnsubscribe> {
  return {
    [EVENTS.poolSubscribe]: {
      label: "Worker-pool subscription",
      bucket: "other",
      rooms: "join",
      async handle({ courseId }, socket) {
        const full = roomCapRefusal(socket.data.poolCourses, courseId, "poolCourses");
        if (full) return full;
        const { user } = socket.data;
        const { role } = await requireEnrollment(db, user, courseId);
        socket.data.poolCourses.set(courseId, role);
        await socket.join(isStaff(role) ? [poolUserRoom(user.id), poolCourseRoom(courseId)] : poolUserRoom(user.id));
        return { ok: true };
      },
    },
    [EVENTS.poolUnsubscribe]: {
      label: "Worker-pool unsubscription",
      bucket: "other",
      rooms: "leave",
      async handle({ courseId }, socket) {
        const { poolCourses, user } = socket.data;
        const role = poolCourses.get(courseId);
        poolCourses.delete(courseId);
        if (isStaff(role)) await socket.leave(poolCourseRoom(courseId));
        if (poolCourses.size === 0) await socket.leave(poolUserRoom(user.id));
        return { ok: true };
      },
    },
  };
}

/** Delivers the workers' events to this process's sockets until stopped. */
export function listenToPoolEvents(pgPool: pg.Pool, io: GenlabIo, announceScore: (event: LeaderboardUpdated) => void): () => Promise<void> {
  return listenToPoolChannel(pgPool, (message) => {
    const event = message as PoolEvent;
    if (event.type === "progress") {
      const p = event.progress;
      io.local.to([poolUserRoom(p.userId), poolCourseRoom(p.courseId)]).emit(EVENTS.poolProgress, p);
    } else if (event.type === "leaderboard") {
      announceScore(event.event);
    }
  });
}
