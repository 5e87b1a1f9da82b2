"use client";
import { useEffect, useRef, useState } from "react";
import { getSocket, keepSubscribed, type LiveStatus } from "@/app/_lib/socket";
import type { PoolJobProgress } from "@/lib/pool/types";
import { EVENTS } from "@/lib/realtime/protocol";

/**
 * Live progress of the pool jobs this user may watch in a course (their own; instructors: the
 * course's). After every subscription, the first included, it calls onProgress(null) once, so the
 * caller refetches what it missed before or while away (a job that finished between the page's
 * first fetch and the subscription sends no more events); the subscription ends when the last
 * component holding it unmounts.
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
    const payload = { courseId };
    const socket = getSocket();
    const stop = keepSubscribed(socket, {
      key: `pool\u0000${courseId}`,
      join: (socket) => socket.emitWithAck(EVENTS.poolSubscribe, payload),
      leave: (socket) => socket.emit(EVENTS.poolUnsubscribe, payload),
      onJoined: () => onProgressRef.current(null),
      onStatus: setStatus,
    });
    const onEvent = (progress: PoolJobProgress) => {
      if (progress.courseId === courseId) onProgressRef.current(progress);
    };
    socket.on(EVENTS.poolProgress, onEvent);
    return () => {
      socket.off(EVENTS.poolProgress, onEvent);
      stop();
    };
  }, [courseId, enabled]);

  return status;
}
