"use client";
import { io, type Socket } from "socket.io-client";
import { type ClientToServerEvents, EVENTS, type Refusal, type ServerToClientEvents } from "@/lib/realtime/protocol";

export type GenlabSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
/** The socket with an ack timeout: `emitWithAck` rejects when the server does not answer in time. */
type TimedSocket = ReturnType<GenlabSocket["timeout"]>;

export type LiveStatus =
  /** First connection or subscription under way. */
  | "connecting"
  /** Subscribed: updates arrive as they happen. */
  | "live"
  /** Connection lost; socket.io is retrying with backoff. */
  | "reconnecting"
  /** Not retrying (the server refused the connection or the subscription, or closed the socket). */
  | "offline";

/** How long to wait for the server to acknowledge a subscription before asking again (a class joining a live session at once is slow). */
const SUBSCRIBE_ACK_TIMEOUT_MS = 10_000;
const SUBSCRIBE_RETRY_MS = 3_000;

let shared: GenlabSocket | null = null;

/** One socket per tab, reconnecting with socket.io's bounded backoff; the session cookie authenticates it. */
export function getSocket(): GenlabSocket {
  shared ??= io({ withCredentials: true, reconnectionDelayMax: 5_000 });
  return shared;
}

/**
 * The socket is authenticated once, when it connects: after signing in or out it must be replaced,
 * or it would keep acting as the previous user.
 */
export function resetSocket(): void {
  shared?.disconnect();
  shared = null;
}

/** How many holders each subscription has on each socket: its room is left only when the last one goes. */
const holders = new WeakMap<GenlabSocket, Map<string, number>>();

export interface Subscription<A extends { ok: true } | Refusal> {
  /** Names the server-side subscription; holders of the same key share it. */
  key: string;
  /** Sends the subscribe event and resolves with the server's answer. */
  join: (socket: TimedSocket) => Promise<A>;
  /** Sends the matching unsubscribe event (the last holder, while connected). */
  leave: (socket: GenlabSocket) => void;
  /** Subscribed; `again`: after a reconnect, so whatever was missed meanwhile should be refetched. */
  onJoined: (ack: Extract<A, { ok: true }>, again: boolean) => void;
  onStatus: (status: LiveStatus, error: string | null) => void;
}

/**
 * Keeps a subscription alive on `socket` (the tab's: getSocket()): subscribes with an ack, asks
 * again when no answer comes (or the server says to wait), re-subscribes after every reconnect, and
 * stops on a refusal or a close by the server, saying why. Returns the function that ends it.
 */
export function keepSubscribed<A extends { ok: true } | Refusal>(socket: GenlabSocket, subscription: Subscription<A>): () => void {
  const { key } = subscription;
  const counts = holders.get(socket) ?? new Map<string, number>();
  holders.set(socket, counts);
  counts.set(key, (counts.get(key) ?? 0) + 1);
  let disposed = false;
  let joinedOnce = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** What the server said just before it closed the socket for good. */
  let closedBecause: string | null = null;

  const retryAfter = (ms: number) => {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(join, ms);
  };
  const join = () => {
    clearTimeout(retryTimer);
    subscription.join(socket.timeout(SUBSCRIBE_ACK_TIMEOUT_MS)).then(
      (ack) => {
        if (disposed) return;
        if (ack.ok) {
          subscription.onStatus("live", null);
          subscription.onJoined(ack as Extract<A, { ok: true }>, joinedOnce);
          joinedOnce = true;
        } else if (ack.retryAfterMs !== undefined) {
          retryAfter(ack.retryAfterMs);
        } else {
          subscription.onStatus("offline", ack.error);
        }
      },
      () => {
        // No answer in time: ask again while connected (a reconnect re-subscribes anyway).
        if (!disposed && socket.connected) retryAfter(SUBSCRIBE_RETRY_MS);
      },
    );
  };
  const onServerError = ({ message, disconnecting }: { message: string; disconnecting?: boolean }) => {
    if (disconnecting) closedBecause = message;
  };
  const onConnect = () => {
    closedBecause = null;
    join();
  };
  const onDisconnect = () => {
    if (disposed) return;
    clearTimeout(retryTimer);
    // socket.active: socket.io reconnects by itself; otherwise the server closed us for good.
    if (socket.active) subscription.onStatus("reconnecting", null);
    else subscription.onStatus("offline", closedBecause);
  };
  const onConnectError = (error: Error) => {
    if (disposed) return;
    if (socket.active) subscription.onStatus("reconnecting", null);
    else subscription.onStatus("offline", error.message);
  };

  socket.on("connect", onConnect);
  socket.on("disconnect", onDisconnect);
  socket.on("connect_error", onConnectError);
  socket.on(EVENTS.error, onServerError);
  if (socket.connected) join();
  else if (!socket.active) socket.connect(); // e.g. refused before the user signed in, or closed by the server

  return () => {
    disposed = true;
    clearTimeout(retryTimer);
    socket.off("connect", onConnect);
    socket.off("disconnect", onDisconnect);
    socket.off("connect_error", onConnectError);
    socket.off(EVENTS.error, onServerError);
    const remaining = (counts.get(key) ?? 1) - 1;
    if (remaining > 0) {
      counts.set(key, remaining);
    } else {
      counts.delete(key);
      if (socket.connected) subscription.leave(socket);
    }
  };
}
