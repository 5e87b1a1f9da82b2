import { createAdapter } from "@socket.io/postgres-adapter";
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

/**
 * socket.io's Postgres adapter, delivering to this process's sockets without waiting for PostgreSQL.
 * As published, a broadcast reaches local sockets only once its NOTIFY (or, past 8 kB, its INSERT
 * and NOTIFY) has returned: a live:state for 2,000 students waited behind the instructor's
 * 1.5 MB grid, and during a database outage nothing reached anyone. The message still goes to
 * the other processes, in the background; the adapter reports its own failures.
 */
export function localFirstPostgresAdapter(pool: pg.Pool): ReturnType<typeof createAdapter> {
  const adapterFor = createAdapter(pool, { errorHandler: (error) => logger("socket.io adapter").warn(error) });
  // socket.io calls it with `new`: a function, not an arrow.
  return function (namespace) {
    const adapter = adapterFor(namespace);
    // doPublish is protected and awaited before the local delivery; its promise never rejects (errorHandler).
    const published = adapter as unknown as { doPublish(message: unknown): Promise<string> };
    const publish = published.doPublish.bind(adapter);
    published.doPublish = (message) => {
      void publish(message);
      return Promise.resolve("");
    };
    return adapter;
  };
}
