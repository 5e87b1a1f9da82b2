// The log of a GenLab process (web server, scoring thread, pool worker): one pino logger whose records
// name their `component` (the bracketed prefix of the text lines: server, http, trpc, db, pool queue …)
// and, while a request is being handled, its `requestId`, read from an AsyncLocalStorage so that no
// function has to pass it on. GENLAB_LOG_FORMAT=json writes pino's records as they are, one object a
// line on stdout, for a log collector; "text" turns each back into the line a person reads
// ("[server] SIGTERM: stopping"), warnings and errors on stderr as before. No transport threads:
// each record is written synchronously by the thread that logs it, so none is lost at an exit.
import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type DestinationStream, type Logger } from "pino";
import { env } from "../env";

const requestContext = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `run` on behalf of request `requestId`: whatever it logs, across awaits and timers, carries the id. */
export function withRequestContext<T>(requestId: string, run: () => T): T {
  return requestContext.run({ requestId }, run);
}

/** The request being handled here, if any (handed on to the scoring threads with each job). */
export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

/** Decided once per process; the scoring threads are told it, since their stdout is never a terminal. */
export const LOG_FORMAT = env.GENLAB_LOG_FORMAT ?? (process.stdout.isTTY ? "text" : "json");

const LEVEL_VALUES: Record<string, number> = pino.levels.values;
/** Several worker processes share one terminal (`npm start`, `--concurrency`): their lines name their pid. */
const COMPONENTS_WITH_PID = new Set(["worker"]);

interface LogRecord {
  level: string;
  component?: string;
  pid?: number;
  msg?: string;
  err?: unknown;
}

/** An error as a person reads it: its stack at level error and above (a fault to look into), else its message. */
function errorText(err: unknown, severity: number): string | undefined {
  if (err === undefined || err === null) return undefined;
  if (typeof err !== "object") return String(err);
  const { message, stack } = err as { message?: unknown; stack?: unknown };
  if (severity >= LEVEL_VALUES.error && typeof stack === "string") return stack;
  return typeof message === "string" ? message : JSON.stringify(err);
}

/** One JSON record → the line the text format shows, and whether it goes to stderr (warnings and errors). */
export function textLine(json: string): { line: string; stderr: boolean } {
  const record = JSON.parse(json) as LogRecord;
  const severity = LEVEL_VALUES[record.level] ?? LEVEL_VALUES.info;
  const { component } = record;
  const prefix = component ? `[${component}${COMPONENTS_WITH_PID.has(component) ? ` ${record.pid}` : ""}] ` : "";
  const error = errorText(record.err, severity);
  // pino takes a lone error's message as the record's msg: said once.
  const words = [record.msg, error === record.msg ? undefined : error].filter((part) => part !== undefined && part !== "").join(": ");
  return { line: `${prefix}${words}\n`, stderr: severity >= LEVEL_VALUES.warn };
}

const textDestination: DestinationStream = {
  write(json) {
    const { line, stderr } = textLine(json);
    (stderr ? process.stderr : process.stdout).write(line);
  },
};

/**
 * An error as a record holds it: type, message, code, stack and cause, not its other properties,
 * which may hold a whole database client (pg's errors can) with its connection's settings.
 */
function serializeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return err;
  const { code } = err as { code?: unknown };
  return {
    type: err.name,
    message: err.message,
    ...(typeof code === "string" || typeof code === "number" ? { code } : {}),
    stack: err.stack,
    ...(err.cause !== undefined && depth < 3 ? { cause: serializeError(err.cause, depth + 1) } : {}),
  };
}

/** A process's root logger writing to `destination`: ISO times, level names, the request id where there is one. */
export function createProcessLogger(destination: DestinationStream, level: string = env.GENLAB_LOG_LEVEL): Logger {
  return pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: serializeError },
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
    },
    destination,
  );
}

const root = createProcessLogger(LOG_FORMAT === "text" ? textDestination : pino.destination({ dest: 1, sync: true }));
const components = new Map<string, Logger>();

/** The logger of one part of the server; its records carry `component`. */
export function logger(component: string): Logger {
  let child = components.get(component);
  if (!child) components.set(component, (child = root.child({ component })));
  return child;
}

/**
 * For code that reports in "[component] words" lines through a `log(line)` option (the embedded
 * PostgreSQL, migrations, mail), so a caller can still collect or silence them: each line becomes a
 * record of the component it names (else `component`).
 */
export function lineLogger(component: string, level: "info" | "warn" | "error" = "info"): (line: string) => void {
  return (line) => {
    const named = /^\[([a-z][\w .-]*)\] ([\s\S]*)$/.exec(line);
    logger(named?.[1] ?? component)[level](named?.[2] ?? line);
  };
}
