"use client";
/**
 * Training runs saved in this browser (IndexedDB), so a reload, a closed laptop or a crashed tab
 * resumes where the student was. One run per person, course and exercise (and per live round: a
 * round starts from what the student trains in it, never from a run made before it).
 */
import { clear, createStore, del, get, set, type UseStore } from "idb-keyval";
import { z } from "zod";

const SAVED_RUN_VERSION = 1;
/** The largest iteration budget (the budget field's maximum): a run keeps its budget. */
export const MAX_BUDGET = 1e9;
/** The loss history a run keeps (useTrainer halves its resolution past this). */
export const MAX_HISTORY_POINTS = 1500;

// A loss that diverged (NaN, ±Infinity) is part of the run's history like any other value (zod's number() refuses them).
const lossValue = z.custom<number>((v) => typeof v === "number", "must be a number");
const savedRunSchema = z.object({
  version: z.literal(SAVED_RUN_VERSION),
  config: z.unknown(),
  budget: z.number().int().min(1).max(MAX_BUDGET),
  iteration: z.number().int().min(1).max(MAX_BUDGET),
  /** The trainer's exportState(): weights, optimiser state, random state (the trainer validates it). */
  state: z.unknown(),
  history: z
    .object({
      iterations: z.array(z.number().int().min(0)).max(MAX_HISTORY_POINTS * 2),
      losses: z.record(z.string(), z.array(lossValue).max(MAX_HISTORY_POINTS * 2)),
    })
    .refine((h) => Object.values(h.losses).every((values) => values.length === h.iterations.length), "every loss has one value per iteration"),
  savedAt: z.number(),
});
export type SavedRun = z.infer<typeof savedRunSchema>;

export interface RunKey {
  userId: string;
  courseId: string;
  exerciseSlug: string;
  /** Set inside a live round: the round's runs are its own. */
  roundId?: string;
}

let store: UseStore | null = null;
/** Null where IndexedDB is unavailable (private windows of some browsers): runs are then not saved. */
function runStore(): UseStore | null {
  if (typeof indexedDB === "undefined") return null;
  store ??= createStore("genlab-runs", "runs");
  return store;
}

const keyOf = ({ userId, courseId, exerciseSlug, roundId }: RunKey) => [userId, courseId, exerciseSlug, ...(roundId ? ["round", roundId] : [])].join("/");

/** The run saved under `key`, if it is whole; a record that is not (another version, damaged) is forgotten. */
export async function loadRun(key: RunKey): Promise<SavedRun | null> {
  const runs = runStore();
  if (!runs) return null;
  const stored = await get<unknown>(keyOf(key), runs).catch(() => undefined);
  if (stored === undefined) return null;
  const run = readSavedRun(stored);
  if (!run) await forgetRun(key);
  return run;
}

/** A stored record as a run, or null when it is not a whole one (another version, damaged). */
export function readSavedRun(stored: unknown): SavedRun | null {
  const run = savedRunSchema.safeParse(stored);
  return run.success ? run.data : null;
}

export async function saveRun(key: RunKey, run: Omit<SavedRun, "version" | "savedAt">): Promise<void> {
  const runs = runStore();
  if (runs) await set(keyOf(key), { ...run, version: SAVED_RUN_VERSION, savedAt: Date.now() } satisfies SavedRun, runs);
}

export async function forgetRun(key: RunKey): Promise<void> {
  const runs = runStore();
  if (runs) await del(keyOf(key), runs).catch(() => undefined);
}

/**
 * Forgets every run saved in this browser: on signing out and on deleting the account, so the next
 * person at a shared computer finds none of them (a run holds a student's answers: fitted parameters).
 */
export async function forgetAllRuns(): Promise<void> {
  const runs = runStore();
  if (runs) await clear(runs).catch(() => undefined);
}
