"use client";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/protocol";

export type GenlabSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

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
