// The one path every client event takes: rate limit → validation → (a room change waits for the
// socket's earlier ones; a join re-checks the session) → the handler, which authorizes → the ack.
// Handlers (leaderboard.ts, pool.ts, live.ts) only say what an event does.
import type { z } from "zod";
import { describeValidationError } from "@/lib/exercises/validation";
import { CLIENT_EVENT_SCHEMAS, type ClientEvent, type ClientToServerEvents, EVENTS, type Refusal } from "@/lib/realtime/protocol";
import { logger } from "../observability/log";
import type { Actor } from "../services/courses";
import { DomainError } from "../services/errors";
import type { GenlabSocket } from "./gateway";
import type { RateBucket } from "./rate-limit";

/** What the server answers to event E; `void` for fire-and-forget events. */
type AckOf<E extends ClientEvent> =
  Parameters<ClientToServerEvents[E]> extends [unknown]
    ? void
    : Parameters<ClientToServerEvents[E]> extends [unknown, ((result: infer R) => void)?]
      ? R
      : never;

export interface ClientEventHandler<E extends ClientEvent> {
  /** What the person calls it, in the refusal of an invalid payload ("Progress report refused: …"). */
  label: string;
  /** Which of the socket's token buckets pays for it. */
  bucket: RateBucket;
  /**
   * "join": grants access to a room, so the session cookie is checked again first (a sign-out ends
   * the socket). "join" and "leave": handled after the socket's earlier room changes, in arrival
   * order, so a page that leaves and rejoins at once ends up joined.
   */
  rooms?: "join" | "leave";
  handle(payload: z.output<(typeof CLIENT_EVENT_SCHEMAS)[E]>, socket: GenlabSocket): AckOf<E> | Promise<AckOf<E>>;
}

export type ClientEventHandlers = { [E in ClientEvent]: ClientEventHandler<E> };

/** Counters of this process's gateway, for tests and benchmarks. */
export interface RealtimeStats {
  /** Events over their socket's rate limit, per bucket: refused or dropped, never queued. */
  progressDropped: number;
  otherDropped: number;
  /** Payloads that failed their schema. */
  invalid: number;
  /** Event names no client may send: ignored. */
  unknownEvents: number;
  /** Sockets closed because their user opened more than the cap. */
  evictedSockets: number;
  /** Sockets closed because too many of their events were refused (over a limit, invalid or unknown). */
  closedForRefusals: number;
  /** Progress reports recorded, and ignored because the socket had not joined the session as a student. */
  progressAccepted: number;
  progressRefused: number;
}

export function newRealtimeStats(): RealtimeStats {
  return {
    progressDropped: 0,
    otherDropped: 0,
    invalid: 0,
    unknownEvents: 0,
    evictedSockets: 0,
    closedForRefusals: 0,
    progressAccepted: 0,
    progressRefused: 0,
  };
}

/** What one socket may follow at once: a page needs one or two of each; a script asking for thousands is refused. */
const ROOM_CAPS = {
  leaderboards: { max: 20, what: "leaderboards" },
  poolCourses: { max: 20, what: "courses' worker pools" },
  liveSessions: { max: 4, what: "live sessions" },
} as const;

/** A refusal when the socket already holds its cap of `kind` and `key` is not one of them. */
export function roomCapRefusal(held: ReadonlyMap<string, unknown>, key: string, kind: keyof typeof ROOM_CAPS): Refusal | null {
  const { max, what } = ROOM_CAPS[kind];
  if (held.has(key) || held.size < max) return null;
  return { ok: false, error: `This page already follows ${max} ${what}, the most one connection may; leave one first.` };
}

const SESSION_ENDED = "Your session has ended. Please sign in again.";
const TOO_MANY_REFUSALS = "This page sent too many messages the server refused, so its live connection was closed. Reload it.";
const UNEXPECTED = "Something went wrong on the server.";

/** Tells the socket why, then closes it; socket.io's client does not reconnect after a server's close. */
export function closeSocket(socket: GenlabSocket, message: string): void {
  socket.emit(EVENTS.error, { message, disconnecting: true });
  socket.disconnect(true);
}

/** Routes every event of `socket` through one listener; unknown names are counted and ignored. */
export function listenToClientEvents(
  socket: GenlabSocket,
  handlers: ClientEventHandlers,
  deps: { stats: RealtimeStats; sessionUser: (socket: GenlabSocket) => Promise<Actor | null> },
): void {
  const { stats } = deps;
  socket.onAny((event: unknown, ...args: unknown[]) => {
    // A map lookup, not handlers[event]: "constructor" or "__proto__" must not find anything.
    if (typeof event !== "string" || !Object.hasOwn(handlers, event)) {
      stats.unknownEvents++;
      strike();
      return;
    }
    // socket.io appends the ack callback last; JSON cannot carry a function, so only it can be one.
    const ack = typeof args.at(-1) === "function" ? (args.pop() as (result: unknown) => void) : undefined;
    const name = event as ClientEvent;
    handle(name, handlers[name] as ClientEventHandler<ClientEvent>, args[0], ack);
  });

  /** A refused event costs a strike; a socket out of strikes is closed (a page never comes close). */
  const strike = () => {
    if (socket.disconnected || socket.data.buckets.refused.take()) return;
    stats.closedForRefusals++;
    closeSocket(socket, TOO_MANY_REFUSALS);
  };

  function handle(event: ClientEvent, handler: ClientEventHandler<ClientEvent>, payload: unknown, ack: ((result: unknown) => void) | undefined) {
    const bucket = socket.data.buckets[handler.bucket];
    if (!bucket.take()) {
      stats[`${handler.bucket}Dropped`]++;
      strike();
      // Without an ack the event is simply dropped: answering every excess event would be a flood of its own.
      ack?.({ ok: false, error: "Too many requests from this page; wait a moment.", retryAfterMs: bucket.retryAfterMs() } satisfies Refusal);
      return;
    }
    const parsed = CLIENT_EVENT_SCHEMAS[event].safeParse(payload);
    if (!parsed.success) {
      stats.invalid++;
      strike();
      const error = `${handler.label} refused: ${describeValidationError(parsed.error, payload, "the payload")}`;
      if (ack) ack({ ok: false, error } satisfies Refusal);
      else socket.emit(EVENTS.error, { message: error });
      return;
    }
    const run = async () => {
      try {
        if (handler.rooms === "join") {
          const user = await deps.sessionUser(socket);
          if (user?.id !== socket.data.user.id) {
            ack?.({ ok: false, error: SESSION_ENDED } satisfies Refusal);
            closeSocket(socket, SESSION_ENDED);
            return;
          }
          socket.data.user = user;
        }
        const result = await handler.handle(parsed.data as never, socket);
        if (result !== undefined) ack?.(result);
      } catch (error) {
        if (!(error instanceof DomainError)) logger("socket").error({ err: error }, event);
        ack?.({ ok: false, error: error instanceof DomainError ? error.message : UNEXPECTED } satisfies Refusal);
      }
    };
    if (handler.rooms) socket.data.roomChanges = socket.data.roomChanges.then(run);
    else void run();
  }
}
