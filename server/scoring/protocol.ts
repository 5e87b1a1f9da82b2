// Messages between the scoring pool (pool.ts) and its threads (worker.ts).

export interface ScoreRequest {
  id: number;
  slug: string;
  submission: unknown;
}
export type ScoreResponse = { id: number; ok: true; metrics: Record<string, number> } | { id: number; ok: false; error: string };

/** Sent once by the pool's owner: load every scorer's models now rather than on the first submission. */
export const PREPARE_MESSAGE = "prepare";
