"use client";
import { useEffect, useRef, useState } from "react";
import { getSocket } from "@/app/_lib/socket";
import type { PoolJobProgress } from "@/lib/pool/types";
import { type Ack, EVENTS } from "@/lib/realtime/protocol";
import type { LiveStatus } from "./useLeaderboardLive";

const SUBSCRIBE_ACK_TIMEOUT_MS = 5_000;
const SUBSCRIBE_RETRY_MS = 3_000;

/**
 * Live progress of the pool jobs this user may watch in a course (their own; instructors: the
 * course's). Subscribes with an ack, re-subscribes after every reconnect and then calls
 * onProgress(null) once, so the caller refetches what it missed while away.
 */
export function usePoolProgress({
  courseId,
  onProgress,
  enabled = true,
}: {
  courseId: string;
  onProgress: (progress: PoolJobProgress | null) => void;
  enabled?: boolean;
}): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const onProgressRef = useRef(onProgress);
  useEffect(() => {
    onProgressRef.current = onProgress;
  });

  useEffect(() => {
    if (!enabled) return;
    const socket = getSocket();
    let disposed = false;
    let subscribedOnce = false;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;

    const subscribe = () => {
      clearTimeout(retryTimer);
      socket
        .timeout(SUBSCRIBE_ACK_TIMEOUT_MS)
        .emitWithAck(EVENTS.poolSubscribe, { courseId })
        .then(
          (ack: Ack) => {
            if (disposed) return;
            setStatus(ack.ok ? "live" : "offline");
            if (ack.ok && subscribedOnce) onProgressRef.current(null);
            subscribedOnce ||= ack.ok;
          },
          () => {
            if (!disposed && socket.connected) retryTimer = setTimeout(subscribe, SUBSCRIBE_RETRY_MS);
          },
        );
    };
    const onDisconnect = () => !disposed && setStatus(socket.active ? "reconnecting" : "offline");
    const onEvent = (progress: PoolJobProgress) => {
      if (progress.courseId === courseId) onProgressRef.current(progress);
    };

    socket.on("connect", subscribe);
    socket.on("disconnect", onDisconnect);
    socket.on(EVENTS.poolProgress, onEvent);
    if (socket.connected) subscribe();
    else if (!socket.active) socket.connect();

    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      socket.off("connect", subscribe);
      socket.off("disconnect", onDisconnect);
      socket.off(EVENTS.poolProgress, onEvent);
    };
  }, [courseId, enabled]);

  return status;
}
