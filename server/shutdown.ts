// How a server process stops: on a terminal's Ctrl-C (SIGINT), a process manager's SIGTERM or a closed
// terminal (SIGHUP), everything started so far stops in the reverse order of its start (the web
// server first, then the workers, the queue and the pools, the database last), each component printing
// one line, and the process exits 0; a step that fails or hangs ends it with one line and exit code 1,
// never a stack. The worker and the embedded PostgreSQL run in sessions of their own, so only this
// process gets the terminal's signal, and they stop when it says so.

import { LOG_FORMAT, logger } from "./observability/log";

const log = logger("server");

export interface Shutdown {
  /** Registers how to stop what was just started. */
  defer(stop: () => unknown): void;
  /** Stops everything registered, then exits with exitCode (1 when a step failed). */
  begin(reason: string, exitCode?: number): void;
}

/** How long one step may take before the next one starts anyway (the database must always get its turn). */
const STEP_TIMEOUT_MS = 5_000;

const withinStepTimeout = (step: Promise<unknown>) =>
  Promise.race([
    step,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`a step took more than ${STEP_TIMEOUT_MS / 1000} s; going on`)), STEP_TIMEOUT_MS).unref()),
  ]);

export function stopOnSignals({ timeoutMs = 30_000 } = {}): Shutdown {
  const steps: (() => unknown)[] = [];
  let stopping = false;
  const begin = (reason: string, exitCode = 0) => {
    // Ctrl-C also reaches tsx and npm, which pass it on: one stop is enough.
    if (stopping) return;
    stopping = true;
    // The terminal echoed "^C" without a line break.
    if (reason === "SIGINT" && LOG_FORMAT === "text" && process.stdout.isTTY) process.stdout.write("\n");
    log.info(`${reason}: stopping`);
    setTimeout(() => {
      log.error(`still stopping after ${timeoutMs / 1000} s: exiting`);
      process.exit(1);
    }, timeoutMs).unref();
    void (async () => {
      let failed = false;
      // One step failing must not keep the later ones (the database) from stopping.
      for (const stop of steps.reverse()) {
        try {
          await withinStepTimeout(Promise.resolve().then(stop));
        } catch (error) {
          failed = true;
          log.error(`while stopping: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`);
        }
      }
      process.exit(failed ? 1 : exitCode);
    })();
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => begin(signal));
  return { defer: (stop) => void steps.push(stop), begin };
}
