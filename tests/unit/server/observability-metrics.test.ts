// The metrics' text: counters labelled only by exercises the registry knows, and the database's
// gauges left out of a scrape whose reads fail (rather than shown as a made-up 0).
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Db } from "@/server/db";
import { countSubmission, scrapeMetrics } from "@/server/observability/metrics";

const failing = () => Promise.reject(new Error("the database is away"));
/** A database that answers nothing. */
const awayDb = { liveSession: { count: failing }, poolWorker: { findMany: failing }, $queryRaw: failing } as unknown as Db;

const submissions = (text: string, exercise: string) =>
  Number(new RegExp(`^genlab_submissions_total\\{exercise="${exercise}",outcome="scored"\\} (\\d+)$`, "m").exec(text)?.[1] ?? 0);

test("submissions are counted per exercise; a slug the registry does not know counts as unknown", async () => {
  const before = (await scrapeMetrics(awayDb)).text;
  countSubmission("gan-ring", "scored");
  countSubmission("gan-ring", "scored");
  countSubmission("<script>", "scored");
  const { text, contentType } = await scrapeMetrics(awayDb);
  assert.match(contentType, /^text\/plain; version=0\.0\.4/);
  assert.equal(submissions(text, "gan-ring") - submissions(before, "gan-ring"), 2);
  assert.equal(submissions(text, "unknown") - submissions(before, "unknown"), 1);
  assert.doesNotMatch(text, /<script>/);
});

test("with the database away the scrape still answers, without the database's gauges", async () => {
  const { text } = await scrapeMetrics(awayDb);
  assert.match(text, /^# TYPE genlab_sockets_connected gauge$/m);
  for (const name of ["genlab_live_sessions_active", "genlab_pool_workers", "genlab_queue_jobs_waiting", "genlab_queue_oldest_job_age_seconds"]) {
    assert.doesNotMatch(text, new RegExp(`^${name}`, "m"), `${name} is left out`);
  }
});
