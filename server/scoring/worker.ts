// A scoring thread: runs an exercise's scorer (pure lib/ml code) off the web server's event loop.
import { parentPort } from "node:worker_threads";
import { findExercise } from "@/lib/exercises/registry";

export interface ScoreRequest {
  id: number;
  slug: string;
  submission: unknown;
}
export type ScoreResponse = { id: number; ok: true; metrics: Record<string, number> } | { id: number; ok: false; error: string };

parentPort!.on("message", (request: ScoreRequest) => {
  let response: ScoreResponse;
  try {
    const definition = findExercise(request.slug);
    if (!definition) throw new Error(`unknown exercise ${request.slug}`);
    response = { id: request.id, ok: true, metrics: definition.score(request.submission) as Record<string, number> };
  } catch (error) {
    response = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(response);
});
