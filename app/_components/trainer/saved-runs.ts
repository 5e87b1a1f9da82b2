"use client";
/**
 * Training runs saved in this browser (IndexedDB), so a reload, a closed laptop or a crashed tab
 * resumes where the student was. One run per person, course and exercise: the latest one trained.
 */
import { createStore, del, get, set, type UseStore } from "idb-keyval";

export interface SavedRun {
  /** Bumped when the shape changes: older saves are ignored, never misread. */
  version: typeof SAVED_RUN_VERSION;
  config: unknown;
  budget: number;
  iteration: number;
  /** The trainer's exportState(): weights, optimiser state, random state. */
  state: unknown;
  history: { iterations: number[]; losses: Record<string, number[]> };
  savedAt: number;
}

export const SAVED_RUN_VERSION = 1;

export interface RunKey {
  userId: string;
  courseId: string;
  exerciseSlug: string;
}

let store: UseStore | null = null;
/** Null where IndexedDB is unavailable (private windows of some browsers): runs are then not saved. */
function runStore(): UseStore | null {
  if (typeof indexedDB === "undefined") return null;
  store ??= createStore("genlab-runs", "runs");
  return store;
}

const keyOf = ({ userId, courseId, exerciseSlug }: RunKey) => `${userId}/${courseId}/${exerciseSlug}`;

export async function loadRun(key: RunKey): Promise<SavedRun | null> {
  const runs = runStore();
  if (!runs) return null;
  const run = await get<SavedRun>(keyOf(key), runs).catch(() => undefined);
  return run?.version === SAVED_RUN_VERSION && run.iteration > 0 ? run : null;
}

export async function saveRun(key: RunKey, run: Omit<SavedRun, "version" | "savedAt">): Promise<void> {
  const runs = runStore();
  if (runs) await set(keyOf(key), { ...run, version: SAVED_RUN_VERSION, savedAt: Date.now() } satisfies SavedRun, runs);
}

export async function forgetRun(key: RunKey): Promise<void> {
  const runs = runStore();
  if (runs) await del(keyOf(key), runs).catch(() => undefined);
}
