// Hostile input, generated with fast-check, against a real GenLab server process (Better Auth, tRPC,
// socket.io, the real scoring threads) on the real database. For every tRPC procedure, whose input
// fields are read from its zod schema, and every client socket event: huge strings, deep nesting,
// superjson's shared references and special numbers, wrong types, prototype keys, other courses'
// ids, garbage bodies, wrong methods. The answer must be a 4xx with a sentence for people (or a 2xx
// where the value is legitimately acceptable: said case by case below), never a 5xx, and a refused
// request must change no table. Sockets must survive anything and keep other users connected.
//
// The server runs in its own process so that a request that hangs or crashes it fails the test
// instead of hanging or killing the test runner. Reproduce a failure with the FUZZ_SEED it prints.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import superjson from "superjson";
import type { Socket } from "socket.io-client";
import { DISPLAY_NAME_MAX_CHARACTERS } from "@/lib/users/display-name";
import { CLIENT_EVENTS, EVENTS, MAX_CLIENT_MESSAGE_BYTES } from "@/lib/realtime/protocol";
import { appRouter } from "@/server/api/root";
import { DEFAULT_MAX_BODY_BYTES, MAX_BATCH_CALLS } from "@/server/api/trpc";
import { MAX_SOCKETS_PER_USER } from "@/server/realtime/gateway";
import { RATE_LIMITS as SOCKET_RATE_LIMITS } from "@/server/realtime/rate-limit";
import { RATE_LIMITS as API_RATE_LIMITS } from "@/server/security/rate-limits";
import { closeDueRounds, ROUND_CLOSE_GRACE_MS } from "@/server/services/live";
import { type Classroom, createClassroom, type LiveActivity, releaseCourses, startLiveActivity } from "../support/classroom";
import { callerFor, createUser, enroll, openTestContext, TEST_SECRET, testDatabaseUrl, unique } from "../support/database";
import { changedTables, dbFingerprint } from "../support/db-fingerprint";
import { type HttpReply, sessionCookie, trpcCall, trpcRequest } from "../support/http-client";
import { type LiveServers, startLiveServers } from "../support/live-server";
import { ganChoiceQuestion, procedureInputs } from "../support/procedure-inputs";
import { unreadableReason } from "../support/readable";
import { referenceBomb } from "../support/reference-bomb";
import { ackOf, listen, NO_ACK, nextEvent, openSocket } from "../support/sockets";

/** Fixed so that a failure reproduces; FUZZ_SEED=<n> replays another run. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
/** Runs per procedure or event (FUZZ_RUNS raises it for a longer hunt)… */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
/** …and at least this many per field fuzzed, so inputs with many fields get as close a look. */
const RUNS_PER_CASE = Math.ceil(RUNS / 3);

const ctx = openTestContext();
const { db } = ctx;
let servers: LiveServers;
let baseUrl: string;
let fx: Classroom;
let live: LiveActivity;
let foreignLive: LiveActivity;
/** Other courses' ids: nothing here may reach them. */
let foreignIds: string[];
/** The course's instructors (students for answerPoll), used in turn: the API allows each account a limited rate. */
const instructorCookies: string[] = [];
const studentCookies: string[] = [];
/** Students who have used every attempt at the assignment's quiz: well-formed answers go through the grading and stop at the limit. */
const quizDoneCookies: string[] = [];
let turn = 0;
let inputs: Record<string, () => unknown>;

// ── The server process ──────────────────────────────────────────────────────────────────────

async function startServer() {
  servers = await startLiveServers(1, { DATABASE_URL: testDatabaseUrl(), BETTER_AUTH_SECRET: TEST_SECRET, LIVE_SERVER_SCORING: "threads" });
  baseUrl = servers.servers[0].url;
}

/** Restarts the server if an earlier test left it dead or stuck, so one failure does not fail everything after it. */
async function serverAnswering() {
  const healthy = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(3000) }).then(
    (r) => r.ok,
    () => false,
  );
  if (healthy) return;
  servers.servers[0].child.kill("SIGKILL");
  await servers.stop();
  await startServer();
}

before(async () => {
  // Rounds other test files left to close would change tables under the fuzz's feet.
  await closeDueRounds(db, new Date(Date.now() + ROUND_CLOSE_GRACE_MS));
  fx = await createClassroom(ctx, "Fuzz");
  [live, foreignLive] = await Promise.all([startLiveActivity(ctx, fx), startLiveActivity(ctx, fx.other)]);
  const { other } = fx;
  foreignIds = [
    other.courseId,
    other.classmateSubmissionId,
    other.classmateJobId,
    other.classmateFinishedJobId,
    other.classmate.id,
    other.instructor.id,
    other.assignmentId,
    other.exerciseItemId,
    other.quizItemId,
    ...Object.values(foreignLive),
  ];
  // Seven co-teachers: some seventy procedures are fuzzed within a minute or two, each account under its rate.
  const coTeachers = await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => createUser(ctx.auth, `Fuzz co-teacher ${n}`)));
  const student2 = await createUser(ctx.auth, "Fuzz student 2");
  for (const user of coTeachers) await enroll(db, user.id, fx.courseId, "INSTRUCTOR");
  await enroll(db, student2.id, fx.courseId, "STUDENT");
  for (const user of [fx.instructor, ...coTeachers]) instructorCookies.push(await sessionCookie(ctx.auth, user));
  for (const user of [fx.student, student2]) studentCookies.push(await sessionCookie(ctx.auth, user));
  inputs = procedureInputs(fx, live);
  for (const n of [1, 2]) {
    const user = await createUser(ctx.auth, `Fuzz quiz-taker ${n}`);
    await enroll(db, user.id, fx.courseId, "STUDENT");
    const { caller } = callerFor(ctx, user);
    for (let attempts = 0; ; attempts++) {
      const { attemptsLeft } = await caller.assignment.submitQuiz(inputs["assignment.submitQuiz"]() as { itemId: string; answers: Record<string, string> });
      if (attemptsLeft === 0) break;
      assert.ok(attempts < 20, "the quiz's attempts never ran out");
    }
    quizDoneCookies.push(await sessionCookie(ctx.auth, user));
  }
  await startServer();
});

after(async () => {
  servers?.servers[0]?.child.kill("SIGKILL");
  await servers?.stop();
  await releaseCourses(db, [fx.courseId, fx.other.courseId, fx.spare.courseId]);
  await db.$disconnect();
});

/** Runs a property with the fixed seed; a failure names the seed to replay it with. */
async function fuzz<T>(name: string, arbitrary: fc.Arbitrary<T>, check: (value: T) => Promise<void>, numRuns = RUNS) {
  try {
    // No shrinking: each try is a real request, and the first counterexample already says what failed.
    await fc.assert(fc.asyncProperty(arbitrary, check), { seed: SEED, numRuns, endOnFailure: true });
  } catch (error) {
    console.error(`[fuzz] ${name} failed; replay with FUZZ_SEED=${SEED}`);
    throw error;
  }
}

// ── What a refusal must look like ───────────────────────────────────────────────────────────

/**
 * The message a person sees: tRPC's error message, or the body of a non-tRPC answer. Node's own
 * refusals (431 for a URL past its 16 KB header limit, 413 from a transport cap) have an empty
 * body: their status line is what is shown.
 */
function shownMessage(reply: HttpReply): unknown {
  if (reply.message !== undefined) return reply.message;
  try {
    const parsed = JSON.parse(reply.text) as { message?: unknown; error?: unknown };
    return parsed.message ?? parsed.error ?? reply.text;
  } catch {
    return reply.text || reply.statusText;
  }
}

interface Expectation {
  /** Why a 2xx is a legitimate answer here; absent: only a 4xx is. */
  acceptedBecause?: string;
}

/** One hostile request: a 4xx with a readable message (or a legitimate 2xx), never a 5xx, and no table changed. */
async function expectRefusal(label: string, send: () => Promise<HttpReply>, { acceptedBecause }: Expectation = {}) {
  const before = await dbFingerprint(db);
  const reply = await send();
  const changed = changedTables(before, await dbFingerprint(db));
  const what = `${label} → ${reply.status} ${String(shownMessage(reply)).slice(0, 160)}`;
  assert.ok(reply.status < 500, `${what}: a server error`);
  if (reply.status < 400) assert.ok(acceptedBecause, `${what}: accepted`);
  else assert.equal(unreadableReason(shownMessage(reply)), null, `${what}: not a readable message`);
  assert.deepEqual(changed, [], `${what}: changed tables`);
  return reply;
}

// ── Hostile values ──────────────────────────────────────────────────────────────────────────

/** A value as it travels in superjson's envelope: JSON text (deep values cannot go through JSON.stringify) and, for values JSON cannot spell, superjson's annotation. */
class Hostile {
  constructor(
    readonly label: string,
    readonly json: string,
    readonly annotation?: "number" | "undefined",
    /** A plain string a valid payload could hold (it names nothing of this course): refused, or harmlessly accepted where that is said. */
    readonly wellFormed = false,
  ) {}
  /** Counterexamples are printed by their label: the values themselves can be megabytes. */
  [fc.toStringMethod]() {
    return this.label;
  }
}

type FieldKind = "string" | "number" | "boolean" | "date" | "unknown" | "record" | "union" | "array" | "object";
interface FieldSpec {
  /** ["poll", "moduleSlug"] for a field inside a field. */
  path: string[];
  kind: FieldKind;
  optional: boolean;
  nullable: boolean;
  /** The schema takes "" (a description, a section left empty): then "" is a valid value, not a hostile one. */
  acceptsEmpty?: boolean;
}

/** A procedure's top-level input fields, read from its zod schema; null for a procedure without input. */
function fieldsOf(path: string): FieldSpec[] | null {
  const schema = (appRouter._def.procedures as Record<string, any>)[path]._def.inputs[0];
  if (!schema) return null;
  const shape: Record<string, any> = schema._zod.def.shape;
  return Object.entries(shape).map(([name, field]) => {
    let def = field._zod.def;
    const spec = { path: [name], optional: false, nullable: false, acceptsEmpty: field.safeParse("").success as boolean };
    while (def.type === "optional" || def.type === "nullable") {
      spec[def.type === "optional" ? "optional" : "nullable"] = true;
      def = def.innerType._zod.def;
    }
    return { ...spec, kind: def.type as FieldKind };
  });
}

/**
 * The fields inside a template's object-valued fields (a poll, a submission body, a training config),
 * typed by their valid value: a null there is a nullable field, and "wrong" means another type.
 */
function nestedFieldsOf(template: unknown): FieldSpec[] {
  if (typeof template !== "object" || template === null) return [];
  return Object.entries(template).flatMap(([name, value]) =>
    typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date)
      ? Object.entries(value).map(([inner, innerValue]) => ({
          path: [name, inner],
          kind: (innerValue === null ? "unknown" : Array.isArray(innerValue) ? "array" : typeof innerValue) as FieldKind,
          optional: false,
          nullable: innerValue === null,
        }))
      : [],
  );
}

const repeatTo = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
const hugeString = fc
  .record({ unit: fc.constantFrom("x", "é", "😀", "<script>", '"\\', "\u0000"), length: fc.integer({ min: 100_000, max: 400_000 }) })
  .map(({ unit, length }) => new Hostile(`a ${length}-character string of ${JSON.stringify(unit)}`, JSON.stringify(repeatTo(unit, length))));
/** Deeper than any input: from just past the server's bound to thousands of levels. */
const deepValue = fc
  .record({ depth: fc.integer({ min: 33, max: 20_000 }), shape: fc.constantFrom("array", "object") })
  .map(({ depth, shape }) =>
    shape === "array"
      ? new Hostile(`arrays nested ${depth} deep`, `${"[".repeat(depth)}1${"]".repeat(depth)}`)
      : new Hostile(`objects nested ${depth} deep`, `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`),
  );
const nonFinite = fc.constantFrom("NaN", "Infinity", "-Infinity").map((n) => new Hostile(n, JSON.stringify(n), "number"));
const undefinedValue = fc.constant(new Hostile("undefined", "null", "undefined"));
const PROTOTYPE_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__", "isPrototypeOf"];
const prototypeKeyObject = fc
  .record({
    key: fc.constantFrom("__proto__", "constructor", "prototype"),
    value: fc.constantFrom('{"polluted":true}', '{"prototype":{"polluted":true}}', "null", "[0.001,0.002]"),
  })
  .map(({ key, value }) => new Hostile(`{"${key}": ${value}}`, `{${JSON.stringify(key)}:${value}}`));
const prototypeKeyString = fc.constantFrom(...PROTOTYPE_KEYS).map((k) => new Hostile(`the string "${k}"`, JSON.stringify(k), undefined, true));
const foreignId = () => fc.constantFrom(...foreignIds).map((id) => new Hostile(`another course's id ${id}`, JSON.stringify(id), undefined, true));

const SAMPLES: Record<string, { json: string; kind: FieldKind | "null" }> = {
  "42": { json: "42", kind: "number" },
  "-1": { json: "-1", kind: "number" },
  "1e308": { json: "1e308", kind: "number" },
  "1.5": { json: "1.5", kind: "number" },
  true: { json: "true", kind: "boolean" },
  '""': { json: '""', kind: "string" },
  '"2026-12-07"': { json: '"2026-12-07"', kind: "string" },
  "[]": { json: "[]", kind: "array" },
  "[1,2,3]": { json: "[1,2,3]", kind: "array" },
  "{}": { json: "{}", kind: "object" },
  '{"a":1}': { json: '{"a":1}', kind: "object" },
  null: { json: "null", kind: "null" },
};

/** Values of another type than the field's; `""` stays for string fields that need at least a character. */
function wrongTypes(field: FieldSpec | null): fc.Arbitrary<Hostile> {
  const fits = (kind: string, label: string) => {
    if (!field) return false;
    if (kind === "null") return field.nullable || field.optional;
    if (field.kind === "unknown") return false;
    if (field.kind === "string") return kind === "string" && (label !== '""' || field.acceptsEmpty === true);
    if (field.kind === "record") return label === "{}";
    return kind === field.kind;
  };
  const labels = Object.entries(SAMPLES).filter(([label, s]) => !fits(s.kind, label));
  return fc.constantFrom(...labels).map(([label, s]) => new Hostile(label, s.json));
}

/** Values `field` must refuse, whatever else the input holds. */
function hostileFor(field: FieldSpec): fc.Arbitrary<Hostile> {
  const names = field.kind === "string" && /(Id|Slug|[cC]ode)$/.test(field.path.at(-1)!);
  return fc.oneof(
    hugeString,
    deepValue,
    nonFinite,
    wrongTypes(field),
    prototypeKeyObject,
    ...(field.optional ? [] : [undefinedValue]),
    // Only where a value names something: "__proto__" is a fine poll prompt, and naming nothing is a 404.
    ...(names ? [prototypeKeyString, foreignId()] : []),
  );
}

/** Replacements for the whole input. */
function hostileInput(template: unknown): fc.Arbitrary<Hostile> {
  const proto = new Hostile("the valid input hidden under __proto__", `{"__proto__":${JSON.stringify(superjson.serialize(template).json)}}`);
  return fc.oneof(hugeString, deepValue, nonFinite, wrongTypes(null), prototypeKeyObject, undefinedValue, fc.constant(proto));
}

/** Stands for the hostile value while the rest of the input goes through JSON.stringify. */
const SLOT = "\u0000hostile\u0000";

/** superjson's envelope around `template` with the field at `path` (the whole input for []) replaced by `hostile`. */
function envelope(template: unknown, path: readonly string[], hostile: Hostile): string {
  const metaOf = (values: object) => (Object.keys(values).length ? `,"meta":${JSON.stringify({ values })}` : "");
  if (path.length === 0) return `{"json":${hostile.json}${metaOf(hostile.annotation ? [hostile.annotation] : [])}}`;
  const { json, meta } = superjson.serialize(template ?? {});
  const at = path.join(".");
  // The template's own annotations (a deadline's Date), less those of the value replaced.
  const values: Record<string, unknown> = Object.fromEntries(Object.entries(meta?.values ?? {}).filter(([key]) => key !== at && !key.startsWith(`${at}.`)));
  if (hostile.annotation) values[at] = [hostile.annotation];
  const parent = path.slice(0, -1).reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, json as Record<string, unknown>);
  parent[path.at(-1)!] = SLOT;
  return `{"json":${JSON.stringify(json).replace(JSON.stringify(SLOT), () => hostile.json)}${metaOf(values)}}`;
}

// ── The procedures ──────────────────────────────────────────────────────────────────────────

const PROCEDURES = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: "query" | "mutation" } }>).map(([path, p]) => ({
  path,
  kind: p._def.type,
}));

/** Valid inputs that take a union's other branch: a poll from a module's quiz, a grade excused rather than set. */
const OTHER_BRANCHES: Record<string, () => unknown[]> = {
  "live.openPoll": () => [{ sessionId: live.sessionId, poll: { kind: "quiz", moduleSlug: "gan", questionId: ganChoiceQuestion().id } }],
  "gradebook.override": () => [{ ...(inputs["gradebook.override"]() as object), change: { excused: true } }],
};

/**
 * Fields where any text of the field's length is a legitimate value, so a hostile string may be
 * answered with a 2xx (which must still change nothing).
 */
const ANY_TEXT: Record<string, string> = {
  "roster.import csv": "a roster file is any text: lines without an email address are skipped and listed back",
};

/** The account a procedure is fuzzed as: the course's instructor, or a student for what only students do. */
function cookieFor(path: string): string {
  const cookies = path === "live.answerPoll" ? studentCookies : path === "assignment.submitQuiz" ? quizDoneCookies : instructorCookies;
  return cookies[turn++ % cookies.length];
}

/** Sends a superjson envelope the way the browser's client does: queries by GET, mutations by POST. */
function sendEnvelope(path: string, kind: "query" | "mutation", text: string, cookie = cookieFor(path)) {
  return kind === "query"
    ? trpcRequest(baseUrl, { path, method: "GET", query: text, cookie })
    : trpcRequest(baseUrl, { path, method: "POST", body: text, cookie });
}

describe("tRPC procedures over HTTP", () => {
  before(serverAnswering);

  for (const { path, kind } of PROCEDURES) {
    test(`${path}: hostile input fields (also inside its objects) and whole inputs are refused`, async () => {
      await serverAnswering();
      const fields = fieldsOf(path);
      const templates = [inputs[path]?.(), ...(OTHER_BRANCHES[path]?.() ?? [])];
      const cases = templates.flatMap((template) => [
        hostileInput(template).map((hostile) => ({ template, path: [] as string[], hostile })),
        ...[...(fields ?? []), ...nestedFieldsOf(template)].map((field) => hostileFor(field).map((hostile) => ({ template, path: field.path, hostile }))),
      ]);
      await fuzz(
        path,
        fc.oneof(...cases),
        async ({ template, path: at, hostile }) => {
          await expectRefusal(
            `${path} with ${at.join(".") || "the input"} = ${hostile.label}`,
            () => sendEnvelope(path, kind, envelope(template, at, hostile)),
            {
              acceptedBecause: fields === null ? "a procedure without input ignores what it is sent" : ANY_TEXT[`${path} ${at.join(".")}`],
            },
          );
        },
        fields === null ? 4 : Math.max(RUNS, RUNS_PER_CASE * cases.length),
      );
    });
  }

  test("-0 is read as 0: every number field answers as it does for 0", async () => {
    for (const { path, kind } of PROCEDURES) {
      for (const field of (fieldsOf(path) ?? []).filter((f) => f.kind === "number")) {
        const template = inputs[path]();
        const zero = await sendEnvelope(path, kind, envelope(template, field.path, new Hostile("0", "0")));
        const negativeZero = await sendEnvelope(path, kind, envelope(template, field.path, new Hostile("-0", '"-0"', "number")));
        const where = `${path}.${field.path.join(".")}`;
        assert.equal(negativeZero.status, zero.status, `${where}: -0 → ${negativeZero.status} ${negativeZero.message}, 0 → ${zero.status} ${zero.message}`);
        assert.ok(zero.status < 500, `${where} = 0 → ${zero.status}`);
      }
    }
  });

  test("garbage bodies, garbage query strings and wrong methods get a 4xx in words", async () => {
    const garbageText = fc.oneof(
      fc.constantFrom("", "{", "}", "null", "[]", "42", '"json"', '{"json":', '{"json":1,"meta":', "\u0000\u0001", "<html></html>"),
      fc.string({ maxLength: 200 }),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      // A well-formed envelope with broken metadata around a value no procedure takes.
      fc
        .record({
          json: fc.jsonValue({ maxDepth: 3 }),
          meta: fc.oneof(
            fc.jsonValue({ maxDepth: 3 }),
            fc.constantFrom(
              { values: { a: ["bogus"] } },
              { values: { "__proto__.polluted": ["undefined"] } },
              { values: { "constructor.prototype.polluted": ["number"] } },
              { values: ["Date"] },
              { values: { a: [["class", "Foo"]] } },
              { values: { a: ["map"] } },
            ),
          ),
        })
        .map((e) => JSON.stringify(e)),
    );
    const request = fc.record({
      procedure: fc.constantFrom(...PROCEDURES),
      text: garbageText,
      bytes: fc.option(
        fc.uint8Array({ maxLength: 256 }).map((b) => new Uint8Array(b)),
        { nil: undefined },
      ),
      wrongMethod: fc.boolean(),
      contentType: fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""),
    });
    await fuzz(
      "garbage",
      request,
      async ({ procedure: { path, kind }, text, bytes, wrongMethod, contentType }) => {
        const method = (kind === "query") !== wrongMethod ? "GET" : "POST";
        const body = method === "POST" ? (bytes ?? text) : undefined;
        const label = `${method} ${path} ${method === "GET" ? `?input=${JSON.stringify(text).slice(0, 80)}` : `body ${bytes ? `${bytes.length} random bytes` : JSON.stringify(text).slice(0, 80)}`} (${contentType || "no content-type"})`;
        await expectRefusal(
          label,
          () =>
            trpcRequest(baseUrl, {
              path,
              method,
              body,
              query: method === "GET" ? text : undefined,
              cookie: cookieFor(path),
              headers: { "content-type": contentType },
            }),
          {
            acceptedBecause: fieldsOf(path) === null && !wrongMethod ? "a procedure without input ignores what it is sent" : undefined,
          },
        );
      },
      150,
    );
  });

  // Whether the server refuses the metadata or drops it unread, it must never apply it: here it would
  // copy a valid value over a field left empty, and turn a refused request into an accepted one.
  test("superjson's shared references (meta.referentialEqualities) are never applied, by any procedure that reads input", async () => {
    const path = fc.oneof(
      fc.constantFrom("courseId", "sessionId", "body", "config", "poll", "json", "a.b", "__proto__", "constructor.prototype", "body.pi.0"),
      fc.string({ maxLength: 12 }),
    );
    const request = fc.record({
      procedure: fc.constantFrom(...PROCEDURES.filter((p) => fieldsOf(p.path)?.length)),
      others: fc.dictionary(path, fc.array(path, { minLength: 1, maxLength: 3 }), { maxKeys: 3 }),
    });
    await fuzz(
      "shared references",
      request,
      async ({ procedure: { path, kind }, others }) => {
        const { json } = superjson.serialize(inputs[path]()) as { json: Record<string, unknown> };
        const [emptied, value] = Object.entries(json).find(([, v]) => typeof v === "string")!;
        const text = JSON.stringify({ json: { ...json, [emptied]: "", copy: value }, meta: { referentialEqualities: { ...others, copy: [emptied] } } });
        const reply = await expectRefusal(`${path} with ${emptied} empty and referentialEqualities ${JSON.stringify({ ...others, copy: [emptied] })}`, () =>
          sendEnvelope(path, kind, text),
        );
        assert.equal(reply.status, 400, `${path}: ${reply.status} ${reply.message}`);
      },
      60,
    );
  });

  test(`bodies past a procedure's cap are refused with 413 (${DEFAULT_MAX_BODY_BYTES / 1024} KB, or the procedure's own; submissions: their exercise's size)`, async () => {
    for (const { path, kind } of PROCEDURES.filter((p) => p.kind === "mutation" && p.path !== "submission.submit")) {
      const cap: number = (appRouter._def.procedures as Record<string, any>)[path]._def.meta?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      const padding = "x".repeat(Math.max(100 * 1024, cap + 1024));
      const { json } = superjson.serialize(inputs[path]?.() ?? {});
      const reply = await expectRefusal(`${path} with a ${Math.round(padding.length / 1024)} KB body`, () =>
        sendEnvelope(path, kind, JSON.stringify({ json: { ...(json as object), padding } })),
      );
      assert.equal(reply.status, 413, `${path}: ${reply.status} ${reply.message}`);
    }
    const submission = { ...(inputs["submission.submit"]() as object), body: { pi: [0.1, 0.8, 0.1], padding: "x".repeat(5 * 1024 * 1024) } };
    const reply = await expectRefusal("submission.submit with a 5 MB body", () =>
      trpcCall(baseUrl, "submission.submit", submission, { kind: "mutation", cookie: cookieFor("submission.submit") }),
    );
    assert.equal(reply.status, 413, `${reply.status} ${reply.message}`);
  });

  test(`a batch holds at most ${MAX_BATCH_CALLS} calls; a longer one runs none of them`, async () => {
    const batchOf = (n: number) => Array.from({ length: n }, () => "me").join(",");
    const cookie = cookieFor("me");
    const full = await trpcRequest(baseUrl, { path: batchOf(MAX_BATCH_CALLS), method: "GET", batch: true, query: "{}", cookie });
    assert.equal(full.status, 200, full.text.slice(0, 200));
    assert.equal((JSON.parse(full.text) as unknown[]).length, MAX_BATCH_CALLS);
    await expectRefusal(`GET batch of ${MAX_BATCH_CALLS + 1} me`, () =>
      trpcRequest(baseUrl, { path: batchOf(MAX_BATCH_CALLS + 1), method: "GET", batch: true, query: "{}", cookie }),
    );
    // Mutations that would each store a row: none may run.
    const modules = await db.module.findMany({ where: { courseId: fx.courseId }, take: MAX_BATCH_CALLS + 1, select: { slug: true } });
    const body = JSON.stringify(Object.fromEntries(modules.map((m, i) => [i, superjson.serialize({ courseId: fx.courseId, moduleSlug: m.slug })])));
    await expectRefusal(`POST batch of ${modules.length} progress.markRead`, () =>
      trpcRequest(baseUrl, { path: modules.map(() => "progress.markRead").join(","), method: "POST", batch: true, body, cookie: studentCookies[1] }),
    );
  });

  test(`a session sending more than ${API_RATE_LIMITS.apiRequestsPerSession.points} API requests a minute gets 429 in words`, async () => {
    const user = await createUser(ctx.auth, "Fuzz flooder");
    const cookie = await sessionCookie(ctx.auth, user);
    const statuses: number[] = [];
    let refused: HttpReply | undefined;
    for (let i = 0; i <= API_RATE_LIMITS.apiRequestsPerSession.points && !refused; i += 20) {
      const replies = await Promise.all(Array.from({ length: 20 }, () => trpcCall(baseUrl, "me", undefined, { kind: "query", cookie })));
      statuses.push(...replies.map((r) => r.status));
      refused = replies.find((r) => r.status === 429);
    }
    assert.ok(refused, `no 429 after ${statuses.length} requests`);
    assert.equal(statuses.indexOf(429), API_RATE_LIMITS.apiRequestsPerSession.points, "the first refused request is the one past the limit");
    assert.equal(unreadableReason(refused.message), null, refused.message);
  });
});

// ── Sign-up: display names ──────────────────────────────────────────────────────────────────

describe("sign-up over HTTP", () => {
  const signUp = (name: unknown): Promise<HttpReply> =>
    fetch(`${baseUrl}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseUrl },
      body: JSON.stringify({ name, email: `fuzz-${unique()}@test.local`, password: "correct-horse-battery" }),
      signal: AbortSignal.timeout(10_000),
    }).then(async (r) => ({ status: r.status, statusText: r.statusText, text: await r.text() }));

  test(`display names: 1–${DISPLAY_NAME_MAX_CHARACTERS} visible characters; anything else is refused in words and creates no account`, async () => {
    await serverAnswering();
    const invisible = fc.constantFrom("\u0000", "\u0007", "\n", "\t", "\u007f", "\u202e", "\u2066", "\u200b", "\ufeff", "\u2028");
    const name = fc.oneof(
      fc.integer({ min: DISPLAY_NAME_MAX_CHARACTERS + 1, max: 200_000 }).map((n) => ({ label: `${n} characters`, value: "n".repeat(n) as unknown })),
      fc
        .tuple(fc.string({ minLength: 1, maxLength: 20 }), invisible)
        .map(([s, c]) => ({ label: `${JSON.stringify(s)} with ${JSON.stringify(c)}`, value: `Eve${c}${s}` as unknown })),
      fc.constantFrom("", " ", "\u3000\u3000").map((s) => ({ label: JSON.stringify(s), value: s as unknown })),
      fc.constantFrom<unknown>(42, null, [], {}, ["Eve"], { first: "Eve" }, true).map((v) => ({ label: JSON.stringify(v), value: v })),
    );
    // The user and account tables are fingerprinted: a refused sign-up creates neither.
    await fuzz("display names", name, async ({ label, value }) => void (await expectRefusal(`sign-up named ${label}`, () => signUp(value))), 25);
    // The boundary, and names people have: accepted.
    for (const fine of ["Zoë O'Neil", "李小龙", "=cmd|' /C calc'!A0", "n".repeat(DISPLAY_NAME_MAX_CHARACTERS)]) {
      const reply = await signUp(fine);
      assert.equal(reply.status, 200, `${JSON.stringify(fine)}: ${reply.text.slice(0, 200)}`);
    }
  });
});

// ── Sockets ─────────────────────────────────────────────────────────────────────────────────

describe("socket events (real server)", () => {
  interface Sender {
    cookie: string;
    socket?: Socket;
    heard?: ReturnType<typeof listen>;
    lastUsed: number;
  }
  /** Students of the fuzz course whose sockets send the hostile events, in turn (each stays under its rate limit). */
  const senders: Sender[] = [];
  let bystander: Socket;
  let bystanderHeard: ReturnType<typeof listen>;
  let bystanderAskedAt = 0;
  /** Between two events of one socket: below every per-socket rate limit. */
  const PACE_MS = Math.ceil(1000 / Math.min(SOCKET_RATE_LIMITS.other.perSecond, SOCKET_RATE_LIMITS.progress.perSecond)) + 50;

  before(async () => {
    await serverAnswering();
    const users = await Promise.all([1, 2, 3, 4].map((i) => createUser(ctx.auth, `Fuzz sender ${i}`)));
    for (const user of users) {
      await enroll(db, user.id, fx.courseId, "STUDENT");
      senders.push({ cookie: await sessionCookie(ctx.auth, user), lastUsed: 0 });
    }
    const watcher = await createUser(ctx.auth, "Fuzz bystander");
    await enroll(db, watcher.id, fx.courseId, "STUDENT");
    bystander = await openSocket(baseUrl, { cookie: await sessionCookie(ctx.auth, watcher) });
    bystanderHeard = listen(bystander);
    assert.equal(((await ackOf(bystander, EVENTS.liveJoin, { sessionId: live.sessionId })) as { ok: boolean }).ok, true);
  });

  after(() => {
    bystander?.disconnect();
    for (const s of senders) s.socket?.disconnect();
  });

  /** The next sender, reconnected if the server closed its socket, once its pause since its last event is over. */
  async function nextSender(): Promise<Required<Sender>> {
    const sender = senders[turn++ % senders.length];
    const wait = sender.lastUsed + PACE_MS - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (!sender.socket?.connected) {
      sender.socket = await openSocket(baseUrl, { cookie: sender.cookie });
      sender.heard = listen(sender.socket);
    }
    sender.lastUsed = Date.now();
    return sender as Required<Sender>;
  }

  /** Other users are untouched: the bystander is still connected and (at its own pace) still answered. */
  async function bystanderUnharmed(label: string) {
    assert.equal(bystanderHeard.disconnected(), null, `${label}: the bystander was disconnected`);
    if (Date.now() - bystanderAskedAt < PACE_MS) return;
    bystanderAskedAt = Date.now();
    const clock = await ackOf(bystander, EVENTS.liveClock, {});
    assert.equal(typeof (clock as { serverNow?: unknown })?.serverNow, "number", `${label}: the bystander got no answer (${JSON.stringify(clock)})`);
  }

  /** A valid payload of each event, for a student of the fuzz course. */
  const templates = (): Record<string, Record<string, unknown>> => ({
    [EVENTS.leaderboardSubscribe]: { courseId: fx.courseId, exerciseSlug: "markov-chain" },
    [EVENTS.leaderboardUnsubscribe]: { courseId: fx.courseId, exerciseSlug: "markov-chain" },
    [EVENTS.liveJoin]: { sessionId: live.sessionId },
    [EVENTS.liveLeave]: { sessionId: live.sessionId },
    [EVENTS.liveProgress]: { sessionId: live.sessionId, exerciseSlug: "gan-ring", backend: "wasm", iteration: 1, losses: { d: 0.7 }, thumbnail: [0, 0] },
    [EVENTS.liveClock]: {},
    [EVENTS.poolSubscribe]: { courseId: fx.courseId },
    [EVENTS.poolUnsubscribe]: { courseId: fx.courseId },
  });

  /** JSON has no NaN or undefined, and socket.io sends JSON: those classes are left out. */
  const socketHostile = (field: string | null) =>
    fc.oneof(
      hugeString,
      deepValue.filter((h) => h.json.length < 8000),
      wrongTypes(null),
      prototypeKeyObject,
      ...(field && /(Id|Slug)$/.test(field) ? [prototypeKeyString, foreignId()] : []),
    );

  /** Leaving or unsubscribing from something one never followed is harmless: `ok` is a fine answer there. */
  const HARMLESS_TO_ACCEPT = new Set<string>([EVENTS.leaderboardUnsubscribe, EVENTS.liveLeave, EVENTS.poolUnsubscribe]);

  for (const event of CLIENT_EVENTS) {
    test(`${event}: hostile payloads are refused in words; the server and other users carry on`, async () => {
      await serverAnswering();
      const template = templates()[event];
      assert.ok(template, `no valid payload of ${event} to start from`);
      const cases = [socketHostile(null).map((hostile) => ({ field: null as string | null, hostile }))];
      for (const field of Object.keys(template)) cases.push(socketHostile(field).map((hostile) => ({ field, hostile })));
      await fuzz(event, fc.oneof(...cases), async ({ field, hostile }) => {
        const payload = field === null ? JSON.parse(hostile.json) : { ...template, [field]: JSON.parse(hostile.json) };
        const label = `${event} with ${field ?? "the payload"} = ${hostile.label}`;
        const { socket, heard } = await nextSender();
        const before = await dbFingerprint(db);
        const tooBig = Buffer.byteLength(JSON.stringify(payload)) > MAX_CLIENT_MESSAGE_BYTES;
        let answer: unknown = NO_ACK;
        if (tooBig) {
          // Past socket.io's message cap the server closes this socket: fine, as long as nobody else notices.
          const closed = new Promise((resolve) => socket.once("disconnect", resolve));
          socket.emit(event, payload);
          await Promise.race([closed, new Promise((r) => setTimeout(r, 2000))]);
          assert.notEqual(heard.disconnected(), null, `${label}: a message over ${MAX_CLIENT_MESSAGE_BYTES} bytes was taken in`);
        } else if (event === EVENTS.liveProgress) {
          const complaint = nextEvent<{ message: string }>(socket, EVENTS.error, () => true, hostile.wellFormed ? 300 : 1500).catch(() => NO_ACK);
          socket.emit(event, payload);
          answer = await complaint;
          // A well-formed report for a session the socket has not joined is ignored without a word.
          if (!hostile.wellFormed) assert.notEqual(answer, NO_ACK, `${label}: no complaint about an invalid report`);
          if (answer !== NO_ACK) assert.equal(unreadableReason((answer as { message: string }).message), null, `${label}: ${JSON.stringify(answer)}`);
        } else {
          answer = await ackOf(socket, event, payload, 1500);
          assert.notEqual(answer, NO_ACK, `${label}: no acknowledgement`);
          const ack = answer as { ok?: boolean; error?: unknown };
          const legitimate = JSON.stringify(payload) === JSON.stringify(template) || (HARMLESS_TO_ACCEPT.has(event) && hostile.wellFormed);
          if (ack.ok !== false) assert.ok(legitimate, `${label}: accepted (${JSON.stringify(ack).slice(0, 160)})`);
          else assert.equal(unreadableReason(ack.error), null, `${label}: ${JSON.stringify(ack).slice(0, 200)}`);
        }
        assert.deepEqual(changedTables(before, await dbFingerprint(db)), [], `${label}: changed tables`);
        await bystanderUnharmed(label);
      });
    });
  }

  test("unknown and reserved event names are ignored without harm", async () => {
    const name = fc.oneof(
      fc.constantFrom(
        "constructor",
        "__proto__",
        "toString",
        "hasOwnProperty",
        "live:state",
        "system:error",
        "leaderboard:updated",
        "pool:progress",
        "error",
        "disconnecting",
      ),
      fc.string({ minLength: 1, maxLength: 30 }),
    );
    await fuzz(
      "unknown events",
      fc.tuple(name, fc.jsonValue({ maxDepth: 3 })),
      async ([event, payload]) => {
        if ((CLIENT_EVENTS as readonly string[]).includes(event)) return;
        const { socket } = await nextSender();
        const before = await dbFingerprint(db);
        const answer = await ackOf(socket, event, payload, 300);
        assert.equal(answer, NO_ACK, `${event}: answered ${JSON.stringify(answer)}`);
        assert.deepEqual(changedTables(before, await dbFingerprint(db)), [], `${event}: changed tables`);
        await bystanderUnharmed(`event ${JSON.stringify(event)}`);
      },
      20,
    );
  });

  test("a socket from another site (a foreign Origin) is refused, saying why; the server's own origin is let in", async () => {
    const cookie = senders[0].cookie;
    await assert.rejects(openSocket(baseUrl, { cookie, origin: "https://evil.example" }));
    // The browser shows nothing of a refused WebSocket; the handshake's answer says why.
    const handshake = await fetch(`${baseUrl}/socket.io/?EIO=4&transport=polling`, { headers: { cookie, origin: "https://evil.example" } });
    assert.equal(handshake.status, 403);
    const { message } = (await handshake.json()) as { message?: unknown };
    assert.equal(unreadableReason(message), null, String(message));
    const own = await openSocket(baseUrl, { cookie, origin: "http://localhost" });
    own.disconnect();
  });

  test(`a user's sockets beyond ${MAX_SOCKETS_PER_USER} close their oldest, which is told why; the others keep working`, async () => {
    const user = await createUser(ctx.auth, "Fuzz many tabs");
    await enroll(db, user.id, fx.courseId, "STUDENT");
    const cookie = await sessionCookie(ctx.auth, user);
    const tabs: Socket[] = [];
    try {
      for (let i = 0; i < MAX_SOCKETS_PER_USER; i++) tabs.push(await openSocket(baseUrl, { cookie }));
      const told = nextEvent<{ message: string; disconnecting?: boolean }>(tabs[0], EVENTS.error, (e) => e.disconnecting === true, 3000);
      const closed = new Promise((resolve) => tabs[0].once("disconnect", resolve));
      tabs.push(await openSocket(baseUrl, { cookie }));
      const notice = await told;
      assert.equal(unreadableReason(notice.message), null, notice.message);
      await closed;
      for (const [i, tab] of tabs.slice(1).entries()) {
        const clock = await ackOf(tab, EVENTS.liveClock, {});
        assert.equal(typeof (clock as { serverNow?: unknown })?.serverNow, "number", `tab ${i + 2} still works`);
      }
      await bystanderUnharmed("six tabs");
    } finally {
      for (const tab of tabs) tab.disconnect();
    }
  });

  test(`every acknowledged event is rate-limited per socket (${SOCKET_RATE_LIMITS.other.burst} at once, then ${SOCKET_RATE_LIMITS.other.perSecond} a second); refusals say so`, async () => {
    const user = await createUser(ctx.auth, "Fuzz flood");
    await enroll(db, user.id, fx.courseId, "STUDENT");
    const cookie = await sessionCookie(ctx.auth, user);
    for (const event of CLIENT_EVENTS.filter((e) => e !== EVENTS.liveProgress)) {
      const socket = await openSocket(baseUrl, { cookie });
      try {
        const payload = templates()[event];
        const started = Date.now();
        const answers = await Promise.all(Array.from({ length: 40 }, () => ackOf(socket, event, payload, 3000)));
        const allowed = SOCKET_RATE_LIMITS.other.burst + Math.ceil(((Date.now() - started) / 1000) * SOCKET_RATE_LIMITS.other.perSecond);
        const done = answers.filter((a) => (a as { ok?: boolean })?.ok === true);
        assert.ok(done.length <= allowed, `${event}: ${done.length} of 40 handled at once (at most ${allowed})`);
        for (const refusal of answers.filter((a) => (a as { ok?: boolean })?.ok === false)) {
          assert.equal(unreadableReason((refusal as { error: unknown }).error), null, `${event}: ${JSON.stringify(refusal)}`);
        }
        await bystanderUnharmed(`a flood of ${event}`);
      } finally {
        socket.disconnect();
      }
    }
  });
});

// ── Last: requests built to hold the server (they must be refused in moments) ───────────────

describe("requests built to exhaust the server", () => {
  /** Sends `text` to `path` and expects a refusal within 2 s. */
  async function refusedInTime(path: string, what: string, text: string) {
    const kind = PROCEDURES.find((p) => p.path === path)!.kind;
    const started = Date.now();
    const reply = await expectRefusal(`${path} with ${what}`, () => sendEnvelope(path, kind, text));
    assert.ok(Date.now() - started < 2000, `${path} with ${what}: answered after ${Date.now() - started} ms (${reply.status})`);
  }

  test("a reference bomb where any JSON is taken (a submission's body and config, a pool run's config) is refused within 2 s", async () => {
    await serverAnswering();
    // 28 levels stay within the nesting bound: only never applying the references keeps them small.
    for (const [path, field] of [
      ["submission.submit", "body"],
      ["submission.submit", "config"],
      ["pool.enqueue", "config"],
    ] as const) {
      const bomb = referenceBomb(28, field);
      const json = { ...(superjson.serialize(inputs[path]()).json as object), [field]: bomb.value };
      await refusedInTime(path, `a reference bomb as ${field}`, JSON.stringify({ json, meta: { referentialEqualities: bomb.referentialEqualities } }));
    }
    const health = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(3000) });
    assert.equal(health.status, 200, "the server still answers");
  });

  test("a value nested 100,000 deep is refused within 2 s by every procedure that reads input", async () => {
    await serverAnswering();
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    for (const { path } of PROCEDURES.filter((p) => fieldsOf(p.path))) {
      const template = JSON.stringify(superjson.serialize(inputs[path]()).json);
      await refusedInTime(path, "a value nested 100,000 deep", `{"json":${template.slice(0, -1)},"body":${deep}}}`);
    }
  });
});
