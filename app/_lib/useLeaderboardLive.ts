"use client";
import { useEffect, useRef, useState } from "react";
import { getSocket, keepSubscribed, type LiveStatus } from "@/app/_lib/socket";
import { EVENTS, exerciseRoom, type AnnouncedLeaderboardUpdate } from "@/lib/realtime/protocol";

/**
 * Pages refetch on each update: while a class submits at once, at most once per this gap (plus up to
 * a second at random, so that a room of pages does not refetch in step); the last update always
 * gets its call.
 */
const MIN_UPDATE_GAP_MS = 2000;
const UPDATE_JITTER_MS = 1000;

/**
 * Keeps the leaderboard of (courseId, exerciseSlug) live: calls onUpdate for `leaderboard:updated`
 * of this exercise (throttled: see MIN_UPDATE_GAP_MS), and onUpdate(null) after every
 * re-subscription, to catch up on what was missed while away. The exercise page and the
 * leaderboard may both hold it.
 */
export function useLeaderboardLive({
  courseId,
  exerciseSlug,
  onUpdate,
  enabled = true,
}: {
  courseId: string;
  exerciseSlug: string;
  onUpdate: (event: AnnouncedLeaderboardUpdate | null) => void;
  enabled?: boolean;
}): { status: LiveStatus; error: string | null } {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const [error, setError] = useState<string | null>(null);
  const onUpdateRef = useRef(onUpdate);
  useEffect(() => {
    onUpdateRef.current = onUpdate;
  });

  useEffect(() => {
    if (!enabled) return;
    const payload = { courseId, exerciseSlug };
    let room: string | null = null;
    const socket = getSocket();
    const stop = keepSubscribed(socket, {
      key: `leaderboard\u0000${courseId}\u0000${exerciseSlug}`,
      join: (socket) => socket.emitWithAck(EVENTS.leaderboardSubscribe, payload),
      leave: (socket) => socket.emit(EVENTS.leaderboardUnsubscribe, payload),
      onJoined: (ack, again) => {
        room = ack.room ?? null;
        if (again) onUpdateRef.current(null);
      },
      onStatus: (next, why) => {
        setStatus(next);
        setError(why);
      },
    });
    let lastCall = 0;
    let trailing: { timer: ReturnType<typeof setTimeout>; event: AnnouncedLeaderboardUpdate } | null = null;
    const call = (event: AnnouncedLeaderboardUpdate) => {
      lastCall = Date.now();
      trailing = null;
      onUpdateRef.current(event);
    };
    const onUpdated = (event: AnnouncedLeaderboardUpdate) => {
      if (room && exerciseRoom(event.exerciseId) !== room) return; // another exercise's room
      if (trailing) {
        // One call waits already: it carries every submission heard until it runs.
        trailing.event = { ...event, submissions: [...trailing.event.submissions, ...event.submissions] };
        return;
      }
      const wait = lastCall + MIN_UPDATE_GAP_MS - Date.now();
      if (wait <= 0) return call(event);
      const pending = { event, timer: setTimeout(() => call(pending.event), wait + Math.random() * UPDATE_JITTER_MS) };
      trailing = pending;
    };
    socket.on(EVENTS.leaderboardUpdated, onUpdated);
    return () => {
      if (trailing) clearTimeout(trailing.timer);
      socket.off(EVENTS.leaderboardUpdated, onUpdated);
      stop();
    };
  }, [courseId, exerciseSlug, enabled]);

  return { status, error };
}
