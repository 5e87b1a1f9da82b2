// The server's log: a request's id on every record logged on its behalf (across awaits, and not on
// another request's records), and the text format's lines as a person read them before JSON logs.
import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { createProcessLogger, currentRequestId, textLine, withRequestContext } from "@/server/observability/log";

/** A logger whose records are kept, parsed, in `records` (and as written, in `lines`). */
function capturingLogger(level = "info") {
  const lines: string[] = [];
  const log = createProcessLogger({ write: (line: string) => void lines.push(line) }, level);
  return { log, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

test("records logged inside withRequestContext carry its requestId, across awaits and timers; others do not", async () => {
  const { log, records } = capturingLogger();
  const http = log.child({ component: "http" });
  const handle = (requestId: string, pauseMs: number) =>
    withRequestContext(requestId, async () => {
      http.info(`${requestId} begins`);
      await sleep(pauseMs);
      await new Promise<void>((resolve) => setTimeout(() => (http.info(`${requestId} in a timer`), resolve()), 1));
      http.info(`${requestId} ends`);
    });
  http.info("outside");
  // Interleaved: the second request begins and ends while the first one waits.
  await Promise.all([handle("first", 30), handle("second", 0)]);
  http.info("outside again");

  const idOf = Object.fromEntries(records().map((r) => [r.msg, r.requestId]));
  assert.deepEqual(idOf, {
    outside: undefined,
    "first begins": "first",
    "first in a timer": "first",
    "first ends": "first",
    "second begins": "second",
    "second in a timer": "second",
    "second ends": "second",
    "outside again": undefined,
  });
  assert.equal(currentRequestId(), undefined);
  const [outside] = records();
  assert.equal(outside.component, "http");
  assert.equal(outside.level, "info");
  assert.ok(!Number.isNaN(Date.parse(String(outside.time))), "an ISO time");
});

test("the text format: [component] msg, an error's message (its stack at level error), warnings and errors on stderr", () => {
  const { log, lines } = capturingLogger("debug");
  log.child({ component: "server" }).info("SIGTERM: stopping");
  log.child({ component: "pool queue" }).warn({ err: new Error("connection lost") }, "supervising");
  log.child({ component: "socket.io adapter" }).warn(new Error("terminated unexpectedly"));
  log.child({ component: "pool events" }).warn({ err: "not an Error" }, "listening");
  log.child({ component: "trpc" }).error({ err: new TypeError("x is undefined") }, "course.get");
  log.child({ component: "worker" }).info("ready: wasm on cpu");
  log.info("no component");
  const shown = lines.map(textLine);

  assert.deepEqual(shown[0], { line: "[server] SIGTERM: stopping\n", stderr: false });
  assert.deepEqual(shown[1], { line: "[pool queue] supervising: connection lost\n", stderr: true });
  assert.deepEqual(shown[2], { line: "[socket.io adapter] terminated unexpectedly\n", stderr: true }, "a lone error's message is said once");
  assert.deepEqual(shown[3], { line: "[pool events] listening: not an Error\n", stderr: true });
  assert.match(shown[4].line, /^\[trpc\] course\.get: TypeError: x is undefined\n {4}at /, "at level error, the stack");
  assert.equal(shown[4].stderr, true);
  assert.deepEqual(shown[5], { line: `[worker ${process.pid}] ready: wasm on cpu\n`, stderr: false }, "worker lines name their process");
  assert.deepEqual(shown[6], { line: "no component\n", stderr: false });
});

test("an error's record keeps its type, message, code, stack and cause, not its other properties (a pg error can hold its client)", () => {
  const { log, records } = capturingLogger();
  const error = Object.assign(new Error("terminating connection", { cause: new Error("socket closed") }), {
    code: "57P01",
    client: { connectionParameters: { user: "postgres", host: "db.internal" } },
  });
  log.child({ component: "pool queue" }).warn(error);
  const [record] = records() as [{ msg: string; err: Record<string, unknown> & { cause: { message: string } } }];
  assert.equal(record.msg, "terminating connection");
  assert.deepEqual(Object.keys(record.err).sort(), ["cause", "code", "message", "stack", "type"]);
  assert.equal(record.err.code, "57P01");
  assert.equal(record.err.cause.message, "socket closed");
  assert.doesNotMatch(JSON.stringify(record), /db\.internal/);
});
