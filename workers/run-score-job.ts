// One score job: a submission the web server validated, scored by scoreInline, the very function its
// scoring threads run (a part of the course's held-out set in the context included), the result
// announced to the waiting web server by NOTIFY and returned as the job's output (its fallback, read
// by polling).
import type { Db } from "@/server/db";
import { POOL_EVENTS_CHANNEL, type PoolScoreMessage, type PoolScoreResult } from "@/server/pool/queue";
import { scoreInline } from "@/server/services/scoring";

/** NOTIFY payloads must stay under 8,000 bytes: an error is cut well short of that. */
const MAX_ERROR_CHARS = 1000;

/**
 * Scores and announces. A scorer's error is a result (retrying the same code on the same input
 * fails again); only a failed announcement throws, to have pg-boss retry the job.
 */
export async function runScoreJob(db: Db, message: PoolScoreMessage, workerId: string): Promise<PoolScoreResult> {
  const { requestId, slug, submission, context } = message;
  let result: PoolScoreResult;
  try {
    result = { requestId, workerId, metrics: await scoreInline(slug, submission, context) };
  } catch (error) {
    result = { requestId, workerId, error: (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_CHARS) };
  }
  await db.$executeRaw`SELECT pg_notify(${POOL_EVENTS_CHANNEL}, ${JSON.stringify({ type: "scored", ...result })})`;
  return result;
}
