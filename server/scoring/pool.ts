import os from "node:os";
import { Worker } from "node:worker_threads";
import { childProcessEnv } from "../env";
import { currentRequestId, LOG_FORMAT } from "../observability/log";
import { observeScoring } from "../observability/metrics";
import { DomainError } from "../services/errors";
import type { ArenaFit, ArenaFitInput } from "@/lib/ml/arena/fit";
import type { ArenaFitter } from "../services/arena";
import type { CheckedSubmission, SubmissionDraft } from "../services/scoring";
import { PREPARE_MESSAGE, type ScoreRequest, type ScoreResponse, type ScoringContext } from "./protocol";

/** Scores a validated submission (with what the server holds beside it: ScoringContext) and returns its metrics. */
export type Scorer = (slug: string, submission: unknown, context?: ScoringContext) => Promise<Record<string, number>>;
/** Validates a submission draft (size, schema, config) and makes its preview; refusals are DomainErrors. */
export type SubmissionChecker = (slug: string, draft: SubmissionDraft) => Promise<CheckedSubmission>;

type Job =
  | { kind: "check"; slug: string; draft: SubmissionDraft }
  | { kind: "score"; slug: string; submission: unknown; context?: ScoringContext }
  | { kind: "arena"; slug: "arena"; fit: ArenaFitInput };

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  job: Pick<Job, "kind" | "slug">;
  started: number;
}

/** Checks (a submission's validation, before it is stored and acknowledged) and scores run in threads of their own. */
type Lane = "check" | "score";

/**
 * A few worker threads that validate and score submissions, so walking a megabyte-sized body or
 * hundreds of milliseconds of MMD arithmetic never block the server's event loop: `size` threads
 * score, and one more checks, so an acknowledgement never waits behind a queue of scoring (a class
 * submitting at the end of a round). Requests go to their lane's thread with the fewest in flight; a
 * thread that dies fails its requests and is replaced.
 */
export function createScoringPool(size = Math.max(1, Math.min(4, os.availableParallelism() - 1))) {
  const workerUrl = new URL("./worker-entry.mjs", import.meta.url);
  let nextId = 1;
  let closed = false;
  const threads: { worker: Worker; pending: Map<number, Pending>; lane: Lane }[] = [];

  const spawn = (index: number, lane: Lane) => {
    // The threads' stdout is never a terminal: they are told the format this process chose.
    const worker = new Worker(workerUrl, { env: childProcessEnv({ GENLAB_LOG_FORMAT: LOG_FORMAT }) });
    const pending = new Map<number, Pending>();
    worker.on("message", (response: ScoreResponse) => {
      const request = pending.get(response.id);
      if (!request) return;
      pending.delete(response.id);
      if (pending.size === 0) worker.unref();
      observeScoring(request.job.slug, request.job.kind, (performance.now() - request.started) / 1000);
      if (response.ok) request.resolve(response.result);
      else request.reject(response.kind ? new DomainError(response.kind, response.error) : new Error(`Scoring failed: ${response.error}`));
    });
    worker.on("error", (error) => {
      for (const request of pending.values()) request.reject(error);
      pending.clear();
    });
    worker.on("exit", () => {
      for (const request of pending.values()) request.reject(new Error("The scoring thread stopped."));
      if (!closed) spawn(index, lane);
    });
    worker.unref(); // an idle pool must not keep the process alive
    threads[index] = { worker, pending, lane };
  };
  for (let i = 0; i < size; i++) spawn(i, "score");
  spawn(size, "check");

  const run = (job: Job): Promise<unknown> => {
    if (closed) return Promise.reject(new Error("The scoring pool is closed."));
    // An arena's ratings are computed beside the scores (a bootstrap takes a fraction of a second).
    const lane: Lane = job.kind === "check" ? "check" : "score";
    const thread = threads.filter((t) => t.lane === lane).reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject, job: { kind: job.kind, slug: job.slug }, started: performance.now() });
      thread.worker.ref();
      thread.worker.postMessage({ id, requestId: currentRequestId(), ...job } satisfies ScoreRequest);
    });
  };

  const score: Scorer = (slug, submission, context) => run({ kind: "score", slug, submission, context }) as Promise<Record<string, number>>;
  const check: SubmissionChecker = (slug, draft) => run({ kind: "check", slug, draft }) as Promise<CheckedSubmission>;
  const fitArena: ArenaFitter = (fit) => run({ kind: "arena", slug: "arena", fit }) as Promise<ArenaFit>;

  return {
    /** Scoring threads (besides the checking one). */
    size,
    score,
    check,
    fitArena,
    /** Loads scorers' models in every scoring thread now (the first image submission would wait seconds). */
    prepare: () => {
      for (const { worker, lane } of threads) if (lane === "score") worker.postMessage(PREPARE_MESSAGE);
    },
    close: async () => {
      closed = true;
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
