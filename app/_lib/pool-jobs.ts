/**
 * The pool panel's view of its jobs, as pure functions: a job's state follows whichever of its two
 * sources is newer (the list from tRPC, or the live progress events), a final state is never
 * overtaken by a stale "queued" or "training", and the list is refetched until it has caught up
 * with the final event. Also the sweep field's validation and the request's status line.
 */
import { POOL_LIMITS, type PoolJobProgress, type PoolJobStatus } from "@/lib/pool/types";

const FINAL: ReadonlySet<PoolJobStatus> = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);
export const isFinalStatus = (status: PoolJobStatus) => FINAL.has(status);

/** The fields of a listed job (pool.list) that live progress may overtake. */
export interface ListedJob {
  id: string;
  status: PoolJobStatus;
  iteration: number;
  backend: string | null;
  device: string | null;
  preview: number[];
}

/** The job's live progress, and when this page received it (its clock, as the list's dataUpdatedAt). */
export interface LiveProgress {
  progress: PoolJobProgress;
  receivedAt: number;
  preview?: number[];
}

export interface JobView {
  status: PoolJobStatus;
  iteration: number;
  /** Latest losses, when live progress is what the view shows. */
  losses: Record<string, number> | null;
  backend: string | null;
  device: string | null;
  preview: number[];
}

/**
 * The job as the page shows it. The list is authoritative once it says the job ended; a final live
 * event wins over a list that has not caught up yet (it was fetched before the job ended); between
 * two in-progress states, the one further along wins, and at the same iteration the later one (a
 * list fetched after the event shows a job back in the queue for a retry).
 */
export function currentJob(job: ListedJob, live: LiveProgress | undefined, listUpdatedAt: number): JobView {
  const fromList: JobView = { status: job.status, iteration: job.iteration, losses: null, backend: job.backend, device: job.device, preview: job.preview };
  if (!live) return fromList;
  const preview = live.preview ?? job.preview;
  const p = live.progress;
  const liveWins =
    !isFinalStatus(job.status) &&
    (isFinalStatus(p.status) || p.iteration > job.iteration || (p.iteration === job.iteration && live.receivedAt >= listUpdatedAt));
  if (!liveWins) return { ...fromList, preview };
  return { status: p.status, iteration: p.iteration, losses: p.losses, backend: p.backend || job.backend, device: p.device || job.device, preview };
}

/**
 * Whether the list must be fetched again soon: something waits in the queue (its position and start
 * estimate change), a job trains while no live updates arrive, or a job's final event came before
 * the list knew (its score, weights and error are only in the list).
 */
export function listNeedsRefresh(jobs: readonly ListedJob[], live: Readonly<Record<string, LiveProgress>>, liveUpdates: boolean): boolean {
  return jobs.some((job) => {
    if (job.status === "QUEUED") return true;
    if (job.status === "RUNNING" && !liveUpdates) return true;
    const event = live[job.id]?.progress;
    return !!event && isFinalStatus(event.status) && event.status !== job.status;
  });
}

/** Whether a progress event calls for the list: a job it does not know yet, or a change of state. */
export function eventNeedsList(event: PoolJobProgress, known: ListedJob | undefined): boolean {
  return !known || known.status !== event.status;
}

/** The status line under the request form, following the jobs it queued: queued, training, then how they ended. */
export function describeRequest(statuses: readonly (PoolJobStatus | undefined)[]): string {
  const n = statuses.length;
  const count = (s: PoolJobStatus) => statuses.filter((x) => x === s).length;
  const queued = statuses.filter((s) => s === undefined || s === "QUEUED").length;
  const running = count("RUNNING");
  if (queued === n) return n > 1 ? `Queued ${n} jobs. They start as soon as workers are free.` : "Queued. It starts as soon as a worker is free.";
  if (queued + running > 0) {
    if (n === 1) return "Training on the pool: its progress is below.";
    return `Training on the pool: ${running} running, ${queued} queued, ${n - queued - running} finished.`;
  }
  const done = count("SUCCEEDED");
  const failed = count("FAILED");
  const cancelled = count("CANCELLED");
  if (n === 1) {
    if (done) return "Done: the run was scored and posted to the leaderboard.";
    return failed ? "The run failed: the reason is below." : "The run was cancelled.";
  }
  const parts = [`${done} done`, ...(failed ? [`${failed} failed`] : []), ...(cancelled ? [`${cancelled} cancelled`] : [])];
  return `All ${n} jobs finished: ${parts.join(", ")}.`;
}

export interface SweepField {
  values: number[];
  /** What is wrong with the text, or null. */
  problem: string | null;
  /** Whether to show the problem now: only once the field was left or the form submitted. */
  showProblem: boolean;
}

/** The sweep's values ("0.0002, 0.0005, 0.001") and whether they can be queued. */
export function sweepField(text: string, { touched, submitted }: { touched: boolean; submitted: boolean }): SweepField {
  const parts = text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const values = parts.map(Number);
  const problem =
    values.length === 0
      ? "Enter at least one value, numbers separated by commas."
      : values.some((v) => !Number.isFinite(v))
        ? `Numbers separated by commas: “${parts.find((p) => !Number.isFinite(Number(p)))}” is not a number.`
        : values.length > POOL_LIMITS.maxSweepJobs
          ? `At most ${POOL_LIMITS.maxSweepJobs} values (one job each); this has ${values.length}.`
          : null;
  return { values, problem, showProblem: problem !== null && (touched || submitted) };
}
