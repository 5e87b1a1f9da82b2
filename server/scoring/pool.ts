import os from "node:os";
import { Worker } from "node:worker_threads";
import { DomainError } from "../services/errors";
import type { CheckedSubmission, SubmissionDraft } from "../services/scoring";
import { PREPARE_MESSAGE, type ScoreRequest, type ScoreResponse, type ScoringContext } from "./protocol";

/** Scores a validated submission (with what the server holds beside it: ScoringContext) and returns its metrics. */
export type Scorer = (slug: string, submission: unknown, context?: ScoringContext) => Promise<Record<string, number>>;
/** Validates a submission draft (size, schema, config) and makes its preview; refusals are DomainErrors. */
export type SubmissionChecker = (slug: string, draft: SubmissionDraft) => Promise<CheckedSubmission>;

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

type Job = { kind: "check"; slug: string; draft: SubmissionDraft } | { kind: "score"; slug: string; submission: unknown; context?: ScoringContext };

/**
 * A few worker threads that validate and score submissions, so walking a megabyte-sized body or
 * hundreds of milliseconds of MMD arithmetic never block the server's event loop. Requests go to the
 * thread with the fewest in flight; a thread that dies fails its requests and is replaced.
 */
export function createScoringPool(size = Math.max(1, Math.min(4, os.availableParallelism() - 1))) {
  const workerUrl = new URL("./worker-entry.mjs", import.meta.url);
  let nextId = 1;
  let closed = false;
  const threads: { worker: Worker; pending: Map<number, Pending> }[] = [];

  const spawn = (index: number) => {
    const worker = new Worker(workerUrl);
    const pending = new Map<number, Pending>();
    worker.on("message", (response: ScoreResponse) => {
      const request = pending.get(response.id);
      if (!request) return;
      pending.delete(response.id);
      if (pending.size === 0) worker.unref();
      if (response.ok) request.resolve(response.result);
      else request.reject(response.kind ? new DomainError(response.kind, response.error) : new Error(`Scoring failed: ${response.error}`));
    });
    worker.on("error", (error) => {
      for (const request of pending.values()) request.reject(error);
      pending.clear();
    });
    worker.on("exit", () => {
      for (const request of pending.values()) request.reject(new Error("The scoring thread stopped."));
      if (!closed) spawn(index);
    });
    worker.unref(); // an idle pool must not keep the process alive
    threads[index] = { worker, pending };
  };
  for (let i = 0; i < size; i++) spawn(i);

  const run = (job: Job): Promise<unknown> => {
    if (closed) return Promise.reject(new Error("The scoring pool is closed."));
    const thread = threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.ref();
      thread.worker.postMessage({ id, ...job } satisfies ScoreRequest);
    });
  };

  const score: Scorer = (slug, submission, context) => run({ kind: "score", slug, submission, context }) as Promise<Record<string, number>>;
  const check: SubmissionChecker = (slug, draft) => run({ kind: "check", slug, draft }) as Promise<CheckedSubmission>;

  return {
    score,
    check,
    /** Loads scorers' models in every thread now (the first image submission would wait seconds). */
    prepare: () => {
      for (const { worker } of threads) worker.postMessage(PREPARE_MESSAGE);
    },
    close: async () => {
      closed = true;
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
