// Failover (issue 18): GenLab as a department runs it on several machines, on this one — two web
// processes (tests/support/live-server.ts, scoring threads as in `npm start`) behind a sticky load
// balancer (tests/support/balancer.ts), two pool workers, one PostgreSQL outside all of them — loses
// one part after another and carries on:
// - a web process killed with SIGKILL mid-round: its people's sockets reconnect through the balancer
//   to the other process within 5 s and find the round, its countdown, their submissions and points;
//   submissions it had acknowledged but not yet scored are taken over once their lease lapses;
// - a worker killed with SIGKILL mid-job: the supervisor hands the job back, the other worker
//   finishes it, and it is posted once;
// - PostgreSQL restarted: the web processes and the worker carry on without a restart of their own;
// - a web process stopped with SIGTERM while it scores (a deploy): it finishes or hands back its
//   submissions at once, and its sockets reconnect to a replacement.
// Everything the students do goes through the balancer over HTTP and socket.io, as their browsers'.
import assert from "node:assert/strict";
import { EventEmitter, once } from "node:events";
import { after, before, describe, test } from "node:test";
import { io as connect, type Socket } from "socket.io-client";
import { loadMnistSplit } from "@/lib/datasets/mnist";
import type { LivePersonalState, LivePublicState } from "@/lib/live/types";
import { POLL_CORRECT_POINTS } from "@/lib/live/points";
import { DEFAULT_GAN_CONFIG } from "@/lib/ml/configs/gan";
import { bytesToBase64 } from "@/lib/ml/datasets/digits";
import { type ClientToServerEvents, EVENTS, type LiveJoinAck, type ServerToClientEvents } from "@/lib/realtime/protocol";
import { readSubmissionAnswer, type SubmissionAnswer } from "@/lib/submissions/answer";
import { createDb, type Db } from "@/server/db";
import { poolQueueOf, startPoolQueue } from "@/server/pool/queue";
import { enqueuePoolJobs } from "@/server/services/pool";
import { type Balancer, pinnedBackend, startBalancer } from "../support/balancer";
import { type ClusterDatabase, isRunning, startClusterDatabase } from "../support/cluster";
import { createCourse, enroll, TEST_SECRET, unique } from "../support/database";
import { trpcCall } from "../support/http-client";
import { type LiveServerEnv, type LiveServers, signUpOverHttp, startLiveServers, trpcMutation as trpc } from "../support/live-server";
import { killStartedWorkers, startWorker, stopWorker, waitFor, type WorkerProcess } from "../support/pool-workers";

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type PoolBoss = Awaited<ReturnType<typeof startPoolQueue>>;

/** The issue's bound: from a web process's death to its students' sockets working again on another. */
const RECONNECT_BOUND_MS = 5_000;
/** A stored submission's scoring lease (server/services/submission-scoring.ts's default; live-server.ts keeps it). */
const SCORING_LEASE_MS = 30_000;
/** markov-chain's exact stationary distribution (tests/integration/accounts.test.ts): a cheap, quickly scored answer. */
const STATIONARY = [4 / 51, 40 / 51, 7 / 51];

interface Person {
  name: string;
  id: string;
  email: string;
  cookie: string;
  /** The web process (the balancer's index) this browser's cookie pins it to. */
  backend: number;
  socket?: LiveSocket;
  /** Each live:join acknowledgement: the first, and one after every reconnect (as the pages rejoin). */
  joins: { at: number; ack: LiveJoinAck }[];
  disconnects: number[];
  states: LivePublicState[];
  heard: EventEmitter;
}

interface Sent {
  idempotencyKey: string;
  /** The acknowledgement ("accepted" line): the submission is stored. */
  accepted: Promise<{ id: string; status: string }>;
  answer: Promise<SubmissionAnswer<{ id: string; status: string; metrics: Record<string, number> }>>;
}

let database: ClusterDatabase;
let db: Db;
let boss: PoolBoss;
let web: LiveServers;
let replacement: LiveServers | undefined;
let balancer: Balancer;
let workers: WorkerProcess[] = [];
let courseId: string;
let sessionId: string;
let instructor: Person;
const students: Person[] = [];
let everyone: Person[] = [];
/** 1,000 digits: a gan-digits submission, about 1 MB, whose scoring keeps a scoring thread busy for seconds. */
let digits: unknown;
/** Every submission a server acknowledged, by id. */
const acknowledged = new Set<string>();

before(
  async () => {
    const startedAt = Date.now();
    database = await startClusterDatabase();
    db = createDb(database.url);
    // The test's own queue only sends jobs; the workers' queues supervise, as they do beside web servers.
    boss = await startPoolQueue(database.url, { supervise: false });
    workers = [startWorker(database.url), startWorker(database.url)];
    // First the balancer, whose address the web processes must trust as their browsers' origin.
    balancer = await startBalancer([]);
    web = await startLiveServers(2, webEnv());
    balancer.backends.push(...web.servers.map((s) => s.url));
    web.servers.forEach(reportExit);
    const validation = loadMnistSplit("validation");
    digits = { images: { dtype: "uint8", shape: [1000, 28, 28], data: bytesToBase64(validation.images.subarray(0, 1000 * 28 * 28)) } };

    courseId = await createCourse(db, "Failover course");
    const { joinCode } = await db.course.findUniqueOrThrow({ where: { id: courseId }, select: { joinCode: true } });
    // One after the other: the balancer pins new browsers to the processes in turn, so each holds half.
    instructor = await signUp("Prof");
    for (const name of ["Ann", "Bob", "Cem", "Dee", "Eva", "Fay"]) students.push(await signUp(name));
    everyone = [instructor, ...students];
    await enroll(db, instructor.id, courseId, "INSTRUCTOR");
    for (const s of students) assert.equal((await trpc(balancer.url, "course.join", { joinCode }, s.cookie)).courseId, courseId);
    for (const backend of [0, 1]) assert.ok(students.filter((s) => s.backend === backend).length >= 2, `students pinned to process ${backend}`);

    ({ sessionId } = await trpc(balancer.url, "live.start", { courseId }, instructor.cookie));
    // A revealed poll gives points: Ann, Cem and Eva answer right.
    const { pollId } = await trpc(
      balancer.url,
      "live.openPoll",
      { sessionId, poll: { kind: "custom", prompt: "Is π = πP?", choices: ["yes", "no"], correctIndex: 0 } },
      instructor.cookie,
    );
    for (const [i, s] of students.entries()) await trpc(balancer.url, "live.answerPoll", { pollId, choice: i % 2 }, s.cookie);
    await trpc(balancer.url, "live.revealPoll", { pollId }, instructor.cookie);
    await Promise.all(everyone.map((p) => joinLive(p)));
    await Promise.all(
      workers.map((w) =>
        waitFor(
          "a worker to be ready",
          async () => w.output(),
          (out) => out.includes("ready:"),
          90_000,
        ),
      ),
    );
    console.log(`[failover] PostgreSQL, 2 web processes, 2 workers, the class and its session ready in ${Date.now() - startedAt} ms`);
  },
  { timeout: 240_000 },
);

after(
  async () => {
    for (const p of everyone) p.socket?.disconnect();
    const pids = [...(web?.servers ?? []), ...(replacement?.servers ?? [])].map((s) => s.pid).concat(workers.map((w) => w.pid!));
    const postmaster = database?.pid();
    await Promise.all([web?.stop(), replacement?.stop(), ...workers.map((w) => stopWorker(w))]);
    killStartedWorkers();
    await boss?.stop({ graceful: false, timeout: 2000 });
    await db?.$disconnect();
    await balancer?.close();
    await database?.stop();
    database?.remove();
    const left = [...pids, postmaster].filter((pid): pid is number => !!pid && isRunning(pid));
    assert.deepEqual(left, [], "no process outlives the test");
  },
  { timeout: 60_000 },
);

/**
 * A web process's settings behind the balancer. The browsers' origin is the balancer's, which
 * live-server.ts does not trust (it trusts its own port only, where a real process is told GENLAB_URL):
 * Better Auth's own BETTER_AUTH_TRUSTED_ORIGINS adds it for the sign-up form's Origin check.
 */
function webEnv(): LiveServerEnv {
  const env = {
    DATABASE_URL: database.url,
    BETTER_AUTH_SECRET: TEST_SECRET,
    LIVE_SERVER_SCORING: "threads" as const,
    BETTER_AUTH_TRUSTED_ORIGINS: balancer.url,
  };
  return env;
}

/** Says when a web process exits, and how: one that dies unexpectedly is seen in the test's output. */
function reportExit(server: LiveServers["servers"][number]) {
  server.child.once("exit", (code, signal) => console.log(`[failover] web process ${server.port} exited (${signal ?? `exit ${code}`})`));
}

async function signUp(name: string): Promise<Person> {
  const email = `${name.toLowerCase()}-${unique()}@failover.test`;
  const { id, cookie } = await signUpOverHttp(balancer.url, { name, email, password: "correct-horse-battery" });
  const backend = pinnedBackend(cookie, balancer.backends.length);
  assert.notEqual(backend, null, `the balancer pinned ${name} to a process: ${cookie}`);
  return { name, id, email, cookie, backend: backend!, joins: [], disconnects: [], states: [], heard: new EventEmitter() };
}

/** A socket as the pages open it (app/_lib/socket.ts: socket.io's reconnection, at most 5 s apart), joining the session on every connect. */
async function joinLive(person: Person) {
  const socket: LiveSocket = connect(balancer.url, { extraHeaders: { cookie: person.cookie }, reconnectionDelayMax: 5_000, forceNew: true });
  person.socket = socket;
  socket.on("connect", () => {
    socket
      .timeout(10_000)
      .emitWithAck(EVENTS.liveJoin, { sessionId })
      .then(
        (ack) => {
          person.joins.push({ at: Date.now(), ack });
          person.heard.emit("joined");
        },
        () => {},
      );
  });
  socket.on("disconnect", () => person.disconnects.push(Date.now()));
  socket.on(EVENTS.liveState, (state) => {
    person.states.push(state);
    person.heard.emit("state");
  });
  const { ack } = await joinedAfter(person, 0, 20_000);
  assert.ok(ack.ok, `${person.name} joins: ${JSON.stringify(ack)}`);
}

/** The first of `person`'s records (joins or states) that `pick` finds, waiting for `event` until `timeoutMs`. */
async function heardBy<T>(person: Person, event: "joined" | "state", pick: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = pick();
    if (found !== undefined) return found;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`${person.name}: ${what} did not come within ${timeoutMs} ms`);
    await once(person.heard, event, { signal: AbortSignal.timeout(left) }).catch(() => {});
  }
}

const joinedAfter = (person: Person, since: number, timeoutMs: number) =>
  heardBy(person, "joined", () => person.joins.find((j) => j.at > since), timeoutMs, `a live:join acknowledged after ${since}`);

/** The live state as the page fetches it after a (re)join: tRPC live.state through the balancer. */
async function liveState(person: Person): Promise<{ state: LivePublicState; me: LivePersonalState }> {
  const reply = await trpcCall(balancer.url, "live.state", { sessionId }, { kind: "query", cookie: person.cookie });
  assert.equal(reply.status, 200, `${person.name}'s live.state: ${reply.text.slice(0, 300)}`);
  return reply.data as { state: LivePublicState; me: LivePersonalState };
}

/** POST /api/submissions through the balancer, as the pages send it; the acknowledgement as soon as it streams in. */
function send(
  person: Person,
  exerciseSlug: string,
  body: unknown,
  { roundId, idempotencyKey = `k-${unique()}` }: { roundId?: string; idempotencyKey?: string } = {},
): Sent {
  const query = new URLSearchParams({ courseId, exerciseSlug, idempotencyKey, ...(roundId ? { roundId } : {}) });
  let acknowledge!: (accepted: { id: string; status: string }) => void;
  const accepted = new Promise<{ id: string; status: string }>((resolve) => (acknowledge = resolve));
  const answer = fetch(`${balancer.url}/api/submissions?${query}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: person.cookie },
    body: JSON.stringify({ body }),
  }).then((response) =>
    readSubmissionAnswer<{ id: string; status: string; metrics: Record<string, number> }>(response, {
      onAccepted: (stored) => {
        acknowledged.add(stored.id);
        acknowledge(stored);
      },
    }),
  );
  const refused = answer.then((a) => {
    throw new Error(`${person.name}'s ${exerciseSlug} submission was not acknowledged: ${JSON.stringify(a)}`);
  });
  return { idempotencyKey, accepted: Promise.race([accepted, refused]), answer };
}

/** The submission's score as its author's page gets it: the streamed result. */
async function scoredResult(sent: Sent, what: string) {
  const answer = await sent.answer;
  assert.equal(answer.kind, "result", `${what}: ${JSON.stringify(answer)}`);
  return (answer as Extract<typeof answer, { kind: "result" }>).result;
}

/** Every acknowledged submission has left SCORING within `timeoutMs`: each is SCORED with exactly one Score. */
async function everyAcknowledgedScored(timeoutMs: number) {
  const ids = [...acknowledged];
  await waitFor(
    "every acknowledged submission to be scored (those still waiting)",
    () => db.submission.findMany({ where: { id: { in: ids }, status: "SCORING" }, select: { id: true, scoringAttempts: true, scoringLeaseUntil: true } }),
    (waiting) => waiting.length === 0,
    timeoutMs,
  );
  const rows = await db.submission.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, scoringError: true, scoringAttempts: true } });
  assert.equal(rows.length, ids.length);
  for (const row of rows) assert.equal(row.status, "SCORED", `${row.id}: ${row.scoringError}`);
  assert.equal(await db.score.count({ where: { submissionId: { in: ids } } }), ids.length, "one score per submission");
  return rows;
}

const exitOf = (server: LiveServers["servers"][number]) =>
  server.child.exitCode !== null || server.child.signalCode !== null
    ? Promise.resolve({ code: server.child.exitCode, signal: server.child.signalCode })
    : once(server.child, "exit").then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));

describe("failover: two web processes behind a sticky balancer, two workers, one PostgreSQL", () => {
  /** The process SIGKILLed mid-round: the instructor's, and half the students'. */
  let killed: number;
  let killedAt: number;
  let roundId: string;
  let endsAt: number;
  /** The gan-digits submissions the killed process had acknowledged and not yet scored. */
  let orphaned: string[] = [];

  test(
    "a web process killed mid-round: its people reconnect to the other within 5 s and find the round, their submissions and points",
    { timeout: 60_000 },
    async () => {
      killed = instructor.backend;
      const started = await trpc(balancer.url, "live.startRound", { sessionId, exerciseSlug: "markov-chain", durationSeconds: 60 }, instructor.cookie);
      roundId = started.roundId;
      endsAt = new Date(started.endsAt).getTime();
      // Every student submits once in the round, and sees the score.
      const roundSubmissions = new Map<Person, { id: string; metrics: Record<string, number> }>();
      await Promise.all(
        students.map(async (s) => {
          const result = await scoredResult(send(s, "markov-chain", { pi: STATIONARY }, { roundId }), `${s.name}'s round submission`);
          roundSubmissions.set(s, { id: result.id, metrics: result.metrics });
        }),
      );
      const before = new Map(await Promise.all(students.map(async (s) => [s, (await liveState(s)).me] as const)));
      for (const [i, s] of students.entries()) {
        assert.equal(before.get(s)!.points, i % 2 === 0 ? POLL_CORRECT_POINTS : 0, `${s.name}'s points for the poll`);
      }

      // Two of the killed process's students each send 1,000 digits; it dies once it has acknowledged both.
      const doomed = students.filter((s) => s.backend === killed);
      const heavy = doomed.slice(0, 2).map((s) => send(s, "gan-digits", digits));
      const heavyIds = (await Promise.all(heavy.map((h) => h.accepted))).map((a) => a.id);
      const survivors = everyone.filter((p) => p.backend !== killed);
      const moved = everyone.filter((p) => p.backend === killed);
      killedAt = Date.now();
      web.servers[killed].child.kill("SIGKILL");
      await exitOf(web.servers[killed]);
      orphaned = (await db.submission.findMany({ where: { id: { in: heavyIds }, status: "SCORING" }, select: { id: true } })).map((r) => r.id);
      assert.ok(orphaned.length > 0, "the killed process died with acknowledged submissions still to score");

      // Its people's sockets reconnect through the balancer to the other process, and rejoin.
      const rejoined = await Promise.all(moved.map((p) => joinedAfter(p, killedAt, 20_000)));
      const delays = rejoined.map((j) => j.at - killedAt);
      console.log(`[failover] rejoined after the SIGKILL in ${delays.join(", ")} ms (${moved.map((p) => p.name).join(", ")})`);
      for (const [i, { ack }] of rejoined.entries()) {
        assert.ok(ack.ok, `${moved[i].name} rejoins: ${JSON.stringify(ack)}`);
        assert.ok(delays[i] <= RECONNECT_BOUND_MS, `${moved[i].name} rejoined ${delays[i]} ms after the kill`);
        // The round and its countdown, as before.
        assert.equal(ack.state.round?.id, roundId);
        assert.equal(ack.state.round?.endsAt, endsAt);
        assert.equal(ack.state.round?.resultsAt, null);
      }
      for (const p of survivors) assert.deepEqual(p.disconnects, [], `${p.name}'s socket, on the other process, stayed connected`);

      // What each student's page shows: the round, their submission with its score, their points.
      for (const s of students) {
        const { state, me } = await liveState(s);
        assert.equal(state.round?.id, roundId);
        assert.equal(state.round?.endsAt, endsAt);
        assert.ok(endsAt > state.serverNow, "the round is still running");
        const mine = roundSubmissions.get(s)!;
        assert.deepEqual(
          me.roundSubmissions.map((r) => ({ id: r.id, metrics: r.metrics })),
          [mine],
          `${s.name}'s round submissions`,
        );
        assert.ok(Object.keys(mine.metrics).length > 0, "scored");
        assert.equal(me.points, before.get(s)!.points, `${s.name}'s points`);
      }

      // A submission after the kill, from a student of the killed process, through the balancer.
      const late = await scoredResult(send(doomed[0], "markov-chain", { pi: STATIONARY }, { roundId }), "a submission after the kill");
      assert.equal(late.status, "SCORED");
      assert.deepEqual(late.metrics, roundSubmissions.get(doomed[0])!.metrics, "the same answer, the same score");
      assert.deepEqual(
        (await liveState(doomed[0])).me.roundSubmissions.map((r) => r.id),
        [late.id, roundSubmissions.get(doomed[0])!.id],
      );
    },
  );

  test("a worker killed mid-job: the job completes once, on the other worker", { timeout: 90_000 }, async () => {
    // Meanwhile the process manager starts a new web process in the killed one's place (it joins the
    // balancer for the deploy below; it too lives through the database restart).
    const starting = startLiveServers(1, webEnv());
    try {
      const owner = students[0];
      const { jobIds } = await enqueuePoolJobs(db, poolQueueOf(boss), owner, { courseId, exerciseSlug: "gan-ring", config: DEFAULT_GAN_CONFIG, steps: 1500 });
      const jobId = jobIds[0];
      const holder = await waitFor(
        "a worker to take the job",
        () => db.poolWorker.findFirst({ where: { busyJobId: jobId } }),
        (w) => w !== null,
        30_000,
      );
      await waitFor(
        "the job's first progress",
        () => db.poolJob.findUniqueOrThrow({ where: { id: jobId } }),
        (j) => j.iteration > 0,
        30_000,
      );
      const victim = workers.find((w) => w.pid === holder!.pid);
      assert.ok(victim, `the job's worker (pid ${holder!.pid}) is one of the test's`);
      const other = workers.find((w) => w !== victim)!;
      await stopWorker(victim, "SIGKILL");
      const killedIteration = (await db.poolJob.findUniqueOrThrow({ where: { id: jobId } })).iteration;
      assert.ok(killedIteration < 1500, "killed mid-job");

      const done = await waitFor(
        "the job to finish on the other worker",
        () => db.poolJob.findUniqueOrThrow({ where: { id: jobId } }),
        (j) => j.status === "SUCCEEDED" || j.status === "FAILED",
        75_000,
      );
      assert.equal(done.status, "SUCCEEDED", done.error ?? "");
      assert.equal(done.iteration, 1500);
      assert.equal(done.attempts, 2, "one attempt killed, one finished");
      assert.equal(await db.submission.count({ where: { idempotencyKey: `pool-${jobId}` } }), 1, "posted once");
      assert.equal(await db.score.count({ where: { submissionId: done.submissionId! } }), 1, "scored once");
      assert.equal(other.exitCode, null, "the other worker runs on");
    } finally {
      replacement = await starting;
      replacement.servers.forEach(reportExit);
    }
  });

  test(
    "nothing acknowledged is lost: the killed process's submissions are taken over once their lease lapses, and scored once",
    { timeout: 60_000 },
    async () => {
      // From the kill: a lease and 30 s; at least 30 s from now, as the tests between may have used that time on a loaded machine.
      const rows = await everyAcknowledgedScored(Math.max(30_000, killedAt + SCORING_LEASE_MS + 30_000 - Date.now()));
      const takenOver = rows.filter((r) => orphaned.includes(r.id));
      assert.equal(takenOver.length, orphaned.length);
      for (const row of takenOver) assert.equal(row.scoringAttempts, 2, "scored by the surviving process after the first attempt died");
    },
  );

  test("PostgreSQL restarted: the web processes and the worker recover without a restart", { timeout: 90_000 }, async () => {
    const survivor = web.servers[1 - killed];
    const stoppedAt = Date.now();
    await database.restart();
    const restartedAt = Date.now();
    // Through the balancer, and on the new process not yet behind it.
    for (const url of [balancer.url, replacement!.servers[0].url]) {
      await waitFor(
        `${url}/api/health to answer 200`,
        () => fetch(`${url}/api/health`).then((r) => r.status),
        (status) => status === 200,
        20_000,
      );
    }
    const healthyAfter = Date.now() - restartedAt;
    // Each web process's socket.io adapter LISTENs again, after a backoff of its own (1–3 s a try):
    // until then, broadcasts from the other processes do not reach its sockets.
    await waitFor(
      "both web processes' socket.io adapters to LISTEN again",
      () =>
        db.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'LISTEN "socket.io#%' AND pid <> pg_backend_pid()`.then(([row]) => row.n),
      (listening) => listening === 2,
      20_000,
    );
    console.log(
      `[failover] PostgreSQL down ${restartedAt - stoppedAt} ms; after it was back, healthy again in ${healthyAfter} ms, both socket.io adapters listening in ${Date.now() - restartedAt} ms`,
    );

    const submitted = await scoredResult(send(students[1], "markov-chain", { pi: STATIONARY }), "a submission after the restart");
    assert.equal(submitted.status, "SCORED");
    assert.ok(Object.keys(submitted.metrics).length > 0);

    const { jobIds } = await enqueuePoolJobs(db, poolQueueOf(boss), students[1], {
      courseId,
      exerciseSlug: "gan-ring",
      config: DEFAULT_GAN_CONFIG,
      steps: 300,
    });
    const done = await waitFor(
      "a pool job after the restart",
      () => db.poolJob.findUniqueOrThrow({ where: { id: jobIds[0] } }),
      (j) => j.status === "SUCCEEDED" || j.status === "FAILED",
      60_000,
    );
    assert.equal(done.status, "SUCCEEDED", done.error ?? "");
    assert.equal(done.attempts, 1);
    for (const server of [survivor, replacement!.servers[0]]) assert.equal(server.child.exitCode, null, "the web processes were not restarted");
    assert.ok(
      workers.some((w) => w.exitCode === null && w.signalCode === null),
      "the worker was not restarted",
    );
    for (const p of everyone) assert.ok(p.socket?.connected, `${p.name}'s socket stayed connected`);
  });

  test(
    "a web process stopped by SIGTERM while it scores: its submissions are scored once at once, its sockets reconnect to a replacement",
    { timeout: 90_000 },
    async () => {
      // A deploy: the new process takes the killed one's place behind the balancer.
      balancer.backends[killed] = replacement!.servers[0].url;
      const stopping = web.servers[1 - killed];

      // A change made on the new process (the instructor's cookie names its slot) reaches every socket,
      // all on the process that lived through the database restart: its socket.io adapter listens again.
      await trpc(balancer.url, "live.setModule", { sessionId, moduleSlug: "gan" }, instructor.cookie);
      await Promise.all(everyone.map((p) => heardBy(p, "state", () => p.states.find((s) => s.moduleSlug === "gan"), 5_000, "the module change")));

      // Two of its students each send 1,000 digits; once both are acknowledged (and one is being
      // scored, the other waits for the scoring thread), it is told to stop.
      const senders = students.filter((s) => s.backend !== killed).slice(0, 2);
      const heavy = senders.map((s) => send(s, "gan-digits", digits));
      const heavyIds = (await Promise.all(heavy.map((h) => h.accepted))).map((a) => a.id);
      const termAt = Date.now();
      const exited = exitOf(stopping).then((how) => ({ ...how, after: Date.now() - termAt }));
      stopping.child.kill("SIGTERM");

      const rejoined = await Promise.all(everyone.map((p) => joinedAfter(p, termAt, 20_000)));
      const gaps = everyone.map((p, i) => rejoined[i].at - Math.max(...p.disconnects.filter((d) => d > termAt)));
      console.log(`[failover] after SIGTERM: rejoined in ${rejoined.map((j) => j.at - termAt).join(", ")} ms; disconnected for ${gaps.join(", ")} ms`);
      for (const [i, { ack }] of rejoined.entries()) {
        assert.ok(ack.ok, `${everyone[i].name} rejoins`);
        assert.ok(gaps[i] <= RECONNECT_BOUND_MS, `${everyone[i].name} was disconnected for ${gaps[i]} ms`);
      }

      // What the stopping process did not score within its grace it handed back at once: the
      // replacement took it over (its second attempt) without waiting for a lease to lapse.
      await waitFor(
        "the stopping process's submissions to be scored or taken over",
        () => db.submission.findMany({ where: { id: { in: heavyIds } }, select: { status: true, scoringAttempts: true } }),
        (rows) => rows.every((r) => r.status === "SCORED" || r.scoringAttempts >= 2),
        10_000,
      );
      console.log(`[failover] the stopping process's submissions were scored or taken over ${Date.now() - termAt} ms after SIGTERM`);
      const rows = await everyAcknowledgedScored(60_000);
      const heavyAttempts = rows.filter((r) => heavyIds.includes(r.id)).map((r) => r.scoringAttempts);
      console.log(`[failover] every acknowledged submission scored ${Date.now() - termAt} ms after SIGTERM (scoring attempts: ${heavyAttempts.join(", ")})`);
      // Handed back once, it is the other process's alone: the stopping one touches it no more.
      assert.ok(
        heavyAttempts.every((a) => a <= 2),
        `scoring attempts ${heavyAttempts.join(", ")}`,
      );

      const { code, signal, after: exitedAfter } = await exited;
      console.log(`[failover] the stopped process exited ${exitedAfter} ms after SIGTERM`);
      assert.deepEqual({ code, signal }, { code: 0, signal: null }, "the stopped process exited cleanly");
      // Whatever each request's answer was (its result, or cut off by the exit), the same request again gets the score.
      const answers = await Promise.all(heavy.map((h) => h.answer));
      console.log(`[failover] the stopping process's submission requests ended with: ${answers.map((a) => a.kind).join(", ")}`);
      for (const [i, h] of heavy.entries()) {
        const answer = answers[i];
        if (answer.kind === "result") continue;
        assert.equal(answer.kind, "cut", JSON.stringify(answer));
        const again = await scoredResult(send(senders[i], "gan-digits", digits, { idempotencyKey: h.idempotencyKey }), "the resent submission");
        assert.equal(again.id, heavyIds[i]);
        assert.equal(again.status, "SCORED");
      }
    },
  );
});
