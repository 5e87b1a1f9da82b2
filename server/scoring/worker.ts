// A scoring thread: validates and scores submissions, and rates arenas (pure lib/ml code), off the web server's event loop.
import { parentPort } from "node:worker_threads";
import { EXERCISES } from "@/exercises/registry";
import { fitArena } from "@/lib/ml/arena/fit";
import { logger, withRequestContext } from "../observability/log";
import { DomainError } from "../services/errors";
import { checkSubmission, scoreInline } from "../services/scoring";
import { PREPARE_MESSAGE, type ScoreRequest, type ScoreResponse } from "./protocol";

const log = logger("scoring");

async function answer(request: ScoreRequest): Promise<ScoreResponse> {
  const started = performance.now();
  try {
    const result =
      request.kind === "check"
        ? checkSubmission(request.slug, request.draft)
        : request.kind === "arena"
          ? fitArena(request.fit)
          : await scoreInline(request.slug, request.submission, request.context);
    log.debug(`${request.kind} ${request.slug}: ${Math.round(performance.now() - started)} ms`);
    return { id: request.id, ok: true, result };
  } catch (error) {
    if (error instanceof DomainError) return { id: request.id, ok: false, error: error.message, kind: error.kind };
    // Logged here, where its stack is: only the message crosses to the main thread.
    log.error({ err: error }, `${request.kind} ${request.slug} failed`);
    return { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

parentPort!.on("message", async (request: ScoreRequest | typeof PREPARE_MESSAGE) => {
  if (request === PREPARE_MESSAGE) {
    for (const e of EXERCISES) await e.prepare?.().catch((error: unknown) => log.error({ err: error }, `preparing ${e.slug} failed`));
    return;
  }
  // The request's id, as the main thread's records carry it, on whatever the scorer logs.
  const response = request.requestId ? await withRequestContext(request.requestId, () => answer(request)) : await answer(request);
  parentPort!.postMessage(response);
});
