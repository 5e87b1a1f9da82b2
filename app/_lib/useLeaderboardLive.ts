"use client";
import { useEffect, useRef, useState } from "react";
import { getSocket, keepSubscribed, type LiveStatus } from "@/app/_lib/socket";
import { throttledLeaderboardUpdates } from "@/lib/realtime/leaderboard-refetch";
import { EVENTS, exerciseRoom, type AnnouncedLeaderboardUpdate } from "@/lib/realtime/protocol";

/**
 * Keeps the leaderboard of (courseId, exerciseSlug) live: calls onUpdate for `leaderboard:updated`
 * of this exercise (throttled: lib/realtime/leaderboard-refetch.ts), and onUpdate(null) after every
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
    const updates = throttledLeaderboardUpdates((event) => onUpdateRef.current(event));
    const onUpdated = (event: AnnouncedLeaderboardUpdate) => {
      if (room && exerciseRoom(event.exerciseId) !== room) return; // another exercise's room
      updates.heard(event);
    };
    socket.on(EVENTS.leaderboardUpdated, onUpdated);
    return () => {
      updates.stop();
      socket.off(EVENTS.leaderboardUpdated, onUpdated);
      stop();
    };
  }, [courseId, exerciseSlug, enabled]);

  return { status, error };
}
