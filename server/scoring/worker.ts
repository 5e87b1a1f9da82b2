// A scoring thread: runs an exercise's scorer (pure lib/ml code) off the web server's event loop.
import { parentPort } from "node:worker_threads";
import { EXERCISES, findExercise } from "@/lib/exercises/registry";
import { PREPARE_MESSAGE, type ScoreRequest, type ScoreResponse } from "./protocol";

parentPort!.on("message", async (request: ScoreRequest | typeof PREPARE_MESSAGE) => {
  if (request === PREPARE_MESSAGE) {
    for (const e of EXERCISES) await e.prepare?.().catch((error: unknown) => console.error(`[scoring] preparing ${e.slug} failed:`, error));
    return;
  }
  let response: ScoreResponse;
  try {
    const definition = findExercise(request.slug);
    if (!definition) throw new Error(`unknown exercise ${request.slug}`);
    response = { id: request.id, ok: true, metrics: (await definition.score(request.submission)) as Record<string, number> };
  } catch (error) {
    response = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(response);
});
