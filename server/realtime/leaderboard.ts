// Leaderboard rooms: `leaderboard:subscribe {courseId, exerciseSlug}` joins the exercise's room
// (enrolled users only), `leaderboard:unsubscribe` leaves it.
import { type AnnouncedLeaderboardUpdate, EVENTS, exerciseRoom, LEADERBOARD_ANNOUNCE_MS, type LeaderboardUpdated } from "@/lib/realtime/protocol";
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

/**
 * Announces new scores to their exercise's room, batched: the first score after a quiet second goes
 * out at once; those arriving within the second after it wait for its end and go out together.
 */
export function leaderboardAnnouncer(emit: (room: string, update: Omit<AnnouncedLeaderboardUpdate, "watchers">) => void, windowMs = LEADERBOARD_ANNOUNCE_MS) {
  const windows = new Map<string, { waiting: AnnouncedLeaderboardUpdate["submissions"]; timer: NodeJS.Timeout }>();
  const closeWindow = (exerciseId: string) => {
    const window = windows.get(exerciseId)!;
    if (window.waiting.length === 0) return void windows.delete(exerciseId);
    emit(exerciseRoom(exerciseId), { exerciseId, submissions: window.waiting });
    windows.set(exerciseId, { waiting: [], timer: setTimeout(() => closeWindow(exerciseId), windowMs).unref() });
  };
  return {
    announce({ exerciseId, submissionId, at }: LeaderboardUpdated) {
      const window = windows.get(exerciseId);
      if (window) return void window.waiting.push({ submissionId, at });
      emit(exerciseRoom(exerciseId), { exerciseId, submissions: [{ submissionId, at }] });
      windows.set(exerciseId, { waiting: [], timer: setTimeout(() => closeWindow(exerciseId), windowMs).unref() });
    },
    /** Sends what waits now (a stopping server). */
    flush() {
      for (const [exerciseId, window] of windows) {
        clearTimeout(window.timer);
        if (window.waiting.length > 0) emit(exerciseRoom(exerciseId), { exerciseId, submissions: window.waiting });
      }
      windows.clear();
    },
  };
}
