// socket.io clients against a real server, loosely typed so tests can send what no page would
// (unknown events, hostile payloads), and record everything they hear.
import { io as connect, type Socket } from "socket.io-client";

/** Set when an event got no acknowledgement in time. */
export const NO_ACK = Symbol("no acknowledgement");

export interface OpenSocketOptions {
  cookie?: string;
  /** Sent as the Origin header, as a browser does. */
  origin?: string;
}

/** Connects over WebSocket; rejects with the server's connect_error (a refused connection). */
export function openSocket(baseUrl: string, { cookie, origin }: OpenSocketOptions = {}, timeoutMs = 5000): Promise<Socket> {
  const headers: Record<string, string> = { ...(cookie ? { cookie } : {}), ...(origin ? { origin } : {}) };
  const socket = connect(baseUrl, { extraHeaders: headers, transports: ["websocket"], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no connection within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("connect_error", (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
  });
}

/** The acknowledgement of one event, or NO_ACK when none came within `ms`. */
export async function ackOf(socket: Socket, event: string, payload: unknown, ms = 3000): Promise<unknown> {
  try {
    return await socket.timeout(ms).emitWithAck(event, payload);
  } catch {
    return NO_ACK;
  }
}

export interface Heard {
  event: string;
  payload: unknown;
}

/** Everything `socket` hears from now on (and whether it was disconnected, with the reason). */
export function listen(socket: Socket): { heard: Heard[]; disconnected: () => string | null } {
  const heard: Heard[] = [];
  let reason: string | null = null;
  socket.onAny((event: string, payload: unknown) => heard.push({ event, payload }));
  socket.on("disconnect", (why) => (reason = why));
  return { heard, disconnected: () => reason };
}

/** Resolves with the first heard payload of `event` that satisfies `match`, or fails after `ms`. */
export function nextEvent<T = unknown>(socket: Socket, event: string, match: (payload: T) => boolean = () => true, ms = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no matching ${event} within ${ms} ms`));
    }, ms);
    socket.on(event, listener);
  });
}
