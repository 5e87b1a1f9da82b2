"use client";
/**
 * "Run on the worker pool": hands the page's current config to the pool (optionally as a sweep),
 * lists the jobs this user may watch (instructors: the whole course's), and streams their
 * progress live. A finished job's weights can be downloaded or loaded into the page's model.
 */
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { type ReactNode, useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { PersonEmail } from "@/app/_components/PersonEmail";
import { LineChart, type LineSeries } from "@/app/_components/trainer/LineChart";
import { formatMetrics } from "@/lib/scoring/metric-text";
import { errorMessage } from "@/app/_lib/errors";
import { relativeTime } from "@/app/_lib/format";
import { currentJob, describeRequest, eventNeedsList, listNeedsRefresh, type LiveProgress, sweepField } from "@/app/_lib/pool-jobs";
import { useNow } from "@/app/_lib/useNow";
import { usePoolProgress } from "@/app/_lib/usePoolProgress";
import { api } from "@/app/_trpc/react";
import { findExerciseSpec } from "@/exercises/specs";
import { configEntries, configFieldLabel, type ConfigLabels, formatConfig } from "@/lib/exercises/config-labels";
import type { MetricSpec } from "@/lib/exercises/types";
import { POOL_LIMITS, type PoolJobProgress } from "@/lib/pool/types";
import type { AppRouter } from "@/server/api/root";

type PoolJob = inferRouterOutputs<AppRouter>["pool"]["list"][number];
export type PoolWeights = inferRouterOutputs<AppRouter>["pool"]["weights"];

/** While something waits in the queue, its position and start estimate are refreshed this often. */
const QUEUE_REFRESH_MS = 5_000;
const MAX_LIVE_HISTORY = 400;
/** The workers-online line refreshes this often (workers beat every 5 s). */
const WORKERS_REFRESH_MS = 10_000;

interface LiveState extends LiveProgress {
  /** [iteration, ...losses] rows received live, after the list's lossHistory. */
  history: number[][];
}

export interface PoolPanelProps {
  courseId: string;
  exerciseSlug: string;
  pool: { defaultSteps: number; maxSteps: number };
  metrics: MetricSpec[];
  /** The config the page would train with now (its settings form); null while it loads. */
  config: Record<string, unknown> | null;
  lossSeries: LineSeries[];
  /** Draws a job's latest sample snapshot (the worker's `preview`). */
  renderPreview: (preview: number[], size: number) => ReactNode;
  /** Loads a finished job's weights into the page's model. */
  onLoad?: (weights: PoolWeights) => Promise<void>;
  className?: string;
}

export function PoolPanel(props: PoolPanelProps) {
  const { courseId, exerciseSlug } = props;
  const utils = api.useUtils();
  // Staff (instructors and teaching assistants) watch the whole course's jobs, with their owners.
  const courseRole = api.course.get.useQuery({ courseId }).data?.role;
  const isInstructor = courseRole !== undefined && courseRole !== "STUDENT";
  const [live, setLive] = useState<Record<string, LiveState>>({});
  const [selected, setSelected] = useState<string | null>(null);
  /** The jobs the last request queued: the form's status line follows them. */
  const [requested, setRequested] = useState<string[]>([]);
  const configLabels = findExerciseSpec(exerciseSlug)?.configLabels;

  // The list as of the last render, for the progress handler (it runs outside rendering).
  const listRef = useRef<PoolJob[] | undefined>(undefined);
  const onProgress = useCallback(
    (p: PoolJobProgress | null) => {
      if (!p) return void utils.pool.list.invalidate({ courseId, exerciseSlug });
      const receivedAt = Date.now();
      setLive((all) => {
        const before = all[p.jobId];
        const row = [p.iteration, ...Object.values(p.losses)];
        const history = p.status === "RUNNING" && row.length > 1 ? [...(before?.history ?? []), row].slice(-MAX_LIVE_HISTORY) : (before?.history ?? []);
        return { ...all, [p.jobId]: { progress: p, receivedAt, history, preview: p.preview ?? before?.preview } };
      });
      // A job we do not know yet, or one that changed state (its final event included): the list has the details (metrics, errors).
      const known = listRef.current?.find((j) => j.id === p.jobId);
      if (eventNeedsList(p, known)) {
        void utils.pool.list.invalidate({ courseId, exerciseSlug });
        void utils.pool.workers.invalidate({ courseId }); // a worker became busy or free
      }
    },
    [utils, courseId, exerciseSlug],
  );
  const liveStatus = usePoolProgress({ courseId, onProgress });
  const jobs = api.pool.list.useQuery(
    { courseId, exerciseSlug },
    // While something waits, trains unwatched, or ended before the list knew: see app/_lib/pool-jobs.ts.
    { refetchInterval: (query) => (listNeedsRefresh(query.state.data ?? [], live, liveStatus === "live") ? QUEUE_REFRESH_MS : false) },
  );
  useEffect(() => {
    listRef.current = jobs.data;
  });
  const workers = api.pool.workers.useQuery({ courseId }, { refetchInterval: WORKERS_REFRESH_MS });

  const list = jobs.data ?? [];
  const listUpdatedAt = jobs.dataUpdatedAt;
  const watched = list.find((j) => j.id === selected) ?? list.find((j) => j.status === "RUNNING") ?? list[0];
  const requestStatus =
    requested.length > 0
      ? describeRequest(
          requested.map((id) => {
            const job = list.find((j) => j.id === id);
            return job ? currentJob(job, live[id], listUpdatedAt).status : live[id]?.progress.status;
          }),
        )
      : null;

  return (
    <Card className={`p-4 ${props.className ?? ""}`} aria-labelledby="pool-heading">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="pool-heading" className="font-semibold">
          Run on the worker pool
        </h2>
        <span className="text-xs text-muted" data-testid="pool-live-status">
          {liveStatus === "live"
            ? "Live updates on"
            : liveStatus === "reconnecting"
              ? "Reconnecting…"
              : liveStatus === "offline"
                ? "Live updates off"
                : "Connecting…"}
        </span>
      </div>
      <p className="mt-1 text-sm text-muted">
        The pool trains the same model with the settings on this page, for longer than a browser tab can, on a server (a GPU where there is one). Its samples
        are scored and posted to the leaderboard as a pool run.
        {!isInstructor &&
          ` You may have ${POOL_LIMITS.activeJobsPerStudent} jobs queued or running and ${POOL_LIMITS.computeMinutesPerStudentPerDay} minutes of pool training a day.`}
      </p>
      {workers.data && <WorkersLine workers={workers.data} />}
      <PoolRequestForm
        {...props}
        configLabels={configLabels}
        requestStatus={requestStatus}
        onQueued={(ids) => {
          setSelected(ids[0] ?? null);
          setRequested(ids);
        }}
      />

      {jobs.error ? (
        <p role="alert" className="mt-4 text-sm text-red-700">
          Your pool jobs could not be loaded: {jobs.error.message}
        </p>
      ) : list.length === 0 ? (
        <p className="mt-4 text-sm text-muted" data-testid="pool-empty">
          {jobs.isPending ? "Loading your pool jobs…" : "No pool runs yet. Queue one above; it appears here with its progress."}
        </p>
      ) : (
        <div className="mt-4 grid gap-4 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
          <ul className="max-h-[32rem] space-y-2 overflow-y-auto pr-1" aria-label="Pool jobs" data-testid="pool-jobs">
            {list.map((job) => (
              <li key={job.id}>
                <JobRow
                  job={job}
                  all={list}
                  live={live[job.id]}
                  listUpdatedAt={listUpdatedAt}
                  configLabels={configLabels}
                  selected={job.id === watched?.id}
                  onSelect={() => setSelected(job.id)}
                  renderPreview={props.renderPreview}
                  showOwner={isInstructor}
                />
              </li>
            ))}
          </ul>
          {watched && <JobDetail job={watched} live={live[watched.id]} listUpdatedAt={listUpdatedAt} configLabels={configLabels} {...props} />}
        </div>
      )}
    </Card>
  );
}

/** "2 workers online (1 busy): wasm on …", or why nothing will start yet. */
function WorkersLine({ workers }: { workers: { backend: string; device: string; busy: boolean }[] }) {
  if (workers.length === 0) {
    return (
      <p className="mt-2 text-sm text-amber-700" data-testid="pool-workers">
        No worker is online right now: queued jobs start when one joins.
      </p>
    );
  }
  const busy = workers.filter((w) => w.busy).length;
  const kinds = [...new Set(workers.map((w) => `${w.backend} on ${w.device}`))];
  return (
    <p className="mt-2 text-sm text-muted" data-testid="pool-workers">
      {workers.length} {workers.length === 1 ? "worker" : "workers"} online ({busy} busy): {kinds.join("; ")}
    </p>
  );
}

/** Steps and an optional sweep over one numeric setting; submits the page's config as it is now. */
function PoolRequestForm({
  courseId,
  exerciseSlug,
  pool,
  config,
  configLabels,
  requestStatus,
  onQueued,
}: PoolPanelProps & { configLabels: ConfigLabels | undefined; requestStatus: string | null; onQueued: (jobIds: string[]) => void }) {
  const utils = api.useUtils();
  const id = useId();
  const [steps, setSteps] = useState(pool.defaultSteps);
  const [sweepKey, setSweepKey] = useState("");
  const [sweepText, setSweepText] = useState("");
  // The values' problem shows once the field was left or the form submitted, never while nothing was typed yet.
  const [sweepTouched, setSweepTouched] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const sweepInput = useRef<HTMLInputElement>(null);
  const enqueue = api.pool.enqueue.useMutation({
    onSuccess: (result) => {
      setSubmitted(false);
      onQueued(result.jobIds);
      void utils.pool.list.invalidate({ courseId, exerciseSlug });
    },
  });
  const numericKeys = useMemo(
    () =>
      Object.entries(config ?? {})
        .filter(([, v]) => typeof v === "number")
        .map(([k]) => k),
    [config],
  );
  const sweep = sweepField(sweepText, { touched: sweepTouched, submitted });
  const sweepInvalid = sweepKey !== "" && sweep.problem !== null;
  const jobCount = sweepKey && !sweepInvalid ? sweep.values.length : 1;
  const sweepLabel = sweepKey ? configFieldLabel(configLabels, sweepKey) : null;

  return (
    <form
      className="mt-3 flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(true);
        if (!config) return;
        if (sweepInvalid) {
          sweepInput.current?.focus();
          return;
        }
        enqueue.mutate({ courseId, exerciseSlug, config, steps, ...(sweepKey ? { sweep: { [sweepKey]: sweep.values } } : {}) });
      }}
    >
      <label className="text-sm">
        <span className="block">Training steps</span>
        <input
          type="number"
          className="mt-1 w-32 rounded-md border border-line px-2 py-1"
          value={steps}
          min={1}
          max={pool.maxSteps}
          step={1}
          data-testid="pool-steps"
          onChange={(e) => setSteps(Math.max(1, Math.floor(Number(e.target.value) || 1)))}
        />
        <span className="block text-xs text-muted">at most {pool.maxSteps.toLocaleString("en")}</span>
      </label>
      <label className="text-sm">
        <span className="block">Sweep (optional)</span>
        <select
          className="mt-1 rounded-md border border-line bg-white px-2 py-1"
          value={sweepKey}
          onChange={(e) => {
            setSweepKey(e.target.value);
            setSweepTouched(false);
            setSubmitted(false);
          }}
          data-testid="pool-sweep-key"
        >
          <option value="">No sweep: one job</option>
          {numericKeys.map((k) => {
            const field = configFieldLabel(configLabels, k);
            return (
              <option key={k} value={k}>
                {field.unit ? `${field.label} (${field.unit})` : field.label}
              </option>
            );
          })}
        </select>
        <span className="block text-xs text-muted">one job per value</span>
      </label>
      {sweepKey && sweepLabel && (
        <label className="text-sm">
          <span className="block">
            {sweepLabel.label} values{sweepLabel.unit ? ` (${sweepLabel.unit})` : ""}
          </span>
          <input
            ref={sweepInput}
            className="mt-1 w-48 rounded-md border border-line px-2 py-1 aria-invalid:border-red-500"
            value={sweepText}
            placeholder="e.g. 0.0002, 0.0005, 0.001"
            aria-invalid={sweep.showProblem}
            aria-describedby={`${id}-sweep-help`}
            onChange={(e) => setSweepText(e.target.value)}
            onBlur={() => setSweepTouched(true)}
            data-testid="pool-sweep-values"
          />
          <span id={`${id}-sweep-help`} className={`block text-xs ${sweep.showProblem ? "text-red-700" : "text-muted"}`}>
            {sweep.showProblem
              ? sweep.problem
              : sweep.problem === null
                ? `${jobCount} ${jobCount === 1 ? "job" : "jobs"} (at most ${POOL_LIMITS.maxSweepJobs})`
                : `Numbers separated by commas, at most ${POOL_LIMITS.maxSweepJobs}.${sweepLabel.hint ? ` ${sweepLabel.hint}` : ""}`}
          </span>
        </label>
      )}
      <Button type="submit" disabled={!config || enqueue.isPending} data-testid="pool-run">
        {enqueue.isPending ? "Queueing…" : jobCount > 1 ? `Run ${jobCount} jobs on the pool` : "Run on the worker pool"}
      </Button>
      <p className="w-full text-sm" aria-live="polite" data-testid="pool-request-status">
        {enqueue.error ? (
          <span role="alert" className="text-red-700">
            {enqueue.error.message}
          </span>
        ) : (
          !enqueue.isPending && requestStatus && <span className="text-slate-700">{requestStatus}</span>
        )}
      </p>
    </form>
  );
}

const STATUS_STYLE: Record<PoolJob["status"], string> = {
  QUEUED: "bg-slate-100 text-slate-700",
  RUNNING: "bg-sky-100 text-sky-900",
  SUCCEEDED: "bg-emerald-100 text-emerald-900",
  FAILED: "bg-red-100 text-red-900",
  CANCELLED: "bg-slate-100 text-slate-500",
};
const STATUS_LABEL: Record<PoolJob["status"], string> = { QUEUED: "queued", RUNNING: "training", SUCCEEDED: "done", FAILED: "failed", CANCELLED: "cancelled" };

function describeConfig(job: PoolJob, all: PoolJob[], labels: ConfigLabels | undefined): string {
  // A sweep's jobs differ in the swept keys only: show those; a single job shows its seed.
  const siblings = job.sweepId ? all.filter((j) => j.sweepId === job.sweepId) : [];
  const varying = Object.keys(job.config).filter((k) => siblings.some((s) => s.config[k] !== job.config[k]));
  const keys = varying.length ? varying : "seed" in job.config ? ["seed"] : [];
  return formatConfig(job.config, labels, keys);
}

function formatWait(ms: number): string {
  if (ms < 60_000) return "in under a minute";
  const minutes = Math.round(ms / 60_000);
  return minutes < 60 ? `in about ${minutes} min` : `in about ${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function JobRow({
  job,
  all,
  live,
  listUpdatedAt,
  configLabels,
  selected,
  onSelect,
  renderPreview,
  showOwner,
}: Pick<PoolPanelProps, "renderPreview"> & {
  job: PoolJob;
  all: PoolJob[];
  live?: LiveState;
  listUpdatedAt: number;
  configLabels: ConfigLabels | undefined;
  selected: boolean;
  onSelect: () => void;
  showOwner: boolean;
}) {
  const now = useNow(30_000);
  const view = currentJob(job, live, listUpdatedAt);
  const progress = Math.min(1, view.iteration / job.steps);
  const settings = describeConfig(job, all, configLabels);
  return (
    <button
      type="button"
      onClick={onSelect}
      aria-pressed={selected}
      data-testid="pool-job"
      data-job-id={job.id}
      data-status={view.status}
      className={`flex w-full items-center gap-3 rounded-lg border px-3 py-2 text-left text-sm ${selected ? "border-brand-600 bg-brand-50" : "border-line bg-white hover:bg-slate-50"}`}
    >
      {view.preview.length > 0 ? (
        renderPreview(view.preview, 48)
      ) : (
        <span className="block size-12 shrink-0 rounded border border-dashed border-line" aria-hidden="true" />
      )}
      <span className="min-w-0 flex-1">
        <span className="flex flex-wrap items-center gap-2">
          <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${STATUS_STYLE[view.status]}`}>{STATUS_LABEL[view.status]}</span>
          <span className="truncate">
            {job.steps.toLocaleString("en")} steps{settings && ` · ${settings}`}
          </span>
        </span>
        <span className="mt-1 block text-xs text-muted">
          {showOwner && (
            <>
              {job.owner}
              <PersonEmail email={job.ownerEmail} inline /> ·{" "}
            </>
          )}
          {view.status === "QUEUED" && job.queuePosition !== null
            ? `#${job.queuePosition} in the queue, starts ${formatWait(job.startsInMs ?? 0)}`
            : view.status === "RUNNING"
              ? `${view.iteration.toLocaleString("en")} / ${job.steps.toLocaleString("en")}`
              : `requested ${relativeTime(new Date(job.createdAt), now)}`}
        </span>
        {(view.status === "RUNNING" || view.status === "QUEUED") && (
          <progress className="mt-1 h-1.5 w-full accent-brand-600" value={progress} max={1} aria-label="Training progress" />
        )}
      </span>
    </button>
  );
}

function JobDetail({
  job,
  live,
  listUpdatedAt,
  configLabels,
  metrics,
  lossSeries,
  renderPreview,
  onLoad,
  courseId,
  exerciseSlug,
}: PoolPanelProps & { job: PoolJob; live?: LiveState; listUpdatedAt: number; configLabels: ConfigLabels | undefined }) {
  const utils = api.useUtils();
  const view = currentJob(job, live, listUpdatedAt);
  const [busy, setBusy] = useState<"load" | "download" | null>(null);
  const [note, setNote] = useState<{ text: string; error?: boolean } | null>(null);
  const cancel = api.pool.cancel.useMutation({
    onSuccess: () => void utils.pool.list.invalidate({ courseId, exerciseSlug }),
    onError: (error) => setNote({ text: error.message, error: true }),
  });
  // The stored history, then what arrived live since (rows after its last iteration).
  const chartData = useMemo(() => {
    const stored = job.lossHistory;
    const lastStored = stored.at(-1)?.[0] ?? -1;
    const rows = [...stored, ...(live?.history ?? []).filter((r) => r[0] > lastStored)];
    const width = lossSeries.length + 1;
    return Array.from({ length: width }, (_, c) => rows.map((r) => r[c] ?? NaN));
  }, [job.lossHistory, live?.history, lossSeries.length]);

  const fetchWeights = () => utils.pool.weights.fetch({ jobId: job.id });
  const download = async () => {
    setBusy("download");
    try {
      const weights = await fetchWeights();
      const url = URL.createObjectURL(new Blob([JSON.stringify(weights)], { type: "application/json" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = `genlab-${job.exerciseSlug}-pool-${job.id.slice(0, 8)}.json`;
      a.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setNote({ text: `The weights could not be downloaded: ${errorMessage(error)}`, error: true });
    } finally {
      setBusy(null);
    }
  };
  const load = async () => {
    if (!onLoad) return;
    setBusy("load");
    try {
      await onLoad(await fetchWeights());
      setNote({ text: `Loaded into the page: the samples above are drawn fresh from the pool-trained model (${job.steps.toLocaleString("en")} steps).` });
    } catch (error) {
      setNote({ text: `The model could not be loaded: ${errorMessage(error)}`, error: true });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="rounded-lg border border-line p-3 text-sm" aria-label="Selected pool job" data-testid="pool-job-detail">
      <div className="flex flex-wrap items-start gap-3">
        {renderPreview(view.preview, 120)}
        <dl className="grid flex-1 grid-cols-[auto_1fr] gap-x-3 gap-y-1">
          <dt className="text-muted">Status</dt>
          <dd data-testid="pool-detail-status">
            {STATUS_LABEL[view.status]}
            {job.attempts > 1 && ` (attempt ${job.attempts})`}
          </dd>
          <dt className="text-muted">Iteration</dt>
          <dd className="font-mono tabular-nums" data-testid="pool-detail-iteration">
            {view.iteration.toLocaleString("en")} / {job.steps.toLocaleString("en")}
          </dd>
          {view.losses && (
            <>
              <dt className="text-muted">Losses</dt>
              <dd className="font-mono tabular-nums">
                {Object.entries(view.losses)
                  .map(([k, v]) => `${k} ${v.toFixed(3)}`)
                  .join(", ")}
              </dd>
            </>
          )}
          {view.backend && (
            <>
              <dt className="text-muted">Worker</dt>
              <dd>
                {view.backend} on {view.device}
              </dd>
            </>
          )}
          {job.metrics && (
            <>
              <dt className="text-muted">Score</dt>
              <dd data-testid="pool-detail-score">{formatMetrics(metrics, job.metrics)}</dd>
            </>
          )}
        </dl>
      </div>
      {job.error && (view.status === "FAILED" || view.status === "QUEUED") && (
        <p role={view.status === "FAILED" ? "alert" : undefined} className={`mt-2 ${view.status === "FAILED" ? "text-red-700" : "text-amber-700"}`}>
          {view.status === "FAILED" ? `The job failed: ${job.error}` : `Retrying after: ${job.error}`}
        </p>
      )}
      {chartData[0].length > 1 && (
        <div className="mt-3">
          <LineChart
            data={chartData}
            series={lossSeries}
            xLabel="iteration"
            yLabel="loss"
            description="Loss curves of the selected pool job"
            version={chartData[0].length}
          />
        </div>
      )}
      <details className="mt-2">
        <summary className="cursor-pointer text-muted">Settings</summary>
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 rounded bg-canvas p-2 text-xs">
          {configEntries(job.config, configLabels).map((entry) => (
            <div key={entry.key} className="contents">
              <dt className="text-muted" title={entry.hint}>
                {entry.label}
              </dt>
              <dd className="font-mono tabular-nums">{entry.value}</dd>
            </div>
          ))}
        </dl>
      </details>
      <div className="mt-3 flex flex-wrap gap-2">
        {(view.status === "QUEUED" || view.status === "RUNNING") && (
          <Button variant="secondary" size="sm" onClick={() => cancel.mutate({ jobId: job.id })} disabled={cancel.isPending} data-testid="pool-cancel">
            Cancel
          </Button>
        )}
        {view.status === "SUCCEEDED" && (
          <>
            {onLoad && (
              <Button size="sm" onClick={() => void load()} disabled={busy !== null} data-testid="pool-load">
                {busy === "load" ? "Loading…" : "Load into the page"}
              </Button>
            )}
            <Button variant="secondary" size="sm" onClick={() => void download()} disabled={busy !== null}>
              {busy === "download" ? "Preparing…" : "Download weights"}
            </Button>
            <Link className="self-center text-brand-700 underline" href={`/courses/${courseId}/exercises/${exerciseSlug}/leaderboard`}>
              See it on the leaderboard
            </Link>
          </>
        )}
      </div>
      {note && (
        <p role={note.error ? "alert" : "status"} className={`mt-2 ${note.error ? "text-red-700" : "text-emerald-700"}`}>
          {note.text}
        </p>
      )}
    </section>
  );
}
