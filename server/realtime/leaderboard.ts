// Leaderboard rooms: `leaderboard:subscribe {courseId, exerciseSlug}` joins the exercise's room
// (enrolled users only), `leaderboard:unsubscribe` leaves it.
import { EVENTS, exerciseRoom } from "@/lib/realtime/protocol";
import type { Db } from "../db";
import { requireEnrollment } from "../services/courses";
import { requireCourseExercise, requireDefinition } from "../services/exercises";
import type { ClientEventHandlers } from "./client-events";
import { roomCapRefusal } from "./client-events";

const leaderboardKey = (courseId: string, exerciseSlug: string) => JSON.stringify([courseId, exerciseSlug]);

export function leaderboardHandlers(db: Db): Pick<ClientEventHandlers, typeof EVENTS.leaderboardSubscribe | typeof EVENTS.leaderboardUnsubscribe> {
  return {
    [EVENTS.leaderboardSubscribe]: {
      label: "Leaderboard subscription",
      bucket: "other",
      rooms: "join",
      async handle({ courseId, exerciseSlug }, socket) {
        const key = leaderboardKey(courseId, exerciseSlug);
        const full = roomCapRefusal(socket.data.leaderboards, key, "leaderboards");
        if (full) return full;
        requireDefinition(exerciseSlug);
        const { role } = await requireEnrollment(db, socket.data.user, courseId);
        const room = exerciseRoom((await requireCourseExercise(db, courseId, exerciseSlug, role)).id);
        socket.data.leaderboards.set(key, room);
        await socket.join(room);
        return { ok: true, room };
      },
    },
    [EVENTS.leaderboardUnsubscribe]: {
      label: "Leaderboard unsubscription",
      bucket: "other",
      rooms: "leave",
      async handle({ courseId, exerciseSlug }, socket) {
        const key = leaderboardKey(courseId, exerciseSlug);
        const room = socket.data.leaderboards.get(key);
        socket.data.leaderboards.delete(key);
        if (room) await socket.leave(room);
        return { ok: true };
      },
    },
  };
}
