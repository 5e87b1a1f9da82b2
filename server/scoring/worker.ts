// A scoring thread: validates and scores submissions (pure lib/ml code) off the web server's event loop.
import { parentPort } from "node:worker_threads";
import { EXERCISES } from "@/exercises/registry";
import { DomainError } from "../services/errors";
import { checkSubmission, scoreInline } from "../services/scoring";
import { PREPARE_MESSAGE, type ScoreRequest, type ScoreResponse } from "./protocol";

parentPort!.on("message", async (request: ScoreRequest | typeof PREPARE_MESSAGE) => {
  if (request === PREPARE_MESSAGE) {
    for (const e of EXERCISES) await e.prepare?.().catch((error: unknown) => console.error(`[scoring] preparing ${e.slug} failed:`, error));
    return;
  }
  let response: ScoreResponse;
  try {
    const result =
      request.kind === "check" ? checkSubmission(request.slug, request.draft) : await scoreInline(request.slug, request.submission, request.context);
    response = { id: request.id, ok: true, result };
  } catch (error) {
    response =
      error instanceof DomainError
        ? { id: request.id, ok: false, error: error.message, kind: error.kind }
        : { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(response);
});
