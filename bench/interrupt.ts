// A bench's Ctrl-C (or SIGTERM): stop what it started, remove its throw-away database, exit 130.
import { removeClusterData } from "@/server/database/embedded-postgres";

/**
 * Installs the handlers; `stop` stops the bench's children and its database. However the process
 * ends, the data directory goes with it once `ownsDatabase()` (the bench started its own).
 * `interrupted()` tells the bench's loops to stop early.
 */
export function stopOnInterrupt({
  log,
  stop,
  dataDir,
  ownsDatabase,
}: {
  log: (line: string) => void;
  stop: () => Promise<unknown>;
  dataDir: string;
  ownsDatabase: () => boolean;
}) {
  let interrupted = false;
  const removeDataDir = () => removeClusterData(dataDir);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      log(`${signal}: stopping`);
      void stop()
        .catch(() => undefined)
        .finally(() => {
          removeDataDir();
          process.exit(130);
        });
    });
  }
  process.on("exit", () => {
    if (ownsDatabase()) removeDataDir();
  });
  return { interrupted: () => interrupted, removeDataDir };
}
