// The workers' announcements (progress, results, scores) on one NOTIFY channel, heard by each web
// server process over one connection per listener, reconnected when lost.
import type pg from "pg";
import { logger } from "../observability/log";
import { POOL_EVENTS_CHANNEL } from "./queue";

const RECONNECT_MS = 2000;

/** LISTENs on POOL_EVENTS_CHANNEL until stopped, passing each parsed message on; reconnects after a lost connection. */
export function listenToPoolChannel(pgPool: pg.Pool, onMessage: (message: unknown) => void): () => Promise<void> {
  let client: pg.PoolClient | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const deliver = (raw: string | undefined) => {
    let message: unknown;
    try {
      message = JSON.parse(raw ?? "");
    } catch {
      return;
    }
    onMessage(message);
  };

  const connect = async () => {
    try {
      const c = await pgPool.connect();
      client = c;
      c.on("notification", (n) => n.channel === POOL_EVENTS_CHANNEL && deliver(n.payload));
      let lost = false;
      c.on("error", () => {
        // pg may report one lost connection more than once: release and reconnect once.
        if (lost) return;
        lost = true;
        c.release(true);
        if (client === c) client = null;
        if (!stopped) retry = setTimeout(() => void connect(), RECONNECT_MS);
      });
      await c.query(`LISTEN ${POOL_EVENTS_CHANNEL}`);
    } catch (error) {
      logger("pool events").warn({ err: error }, "listening");
      if (!stopped) retry = setTimeout(() => void connect(), RECONNECT_MS);
    }
  };
  void connect();

  return async () => {
    stopped = true;
    clearTimeout(retry);
    const c = client;
    client = null;
    if (c) {
      await c.query(`UNLISTEN ${POOL_EVENTS_CHANNEL}`).catch(() => {});
      c.release(true);
    }
  };
}
