import pg from "pg";
import { logger } from "../observability/log";

/**
 * The pg pool behind socket.io's Postgres adapter (one LISTEN connection plus a few for NOTIFY) and
 * the worker pool's events (one more LISTEN).
 * When PostgreSQL ends a connection (a restart, a failover), pg emits "error" on the client (the
 * adapter keeps its LISTEN client checked out) or, for an idle one, on the pool; unheard, either
 * would end the process. The adapter reconnects by itself.
 */
export function createSocketAdapterPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 6 });
  const report = (error: Error) => logger("socket.io adapter").warn(error);
  // The adapter drops a LISTEN client whose connection ended without releasing it: released here,
  // or each database restart would keep one of the pool's places for good (after six, no LISTEN).
  const checkedOut = new WeakSet<pg.PoolClient>();
  pool.on("acquire", (client) => checkedOut.add(client));
  pool.on("release", (_error, client) => checkedOut.delete(client));
  pool.on("error", report);
  pool.on("connect", (client) => {
    client.on("error", report);
    client.on("end", () => {
      if (checkedOut.has(client)) (client as pg.PoolClient).release(true);
    });
  });
  return pool;
}

/**
 * Ends the pool. When the database went away first (Ctrl-C stops the embedded one too), the
 * adapter drops its LISTEN client without releasing it, and pool.end() would wait forever.
 */
export async function closeSocketAdapterPool(pool: pg.Pool, timeoutMs = 1000): Promise<void> {
  await Promise.race([pool.end().catch(() => {}), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
}
