// Shared set-up for tests that touch data: the real PostgreSQL from DATABASE_URL (scripts/run-tests.ts
// starts an embedded one), real Better Auth users, and callers of the real tRPC router.
import { randomUUID } from "node:crypto";
import type { LeaderboardUpdated } from "@/lib/realtime/protocol";
import { createCaller } from "@/server/api/root";
import { absentPoolQueue, type PoolQueue } from "@/server/pool/queue";
import { createAuth } from "@/server/auth";
import { createDb, type Db } from "@/server/db";
import type { LtiTool } from "@/server/lti/tool";
import type { Mailer } from "@/server/mail";
import type { CourseRole } from "@/server/generated/prisma/client";
import type { Actor, CourseCreation } from "@/server/services/courses";
import { fitArenaInline } from "@/server/services/arena";
import type { SubmissionChecker } from "@/server/scoring/pool";
import { checkInline, scoreInline } from "@/server/services/scoring";
import { createSubmissionScoring } from "@/server/services/submission-scoring";
import { createCourseWithModules } from "@/server/services/seed";

export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: run the tests with `npm test`, which starts a database.");
  return url;
}

export const TEST_SECRET = "test-secret-test-secret-test-secret-0123";

export function openTestContext(baseURL = "http://localhost:3000") {
  const db = createDb(testDatabaseUrl());
  const auth = createAuth({ db, secret: TEST_SECRET, baseURL });
  return { db, auth };
}

/** A unique suffix so tests never collide with each other or with earlier runs. */
export const unique = () => randomUUID().slice(0, 8);

export async function createUser(auth: ReturnType<typeof createAuth>, name: string): Promise<Actor & { password: string }> {
  const email = `${name.toLowerCase().replace(/\W+/g, "-")}-${unique()}@test.local`;
  const password = "correct-horse-battery";
  const { user } = await auth.api.signUpEmail({ body: { name, email, password } });
  return { id: user.id, name: user.name, email: user.email, password };
}

export async function createCourse(db: Db, title = "Test course") {
  const id = unique();
  return createCourseWithModules(db, {
    slug: `test-${id}`,
    title,
    joinCode: `T${id
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, "0")
      .slice(0, 7)}`,
  });
}

export async function enroll(db: Db, userId: string, courseId: string, role: CourseRole) {
  await db.enrollment.create({ data: { userId, courseId, role } });
}

/**
 * The server's submission scoring with the scorers run inline (no threads); lapsed submissions are
 * taken over only when a test calls `sweep()`. `check` replaces the inline checker.
 */
export function inlineSubmissionScoring(db: Db, onScored?: (event: LeaderboardUpdated) => void, check: SubmissionChecker = checkInline) {
  return createSubmissionScoring({ db, check, score: scoreInline, onScored, sweepMs: 0 });
}

/** A tRPC caller acting as `user` (null: anonymous), recording what it announces. */
export function callerFor(
  deps: { db: Db; auth: ReturnType<typeof createAuth>; pool?: PoolQueue; courseCreation?: CourseCreation; mail?: Mailer; publicOrigin?: string; lti?: LtiTool },
  user: Actor | null,
) {
  const events: LeaderboardUpdated[] = [];
  /** Live sessions announced as changed, and polls announced as answered. */
  const liveChanges: string[] = [];
  const pollAnswers: string[] = [];
  const caller = createCaller({
    db: deps.db,
    auth: deps.auth,
    user,
    submissions: inlineSubmissionScoring(deps.db, (e) => events.push(e)),
    fitArena: fitArenaInline,
    pool: deps.pool ?? absentPoolQueue,
    courseCreation: deps.courseCreation,
    mail: deps.mail,
    publicOrigin: deps.publicOrigin,
    lti: deps.lti,
    realtime: {
      leaderboardUpdated: (e) => events.push(e),
      liveStateChanged: async (sessionId) => void liveChanges.push(sessionId),
      livePollAnswered: (_sessionId, pollId) => void pollAnswers.push(pollId),
    },
  });
  return { caller, events, liveChanges, pollAnswers };
}

/** 2,000 samples spread evenly over the eight ring centres (a perfect submission). */
export function perfectRingSamples(count = 2000): [number, number][] {
  return Array.from({ length: count }, (_, i) => {
    const angle = (2 * Math.PI * (i % 8)) / 8;
    return [2 * Math.cos(angle), 2 * Math.sin(angle)] as [number, number];
  });
}

/** All samples on one centre: a collapsed generator. */
export function collapsedRingSamples(count = 2000): [number, number][] {
  return Array.from({ length: count }, () => [2, 0] as [number, number]);
}
