// The pool panel: a job's state follows its final event and the list's refetch (it never stays
// "queued" or "training" after the run finished), the request's status line follows its jobs, and
// the sweep field complains only once it was touched or the form submitted.
import assert from "node:assert/strict";
import { test } from "node:test";
import { currentJob, describeRequest, eventNeedsList, type ListedJob, listNeedsRefresh, type LiveProgress, sweepField } from "@/app/_lib/pool-jobs";
import { POOL_LIMITS, type PoolJobProgress, type PoolJobStatus } from "@/lib/pool/types";

const job = (status: PoolJobStatus, iteration = 0, over: Partial<ListedJob> = {}): ListedJob => ({
  id: "job-1",
  status,
  iteration,
  backend: null,
  device: null,
  preview: [],
  ...over,
});
const event = (status: PoolJobStatus, iteration: number, receivedAt = 1_000): LiveProgress => ({
  receivedAt,
  progress: {
    jobId: "job-1",
    userId: "u",
    courseId: "c",
    status,
    iteration,
    steps: 2_000,
    losses: { D: 0.7 },
    backend: "wasm",
    device: "cpu",
    at: receivedAt,
  } satisfies PoolJobProgress,
});

test("the final event ends the job on screen even before the list catches up", () => {
  // The list was fetched while the job waited; the worker then trained it and it finished.
  assert.equal(currentJob(job("QUEUED"), event("SUCCEEDED", 2_000), 500).status, "SUCCEEDED");
  assert.equal(currentJob(job("RUNNING", 1_900), event("SUCCEEDED", 2_000), 500).status, "SUCCEEDED");
  // A failure reports the iteration the attempt started from, lower than the list's: it still ends the job.
  assert.equal(currentJob(job("RUNNING", 1_500), event("FAILED", 0), 500).status, "FAILED");
});

test("once the list says the job ended, stale live progress cannot bring it back", () => {
  assert.equal(currentJob(job("SUCCEEDED", 2_000), event("RUNNING", 2_000, 9_999), 500).status, "SUCCEEDED");
  assert.equal(currentJob(job("CANCELLED", 300), event("RUNNING", 400, 9_999), 500).status, "CANCELLED");
  assert.equal(currentJob(job("FAILED", 300), event("SUCCEEDED", 300, 9_999), 500).status, "FAILED");
});

test("between two in-progress states the newer one wins", () => {
  const running = currentJob(job("QUEUED"), event("RUNNING", 100), 500);
  assert.deepEqual([running.status, running.iteration, running.losses, running.backend], ["RUNNING", 100, { D: 0.7 }, "wasm"]);
  // The list is further along than the last event: the list.
  assert.equal(currentJob(job("RUNNING", 900), event("RUNNING", 800), 500).iteration, 900);
  // Back in the queue for a retry, fetched after the last event of the failed attempt: queued.
  assert.equal(currentJob(job("QUEUED", 800), event("RUNNING", 800, 1_000), 2_000).status, "QUEUED");
  assert.equal(currentJob(job("QUEUED", 800), event("RUNNING", 800, 3_000), 2_000).status, "RUNNING");
  assert.equal(currentJob(job("QUEUED"), undefined, 0).status, "QUEUED");
});

test("the list is refetched until it has caught up with a finished job", () => {
  const live = (l: LiveProgress) => ({ "job-1": l });
  assert.equal(listNeedsRefresh([job("QUEUED")], {}, true), true, "queue positions move");
  assert.equal(listNeedsRefresh([job("RUNNING", 10)], {}, true), false, "live events carry a watched run");
  assert.equal(listNeedsRefresh([job("RUNNING", 10)], {}, false), true, "no live updates: poll");
  assert.equal(listNeedsRefresh([job("RUNNING", 10)], live(event("SUCCEEDED", 2_000)), true), true, "ended before the list knew");
  assert.equal(listNeedsRefresh([job("SUCCEEDED", 2_000)], live(event("SUCCEEDED", 2_000)), true), false, "caught up");
  assert.equal(listNeedsRefresh([], {}, false), false);
  assert.equal(eventNeedsList(event("SUCCEEDED", 2_000).progress, job("RUNNING", 1_900)), true);
  assert.equal(eventNeedsList(event("RUNNING", 10).progress, undefined), true, "a job the list does not know yet");
  assert.equal(eventNeedsList(event("RUNNING", 20).progress, job("RUNNING", 10)), false);
});

test("the request's status line says queued only while its jobs wait", () => {
  assert.equal(describeRequest([undefined]), "Queued. It starts as soon as a worker is free.");
  assert.equal(describeRequest(["QUEUED"]), "Queued. It starts as soon as a worker is free.");
  assert.equal(describeRequest(["RUNNING"]), "Training on the pool: its progress is below.");
  assert.equal(describeRequest(["SUCCEEDED"]), "Done: the run was scored and posted to the leaderboard.");
  assert.equal(describeRequest(["FAILED"]), "The run failed: the reason is below.");
  assert.equal(describeRequest(["CANCELLED"]), "The run was cancelled.");
  assert.equal(describeRequest(["QUEUED", "QUEUED", undefined]), "Queued 3 jobs. They start as soon as workers are free.");
  assert.equal(describeRequest(["RUNNING", "QUEUED", "SUCCEEDED"]), "Training on the pool: 1 running, 1 queued, 1 finished.");
  assert.equal(describeRequest(["SUCCEEDED", "FAILED", "SUCCEEDED"]), "All 3 jobs finished: 2 done, 1 failed.");
  for (const s of ["RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"] as const) assert.doesNotMatch(describeRequest([s]), /queued/i, s);
});

test("the sweep field shows its problem only once touched or submitted", () => {
  const fresh = sweepField("", { touched: false, submitted: false });
  assert.ok(fresh.problem, "nothing typed is not a valid sweep");
  assert.equal(fresh.showProblem, false, "but no error before anything was typed");
  assert.equal(sweepField("0.1, x", { touched: false, submitted: false }).showProblem, false, "not while typing");
  assert.equal(sweepField("", { touched: true, submitted: false }).showProblem, true, "after leaving the field");
  assert.equal(sweepField("", { touched: false, submitted: true }).showProblem, true, "after submitting");
  assert.match(sweepField("0.1, x", { touched: true, submitted: false }).problem!, /“x” is not a number/);
  const many = Array.from({ length: POOL_LIMITS.maxSweepJobs + 1 }, (_, i) => i + 1).join(", ");
  assert.match(sweepField(many, { touched: true, submitted: false }).problem!, /At most/);
  const ok = sweepField("0.0002, 0.0005 ,0.001", { touched: true, submitted: true });
  assert.deepEqual([ok.values, ok.problem, ok.showProblem], [[0.0002, 0.0005, 0.001], null, false]);
});
