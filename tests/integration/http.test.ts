// The real HTTP server (without Next.js): Better Auth cookies, tRPC status codes, the health check,
// and a leaderboard update delivered over socket.io to another user's browser socket.
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { io as connect, type Socket } from "socket.io-client";
import { type AnnouncedLeaderboardUpdate, EVENTS } from "@/lib/realtime/protocol";
import { createAppServer } from "@/server/app";
import { createAuth } from "@/server/auth";
import { createDb } from "@/server/db";
import { createScoringPool } from "@/server/scoring/pool";
import { createCourse, enroll, openTestContext, perfectRingSamples, TEST_SECRET, unique } from "../support/database";
import { submissionRequest } from "../support/http-client";

const { db } = openTestContext();
const scoring = createScoringPool(1);
let baseUrl: string;
let app: ReturnType<typeof createAppServer>;
let courseId: string;
const sockets: Socket[] = [];

before(async () => {
  // The real scoring thread pool, as in the server.
  app = createAppServer({ db, auth: createAuth({ db, secret: TEST_SECRET, baseURL: "http://localhost" }), score: scoring.score, check: scoring.check });
  await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
  const { port } = app.server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  courseId = await createCourse(db, "HTTP course");
  // A scoring thread loads every exercise's code on its first request (seconds): do that here, so
  // the timing below measures a submission, not the thread's start-up.
  await scoring.score("gan-ring", { samples: perfectRingSamples() });
});

after(async () => {
  for (const s of sockets) s.disconnect();
  await app.realtime.close();
  await scoring.close();
  await db.$disconnect();
});

async function signUp(name: string): Promise<{ cookie: string; id: string }> {
  const response = await fetch(`${baseUrl}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: "http://localhost" },
    body: JSON.stringify({ name, email: `${name.toLowerCase()}-${unique()}@test.local`, password: "correct-horse-battery" }),
  });
  assert.equal(response.status, 200, await response.clone().text());
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  assert.match(response.headers.getSetCookie().join("\n"), /HttpOnly/i, "session cookie is httpOnly");
  const { user } = (await response.json()) as { user: { id: string } };
  return { cookie, id: user.id };
}

async function trpc(path: string, input: unknown, cookie?: string, rawBody?: string) {
  const response = await fetch(`${baseUrl}/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
    body: rawBody ?? JSON.stringify({ json: input }),
  });
  const text = await response.text();
  let body: any = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

test("GET /api/health answers 200 with db ok", async () => {
  const response = await fetch(`${baseUrl}/api/health`);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { db: "ok" });
});

test("GET /api/health answers 503 when the database does not answer", async () => {
  // A database URL where nothing listens (port 9 is the discard port; nothing runs there here).
  const deadDb = createDb("postgresql://postgres:password@127.0.0.1:9/genlab");
  const dead = createAppServer({
    db: deadDb,
    auth: createAuth({ db: deadDb, secret: TEST_SECRET, baseURL: "http://localhost" }),
    score: scoring.score,
    check: scoring.check,
  });
  await new Promise<void>((resolve) => dead.server.listen(0, "127.0.0.1", resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(dead.server.address() as AddressInfo).port}/api/health`);
    assert.equal(response.status, 503);
    assert.deepEqual(await response.json(), { db: "unavailable" });
  } finally {
    await dead.realtime.close();
    await deadDb.$disconnect();
  }
});

test("submissions: statuses and messages over HTTP, and a live leaderboard update for another user", async () => {
  const student = await signUp("Stu");
  const watcher = await signUp("Watcher");
  await enroll(db, student.id, courseId, "STUDENT");
  await enroll(db, watcher.id, courseId, "INSTRUCTOR");
  const base = { courseId, exerciseSlug: "gan-ring" };
  const submit = (extra: { body?: unknown; rawBody?: string; exerciseSlug?: string }, cookie?: string) =>
    submissionRequest(baseUrl, { ...base, idempotencyKey: `k-${unique()}`, ...extra }, cookie);

  const anonymous = await submit({ body: {} });
  assert.equal(anonymous.status, 401);

  const socket = connect(baseUrl, { extraHeaders: { cookie: watcher.cookie }, transports: ["websocket"] });
  sockets.push(socket);
  const ack = await socket.timeout(5000).emitWithAck(EVENTS.leaderboardSubscribe, { courseId, exerciseSlug: "gan-ring" });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  const bad = await socket.timeout(5000).emitWithAck(EVENTS.leaderboardSubscribe, { courseId: 42 });
  assert.equal(bad.ok, false);

  const updated = new Promise<AnnouncedLeaderboardUpdate>((resolve) => socket.once(EVENTS.leaderboardUpdated, resolve));
  const wrongCount = await submit({ body: { samples: perfectRingSamples(10) } }, student.cookie);
  assert.equal(wrongCount.status, 400);
  assert.match(wrongCount.message ?? "", /exactly 2000 samples/);

  // JSON cannot carry NaN: it arrives as null and is named as not a number.
  const nan = await submit(
    { rawBody: JSON.stringify({ body: { samples: perfectRingSamples().map((p, i) => (i === 0 ? [Number.NaN, 0] : p)) } }) },
    student.cookie,
  );
  assert.equal(nan.status, 400);
  assert.match(nan.message ?? "", /not a number/);

  const huge = await submit({ body: { samples: perfectRingSamples(), pad: "x".repeat(400_000) } }, student.cookie);
  assert.equal(huge.status, 413);

  const unknown = await submit({ exerciseSlug: "nope", body: {} }, student.cookie);
  assert.equal(unknown.status, 404);
  assert.equal(await db.submission.count({ where: { userId: student.id } }), 0, "nothing stored for refused submissions");

  // Over tRPC, only what fits the default body cap: a gan-ring submission is uploaded instead.
  const overTrpc = await trpc("submission.submit", { ...base, idempotencyKey: `k-${unique()}`, body: { samples: perfectRingSamples() } }, student.cookie);
  assert.equal(overTrpc.status, 413);

  const sentAt = Date.now();
  const ok = await submit({ body: { samples: perfectRingSamples() } }, student.cookie);
  assert.equal(ok.status, 200, ok.text);
  const stored = ok.data as { id: string; metrics: Record<string, number> };
  assert.equal(stored.metrics.modesCovered, 8);
  const event = await updated;
  assert.deepEqual(
    event.submissions.map((s) => s.submissionId),
    [stored.id],
  );
  assert.ok(!("userId" in event), "subscribers are not told who submitted (it would tie a pseudonym to an account)");
  // A bound, not a speed test (bench:burst measures that): generous, as CI runs other suites beside this one.
  assert.ok(Date.now() - sentAt < 5000, "the update reaches the other user within seconds");
});

test("signing out ends the user's socket: it is told why and closed", async () => {
  const user = await signUp("Leaver");
  await enroll(db, user.id, courseId, "STUDENT");
  const socket = connect(baseUrl, { extraHeaders: { cookie: user.cookie }, transports: ["websocket"], reconnection: false });
  sockets.push(socket);
  const first = await socket.timeout(5000).emitWithAck(EVENTS.leaderboardSubscribe, { courseId, exerciseSlug: "gan-ring" });
  assert.equal(first.ok, true);
  const told = new Promise<{ message: string }>((resolve) => socket.on(EVENTS.error, resolve));
  const disconnected = new Promise((resolve) => socket.once("disconnect", resolve));
  const signOut = await fetch(`${baseUrl}/api/auth/sign-out`, { method: "POST", headers: { cookie: user.cookie, origin: "http://localhost" } });
  assert.equal(signOut.status, 200);
  assert.match((await told).message, /You signed out/);
  await disconnected;
});

test("sockets without a session are refused", async () => {
  const socket = connect(baseUrl, { transports: ["websocket"], reconnection: false });
  sockets.push(socket);
  const error = await new Promise<Error>((resolve) => socket.once("connect_error", resolve));
  assert.match(error.message, /sign in/);
});

test("run-time assets: the public digit splits (gzipped), the evaluator and the wasm files; never the test digits", async () => {
  const train = await fetch(`${baseUrl}/api/datasets/mnist/train.bin`);
  assert.equal(train.status, 200);
  assert.equal(train.headers.get("content-encoding"), "gzip");
  const bytes = new Uint8Array(await train.arrayBuffer()); // fetch unpacks gzip
  const { decodeDigitSet } = await import("@/lib/ml/datasets/digits");
  const { loadMnistSplit } = await import("@/lib/datasets/mnist");
  const decoded = decodeDigitSet(bytes);
  assert.equal(decoded.count, 8000);
  assert.deepEqual(decoded.labels, loadMnistSplit("train").labels);

  const validation = await fetch(`${baseUrl}/api/datasets/mnist/validation.bin`, { headers: { "accept-encoding": "identity" } });
  assert.equal(validation.headers.get("content-encoding"), null);
  assert.equal(decodeDigitSet(new Uint8Array(await validation.arrayBuffer())).count, 1000);

  const test = await fetch(`${baseUrl}/api/datasets/mnist/test.bin`);
  assert.equal(test.status, 404);
  assert.match((await test.json()).error, /No public digit split named "test"/);

  const model = await fetch(`${baseUrl}/models/digit-evaluator.onnx`);
  assert.equal(model.status, 200);
  assert.ok((await model.arrayBuffer()).byteLength > 100_000);
  const ort = await fetch(`${baseUrl}/ort-wasm/ort-wasm-simd-threaded.wasm`);
  assert.equal(ort.headers.get("content-type"), "application/wasm");
  await ort.arrayBuffer();

  // The wasm binaries go gzipped to those who accept it (fetch unpacks it), byte for byte the package's.
  const { readFileSync } = await import("node:fs");
  const original = readFileSync("node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm");
  const tfjs = await fetch(`${baseUrl}/tfjs-wasm/tfjs-backend-wasm-simd.wasm`);
  assert.equal(tfjs.headers.get("content-encoding"), "gzip");
  assert.equal(tfjs.headers.get("vary"), "accept-encoding");
  assert.deepEqual(Buffer.from(await tfjs.arrayBuffer()), original);
  // What travels: read without unpacking.
  const { get } = await import("node:http");
  const packedSize = await new Promise<number>((resolve, reject) =>
    get(`${baseUrl}/tfjs-wasm/tfjs-backend-wasm-simd.wasm`, { headers: { "accept-encoding": "gzip" } }, (response) => {
      let size = 0;
      response.on("data", (chunk: Buffer) => (size += chunk.length));
      response.on("end", () => resolve(size));
    }).on("error", reject),
  );
  assert.ok(packedSize < 0.6 * original.length, `${packedSize} of ${original.length} bytes sent`);
  const refused = await fetch(`${baseUrl}/tfjs-wasm/tfjs-backend-wasm-simd.wasm`, { headers: { "accept-encoding": "br, gzip;q=0" } });
  assert.equal(refused.headers.get("content-encoding"), null, "gzip;q=0 refuses gzip");
  await refused.arrayBuffer();
  const plain = await fetch(`${baseUrl}/tfjs-wasm/tfjs-backend-wasm-simd.wasm`, { headers: { "accept-encoding": "identity" } });
  assert.equal(plain.headers.get("content-encoding"), null);
  assert.deepEqual(Buffer.from(await plain.arrayBuffer()), original);
  for (const path of ["/models/../package.json", "/ort-wasm/ort.node.min.mjs", "/tfjs-wasm/secret.wasm"]) {
    const response = await fetch(`${baseUrl}${path}`);
    assert.equal(response.status, 404, path);
    await response.arrayBuffer();
  }
});
