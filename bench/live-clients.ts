// A share of bench/live.ts's simulated class in one process (forked by it, IPC messages below):
// one socket.io-client socket per student, as the browser's live page holds one. Each socket joins
// the session, reports training progress once a second (with a 32-point thumbnail) and records when
// every live:state arrives. Times are epoch milliseconds from performance.timeOrigin +
// performance.now(), comparable with the other processes of the bench (same machine, same clock).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { io as connect, type Socket } from "socket.io-client";
import { type ClientToServerEvents, EVENTS, type LiveJoinAck, type LiveProgress, type ServerToClientEvents } from "@/lib/realtime/protocol";

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ClientStudent {
  userId: string;
  cookie: string;
  /** The server process this student's socket connects to. */
  url: string;
  /** The student's device, sent as X-Forwarded-For (the servers trust this machine as their proxy): a class comes from many addresses. */
  address: string;
}

export type ToClients =
  { type: "join"; sessionId: string; students: ClientStudent[] } | { type: "progress"; everyMs: number } | { type: "collect" } | { type: "stop" };

export type FromClients =
  | { type: "joined"; joined: number; failed: number; errors: string[] }
  | {
      type: "collected";
      /** Per snapshot version, when each socket received it (one entry per socket). */
      deliveries: Record<number, number[]>;
      /** A socket receiving a version it already had. */
      duplicates: number;
      progressSent: number;
      disconnects: number;
      errors: string[];
    };

const JOINS_IN_FLIGHT = 20;
const JOIN_TIMEOUT_MS = 60_000;
const THUMBNAIL_POINTS = 32;
const MAX_ERRORS_KEPT = 5;

export const now = () => performance.timeOrigin + performance.now();

/**
 * What a student's trainer reports. `losses.sentAt` carries the send time (epoch ms; a finite
 * number, as losses must be), so the bench can measure report → instructor's grid.
 */
export function progressReport(sessionId: string, iteration: number): LiveProgress {
  const thumbnail: number[] = [];
  for (let i = 0; i < THUMBNAIL_POINTS; i++) {
    const angle = (2 * Math.PI * (i % 8)) / 8;
    thumbnail.push(2 * Math.cos(angle) + 0.1 * (Math.random() - 0.5), 2 * Math.sin(angle) + 0.1 * (Math.random() - 0.5));
  }
  return {
    sessionId,
    exerciseSlug: "gan-ring",
    backend: "wasm",
    iteration,
    losses: { d: 0.69 + 0.01 * Math.random(), g: 0.7, sentAt: now() },
    itsPerSec: 60,
    thumbnail,
  };
}

function main() {
  const sockets: LiveSocket[] = [];
  const deliveries: Record<number, number[]> = {};
  const errors: string[] = [];
  const timers: NodeJS.Timeout[] = [];
  let sessionId = "";
  let progressSent = 0;
  let disconnects = 0;
  let duplicates = 0;
  let stopping = false;

  const send = (message: FromClients) => process.send!(message);
  const noteError = (what: string) => {
    if (errors.length < MAX_ERRORS_KEPT) errors.push(what);
  };

  const joinOne = async (student: ClientStudent): Promise<boolean> => {
    const socket: LiveSocket = connect(student.url, {
      transports: ["websocket"],
      extraHeaders: { cookie: student.cookie, "x-forwarded-for": student.address },
      forceNew: true,
      // A dropped socket stays dropped: what it misses counts as lost.
      reconnection: false,
    });
    sockets.push(socket);
    const seen = new Set<number>();
    socket.on(EVENTS.liveState, (state) => {
      const at = now();
      if (seen.has(state.version)) return void duplicates++;
      seen.add(state.version);
      (deliveries[state.version] ??= []).push(at);
    });
    socket.on("disconnect", (reason) => {
      if (stopping) return;
      disconnects++;
      noteError(`disconnect: ${reason}`);
    });
    try {
      const ack: LiveJoinAck = await socket.timeout(JOIN_TIMEOUT_MS).emitWithAck(EVENTS.liveJoin, { sessionId });
      if (!ack.ok) noteError(`join refused: ${ack.error}`);
      return ack.ok;
    } catch (error) {
      noteError(`join: ${error instanceof Error ? error.message : error}`);
      return false;
    }
  };

  const join = async (students: ClientStudent[]) => {
    let next = 0;
    let joined = 0;
    const lane = async () => {
      while (next < students.length) if (await joinOne(students[next++])) joined++;
    };
    await Promise.all(Array.from({ length: Math.min(JOINS_IN_FLIGHT, students.length) }, lane));
    send({ type: "joined", joined, failed: students.length - joined, errors: [...errors] });
  };

  // Each socket reports on its own 1 Hz clock, phases spread over the second, as a class's trainers would.
  const startProgress = (everyMs: number) => {
    for (const socket of sockets) {
      let iteration = 0;
      const report = () => {
        if (!socket.connected) return;
        iteration += 50;
        socket.emit(EVENTS.liveProgress, progressReport(sessionId, iteration));
        progressSent++;
      };
      timers.push(setTimeout(() => timers.push(setInterval(report, everyMs)), Math.random() * everyMs));
    }
  };

  const stop = () => {
    stopping = true;
    for (const t of timers) clearTimeout(t);
    for (const s of sockets) s.disconnect();
    process.exit(0);
  };

  process.on("message", (message: ToClients) => {
    if (message.type === "join") {
      sessionId = message.sessionId;
      void join(message.students);
    } else if (message.type === "progress") startProgress(message.everyMs);
    else if (message.type === "collect") send({ type: "collected", deliveries, duplicates, progressSent, disconnects, errors: [...errors] });
    else if (message.type === "stop") stop();
  });
  // The bench went away (Ctrl-C, crash): so do its clients.
  process.on("disconnect", stop);
}

if (process.send && process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
