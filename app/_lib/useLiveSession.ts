"use client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { TrainerReport } from "@/app/_components/live/LiveRoundContext";
import { getSocket, keepSubscribed, type LiveStatus } from "@/app/_lib/socket";
import { api } from "@/app/_trpc/react";
import { type ClockSample, estimateClockOffset } from "@/lib/live/clock";
import type { LivePublicState } from "@/lib/live/types";
import { EVENTS, type LiveGridEntry, type LivePollCounts } from "@/lib/realtime/protocol";

const CLOCK_SAMPLES = 4;
const CLOCK_ACK_TIMEOUT_MS = 5_000;
/** Progress goes to the server at most this often (the server allows a little more). */
const REPORT_EVERY_MS = 1000;
const THUMBNAIL_LIMIT = 100;
const PARTICIPANT_REFRESH_MS = 1000;

export type LiveConnection = "connecting" | "live" | "reconnecting" | "refused";
/** The live page says "refused" where other live views say "offline": the server refused the join or closed the socket. */
const CONNECTION: Record<LiveStatus, LiveConnection> = { connecting: "connecting", live: "live", reconnecting: "reconnecting", offline: "refused" };

/** The parts of the public state whose change alters what only this user sees (answer, points, standing). */
function personalKey(state: LivePublicState): string {
  return JSON.stringify([state.poll?.id, state.poll?.status, state.round?.id, state.round?.resultsAt, state.endedAt]);
}

/** Only finite numbers reach the server: a diverged model reports no thumbnail, not NaNs. */
function sanitizeReport(report: TrainerReport): TrainerReport {
  const losses = Object.fromEntries(
    Object.entries(report.losses)
      .filter(([, v]) => Number.isFinite(v))
      .slice(0, 4),
  );
  const thumbnail = report.thumbnail?.every((v) => Number.isFinite(v))
    ? report.thumbnail.map((v) => Math.max(-THUMBNAIL_LIMIT, Math.min(THUMBNAIL_LIMIT, v)))
    : undefined;
  const itsPerSec = report.itsPerSec !== undefined && Number.isFinite(report.itsPerSec) ? report.itsPerSec : undefined;
  return { ...report, losses, thumbnail, itsPerSec };
}

/**
 * One live session in this tab: the state from tRPC (PostgreSQL), kept current by `live:state`
 * broadcasts (the newest version wins), rejoined after every reconnect, with the server's clock
 * offset, and for instructors the live grid and poll counts.
 */
export function useLiveSession(sessionId: string) {
  const utils = api.useUtils();
  const query = api.live.state.useQuery({ sessionId }, { refetchOnWindowFocus: false });
  const [connection, setConnection] = useState<LiveConnection>("connecting");
  const [refusal, setRefusal] = useState<string | null>(null);
  const [clockOffsetMs, setClockOffsetMs] = useState(0);
  const [grid, setGrid] = useState<Map<string, LiveGridEntry>>(() => new Map());
  const [spotlight, setSpotlight] = useState<LiveGridEntry | null>(null);
  const [pollCounts, setPollCounts] = useState<LivePollCounts | null>(null);
  const lastPersonalKey = useRef<string | null>(null);
  const lastReportAt = useRef(0);

  const applyPublic = useCallback(
    (state: LivePublicState) => {
      utils.live.state.setData({ sessionId }, (old) => (old && state.version >= old.state.version ? { ...old, state } : old));
      const key = personalKey(state);
      if (lastPersonalKey.current !== null && key !== lastPersonalKey.current) void utils.live.state.invalidate({ sessionId });
      lastPersonalKey.current = key;
    },
    [sessionId, utils],
  );

  useEffect(() => {
    if (query.data && lastPersonalKey.current === null) lastPersonalKey.current = personalKey(query.data.state);
  }, [query.data]);

  useEffect(() => {
    const socket = getSocket();
    let disposed = false;

    const measureClock = async () => {
      const samples: ClockSample[] = [];
      for (let i = 0; i < CLOCK_SAMPLES && !disposed; i++) {
        const sentAt = Date.now();
        try {
          const ack = await socket.timeout(CLOCK_ACK_TIMEOUT_MS).emitWithAck(EVENTS.liveClock, {});
          if (!ack.ok) break;
          samples.push({ sentAt, receivedAt: Date.now(), serverNow: ack.serverNow });
        } catch {
          break;
        }
      }
      if (!disposed && samples.length) setClockOffsetMs(estimateClockOffset(samples).offsetMs);
    };

    const stopSession = keepSubscribed(socket, {
      key: `live\u0000${sessionId}`,
      join: (timed) => timed.emitWithAck(EVENTS.liveJoin, { sessionId }),
      leave: (s) => s.emit(EVENTS.liveLeave, { sessionId }),
      onJoined: (ack) => {
        // After a reconnect something may have been missed: take the snapshot and refresh our own part.
        applyPublic(ack.state);
        void utils.live.state.invalidate({ sessionId });
        void measureClock();
      },
      onStatus: (status, error) => {
        setConnection(CONNECTION[status]);
        setRefusal(error);
      },
    });

    const onState = (state: LivePublicState) => state.sessionId === sessionId && applyPublic(state);
    const onGrid = (batch: { sessionId: string; entries: LiveGridEntry[] }) => {
      if (batch.sessionId !== sessionId) return;
      setGrid((old) => {
        const next = new Map(old);
        for (const entry of batch.entries) next.set(entry.userId, entry);
        return next;
      });
    };
    const onSpotlight = (tile: LiveGridEntry & { sessionId: string }) => tile.sessionId === sessionId && setSpotlight(tile);
    const onPollCounts = (counts: LivePollCounts) => counts.sessionId === sessionId && setPollCounts(counts);
    // A class joining at once refetches the roster once a second, not once per student.
    let rosterRefresh: ReturnType<typeof setTimeout> | undefined;
    const onParticipant = (p: { sessionId: string }) => {
      if (p.sessionId !== sessionId || rosterRefresh) return;
      rosterRefresh = setTimeout(() => {
        rosterRefresh = undefined;
        void utils.live.state.invalidate({ sessionId });
      }, PARTICIPANT_REFRESH_MS);
    };
    socket.on(EVENTS.liveState, onState);
    socket.on(EVENTS.liveGrid, onGrid);
    socket.on(EVENTS.liveSpotlight, onSpotlight);
    socket.on(EVENTS.livePollCounts, onPollCounts);
    socket.on(EVENTS.liveParticipant, onParticipant);
    return () => {
      disposed = true;
      clearTimeout(rosterRefresh);
      socket.off(EVENTS.liveState, onState);
      socket.off(EVENTS.liveGrid, onGrid);
      socket.off(EVENTS.liveSpotlight, onSpotlight);
      socket.off(EVENTS.livePollCounts, onPollCounts);
      socket.off(EVENTS.liveParticipant, onParticipant);
      stopSession();
    };
  }, [sessionId, applyPublic, utils]);

  const report = useCallback(
    (exerciseSlug: string, progress: TrainerReport) => {
      const now = Date.now();
      if (now - lastReportAt.current < REPORT_EVERY_MS) return;
      lastReportAt.current = now;
      // Volatile: a report that cannot go now is stale by the next one; don't queue it.
      getSocket().volatile.emit(EVENTS.liveProgress, { sessionId, exerciseSlug, ...sanitizeReport(progress) });
    },
    [sessionId],
  );

  const spotlightNow = useMemo(() => {
    const spot = query.data?.state.spotlight;
    return spot && spotlight?.userId === spot.userId ? spotlight : null;
  }, [query.data?.state.spotlight, spotlight]);

  return {
    query,
    connection,
    refusal,
    clockOffsetMs,
    grid,
    spotlight: spotlightNow,
    pollCounts: pollCounts && pollCounts.pollId === query.data?.state.poll?.id ? pollCounts.counts : (query.data?.pollCounts ?? null),
    report,
    refresh: () => void utils.live.state.invalidate({ sessionId }),
  };
}
