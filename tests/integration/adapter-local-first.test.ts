// localFirstPostgresAdapter (server/realtime/adapter-pool.ts) on a real server: a broadcast reaches
// this process's sockets at once, even while the adapter cannot publish to PostgreSQL (every
// connection of its pool held, so its NOTIFY waits in the pool's queue). The plain adapter waits.
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, test } from "node:test";
import type pg from "pg";
import type { LivePublicState } from "@/lib/live/types";
import { EVENTS, type LiveJoinAck } from "@/lib/realtime/protocol";
import { createAppServer } from "@/server/app";
import { closeSocketAdapterPool, createSocketAdapterPool } from "@/server/realtime/adapter-pool";
import { checkInline, scoreInline } from "@/server/services/scoring";
import { releaseCourses } from "../support/classroom";
import { createCourse, createUser, enroll, openTestContext, testDatabaseUrl } from "../support/database";
import { sessionCookie, trpcCall } from "../support/http-client";
import { ackOf, nextEvent, openSocket } from "../support/sockets";

const ctx = openTestContext();
const adapterPool = createSocketAdapterPool(testDatabaseUrl());
const app = createAppServer({ db: ctx.db, auth: ctx.auth, score: scoreInline, check: checkInline, socketAdapterPool: adapterPool });
const courseIds: string[] = [];

after(async () => {
  await app.close();
  await closeSocketAdapterPool(adapterPool);
  await releaseCourses(ctx.db, courseIds);
  await ctx.db.$disconnect();
});

test("a live:state reaches the joined student while the adapter's pool has no connection to publish with", async () => {
  await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const courseId = await createCourse(ctx.db, "Local-first course");
  courseIds.push(courseId);
  const [instructor, student] = await Promise.all(["Prof", "Ann"].map((name) => createUser(ctx.auth, name)));
  await enroll(ctx.db, instructor.id, courseId, "INSTRUCTOR");
  await enroll(ctx.db, student.id, courseId, "STUDENT");
  const cookie = await sessionCookie(ctx.auth, instructor);
  const instructorCalls = async (path: string, input: unknown) => {
    const reply = await trpcCall(baseUrl, path, input, { kind: "mutation", cookie });
    assert.equal(reply.status, 200, reply.text);
    return reply.data as { sessionId: string };
  };

  const { sessionId } = await instructorCalls("live.start", { courseId });
  const socket = await openSocket(baseUrl, { cookie: await sessionCookie(ctx.auth, student) });
  try {
    const joined = (await ackOf(socket, EVENTS.liveJoin, { sessionId })) as LiveJoinAck;
    assert.ok(joined.ok, JSON.stringify(joined));
    const locked = nextEvent<LivePublicState>(socket, EVENTS.liveState, (state) => state.navigationLocked);
    await instructorCalls("live.setNavigationLock", { sessionId, locked: true });
    const { version } = await locked;

    // The adapter's LISTEN client holds one connection; these take all the others.
    const held: pg.PoolClient[] = [];
    try {
      while (held.length < adapterPool.options.max! - 1) held.push(await adapterPool.connect());
      assert.equal(adapterPool.totalCount, adapterPool.options.max);
      assert.equal(adapterPool.idleCount, 0);

      const unlocked = nextEvent<LivePublicState>(socket, EVENTS.liveState, (state) => !state.navigationLocked, 2000);
      await instructorCalls("live.setNavigationLock", { sessionId, locked: false });
      assert.equal((await unlocked).version, version + 1);
      assert.ok(adapterPool.waitingCount > 0, "the adapter's publish waits for a connection");
    } finally {
      for (const client of held) client.release();
    }
  } finally {
    socket.disconnect();
  }
});
