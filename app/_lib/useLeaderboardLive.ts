"use client";
import { useEffect, useRef, useState } from "react";
import { getSocket } from "@/app/_lib/socket";
import { type Ack, EVENTS, exerciseRoom, type LeaderboardUpdated } from "@/lib/realtime/protocol";

/** How long to wait for the server to acknowledge a subscription before trying again. */
const SUBSCRIBE_ACK_TIMEOUT_MS = 5_000;
const SUBSCRIBE_RETRY_MS = 3_000;

export type LiveStatus =
  /** First connection or subscription under way. */
  | "connecting"
  /** Subscribed: updates arrive as they happen. */
  | "live"
  /** Connection lost; socket.io is retrying with backoff. */
  | "reconnecting"
  /** Not retrying (e.g. the server refused the connection or the subscription). */
  | "offline";

/**
 * Rooms are shared by every component of this tab (one socket); leave a room only when the last
 * subscriber to it unmounts, so the exercise page and the leaderboard can both listen.
 */
const subscribers = new Map<string, number>();

/**
 * Keeps the leaderboard of (courseId, exerciseSlug) live: subscribes with an ack, calls onUpdate
 * for each `leaderboard:updated` of this exercise, re-subscribes after every reconnect (and then
 * calls onUpdate once to catch up on what was missed), and cleans up on unmount.
 */
export function useLeaderboardLive({
  courseId,
  exerciseSlug,
  onUpdate,
  enabled = true,
}: {
  courseId: string;
  exerciseSlug: string;
  onUpdate: (event: LeaderboardUpdated | null) => void;
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
    const socket = getSocket();
    const payload = { courseId, exerciseSlug };
    const key = `${courseId}\u0000${exerciseSlug}`;
    subscribers.set(key, (subscribers.get(key) ?? 0) + 1);

    let disposed = false;
    let room: string | null = null;
    let subscribedOnce = false;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;

    const subscribe = () => {
      clearTimeout(retryTimer);
      setStatus((s) => (s === "live" ? s : "connecting"));
      socket
        .timeout(SUBSCRIBE_ACK_TIMEOUT_MS)
        .emitWithAck(EVENTS.leaderboardSubscribe, payload)
        .then(
          (ack: Ack) => {
            if (disposed) return;
            if (!ack.ok) {
              setStatus("offline");
              setError(ack.error);
              return;
            }
            room = ack.room ?? null;
            setStatus("live");
            setError(null);
            if (subscribedOnce) onUpdateRef.current(null); // catch up on anything missed while away
            subscribedOnce = true;
          },
          () => {
            // No answer in time: try again while connected (a reconnect re-subscribes anyway).
            if (!disposed && socket.connected) retryTimer = setTimeout(subscribe, SUBSCRIBE_RETRY_MS);
          },
        );
    };

    const onConnect = () => subscribe();
    const onDisconnect = () => {
      if (disposed) return;
      // socket.active: socket.io will reconnect by itself; otherwise the server closed us for good.
      setStatus(socket.active ? "reconnecting" : "offline");
    };
    const onConnectError = (err: Error) => {
      if (disposed) return;
      if (socket.active) {
        setStatus("reconnecting");
      } else {
        setStatus("offline");
        setError(err.message);
      }
    };
    const onUpdated = (event: LeaderboardUpdated) => {
      if (room && exerciseRoom(event.exerciseId) !== room) return; // another exercise's room
      onUpdateRef.current(event);
    };

    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("connect_error", onConnectError);
    socket.on(EVENTS.leaderboardUpdated, onUpdated);

    if (socket.connected) subscribe();
    else if (!socket.active) socket.connect(); // e.g. refused before the user signed in

    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("connect_error", onConnectError);
      socket.off(EVENTS.leaderboardUpdated, onUpdated);
      const remaining = (subscribers.get(key) ?? 1) - 1;
      if (remaining > 0) {
        subscribers.set(key, remaining);
      } else {
        subscribers.delete(key);
        if (socket.connected) socket.emit(EVENTS.leaderboardUnsubscribe, payload);
      }
    };
  }, [courseId, exerciseSlug, enabled]);

  return { status, error };
}
