"use client";
import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { errorMessage } from "@/app/_lib/errors";
import { forkHref } from "@/app/_lib/fork-link";
import { postSubmission, type SubmissionError, type SubmissionRequest, type SubmissionResult } from "@/app/_lib/submissions";
import { useLiveRound } from "@/app/_components/live/LiveRoundContext";
import { api } from "@/app/_trpc/react";
import type { MetricSpec } from "@/lib/exercises/types";
import { formatMetrics, metricScale } from "@/lib/scoring/metric-text";

type Metrics = Record<string, number>;

export interface ExerciseInfo {
  courseId: string;
  exerciseSlug: string;
  submissionsPerDay: number;
  metrics: MetricSpec[];
  /** The registry's default training config (lib/ml's own defaults), so pages need no copy of it. */
  defaultHyperparameters?: Record<string, unknown>;
  /** Present when the worker pool can train this exercise (its step limits). */
  pool?: { defaultSteps: number; maxSteps: number } | null;
}

const isConfig = (config: unknown): config is Record<string, unknown> => typeof config === "object" && config !== null && !Array.isArray(config);

/** A flag's reason and what it costs, in words. */
function flagReason(reason: string | undefined): string {
  return `${reason ?? "The exercise's checks flagged this submission."} It ranks below every unflagged submission and earns no points.`;
}

/**
 * Submits what the trainer produces; the server re-scores it. A retry after a network failure
 * resends the same idempotency key, so a submission is never stored twice.
 */
export function SubmitPanel(
  props: ExerciseInfo & {
    label: string;
    description: string;
    canSubmit: boolean;
    /** Builds the body (and the config shown on the leaderboard) from the current model. */
    build: () => Promise<{ body: unknown; config: unknown }>;
    /** Optional estimate in the browser, computed while the request is in flight. */
    estimate?: (body: unknown) => Metrics | Promise<Metrics>;
  },
) {
  const utils = api.useUtils();
  const live = useLiveRound();
  const mine = api.submission.mine.useQuery({ courseId: props.courseId, exerciseSlug: props.exerciseSlug });
  /** Between the server's acknowledgement and the score: when it was stored, and how many wait before it. */
  const [scoring, setScoring] = useState<{ storedAt: Date; ahead: number | null } | null>(null);
  const submit = useMutation<SubmissionResult, SubmissionError, SubmissionRequest>({
    mutationFn: (request) =>
      postSubmission(request, {
        onAccepted: (accepted) => {
          setScoring({ storedAt: new Date(accepted.createdAt), ahead: null });
          // Stored is what counts for a round, whenever the score comes.
          live?.submitted();
          void utils.submission.mine.invalidate();
        },
        onWaiting: (ahead) => setScoring((current) => current && { ...current, ahead }),
      }),
    onSettled: () => setScoring(null),
    onSuccess: () => {
      live?.submitted();
      void utils.submission.mine.invalidate();
      void utils.leaderboard.get.invalidate();
      void utils.progress.mine.invalidate();
    },
  });
  const [estimate, setEstimate] = useState<Metrics | null>(null);
  const [buildError, setBuildError] = useState<string | null>(null);
  const pending = useRef<{ idempotencyKey: string; body: unknown; config: unknown; roundId?: string } | null>(null);

  const send = async (fresh: boolean) => {
    let built = false;
    if (fresh || !pending.current) {
      setBuildError(null);
      try {
        const { body, config } = await props.build();
        pending.current = { idempotencyKey: crypto.randomUUID(), body, config, roundId: live?.roundId };
      } catch (error) {
        setBuildError(`The submission could not be prepared: ${errorMessage(error)}`);
        return;
      }
      built = true;
    }
    const current = pending.current;
    const request = submit.mutateAsync({ courseId: props.courseId, exerciseSlug: props.exerciseSlug, ...current });
    if (built && props.estimate) {
      // The macrotask lets the request's microtasks start the fetch before the estimate runs.
      await new Promise((resolve) => setTimeout(resolve, 0));
      try {
        setEstimate(await props.estimate(current.body));
      } catch {
        // The estimate is a courtesy; the server's score is what counts.
      }
    }
    try {
      await request;
      pending.current = null;
    } catch {
      // Shown below from the mutation's error.
    }
  };

  const used = mine.data?.usedToday ?? 0;
  const networkFailure = submit.error && !submit.error.data?.code;
  return (
    <Card className="p-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 className="font-semibold">Submit</h2>
          <p className="text-sm text-muted">
            {props.description}{" "}
            {live ? (live.open ? "Your last submission before the time is up counts for the round. " : "The round is over: submissions are closed. ") : ""}
            {used} of {props.submissionsPerDay} submissions used today (UTC).
          </p>
        </div>
        <div className="flex gap-2">
          {networkFailure && (
            <Button variant="secondary" onClick={() => void send(false)} disabled={submit.isPending}>
              Retry
            </Button>
          )}
          <Button
            onClick={() => void send(true)}
            disabled={!props.canSubmit || submit.isPending || used >= props.submissionsPerDay || (live !== null && !live.open)}
            data-testid="submit-samples"
          >
            {scoring ? "Scoring…" : submit.isPending ? "Submitting…" : live ? `${props.label} for the round` : props.label}
          </Button>
        </div>
      </div>
      <div aria-live="polite" className="mt-3 space-y-2 text-sm">
        {estimate && (
          <p className="text-muted" data-testid="submit-estimate">
            Estimated in your browser: {formatMetrics(props.metrics, estimate)}
          </p>
        )}
        {scoring && (
          <p className="text-muted" data-testid="submit-scoring">
            Received by the server at {scoring.storedAt.toLocaleTimeString()}: it is stored and counts. Scoring it…
            {scoring.ahead !== null && scoring.ahead > 0 && ` (${scoring.ahead} ${scoring.ahead === 1 ? "submission" : "submissions"} before yours)`}
          </p>
        )}
        {buildError && (
          <p role="alert" className="text-red-700">
            {buildError}
          </p>
        )}
        {submit.error && (
          <p role="alert" className="text-red-700">
            {networkFailure
              ? "The submission did not reach the server. Check your connection and press Retry (it will not be stored twice)."
              : submit.error.message}
          </p>
        )}
        {submit.data && (
          <p className="text-green-800" data-testid="submit-result">
            Scored by the server: {formatMetrics(props.metrics, submit.data.metrics)}.{" "}
            <Link className="underline" href={`/courses/${props.courseId}/exercises/${props.exerciseSlug}/leaderboard`}>
              See the leaderboard
            </Link>
          </p>
        )}
        {submit.data && props.metrics[0] && (
          <p className="text-muted" data-testid="submit-scale">
            {props.metrics[0].label}: {metricScale(props.metrics[0])}
          </p>
        )}
        {submit.data?.ranking.flagged && (
          <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-800" data-testid="submit-flagged">
            <span className="font-semibold">Flagged:</span> {flagReason(submit.data.ranking.reason)}
          </p>
        )}
      </div>
      {mine.data && mine.data.submissions.length > 0 && (
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer text-muted">Your submissions ({mine.data.submissions.length})</summary>
          <ul className="mt-2 space-y-1">
            {mine.data.submissions.slice(0, 10).map((s) => (
              <li key={s.id} className="font-mono text-xs">
                {new Date(s.createdAt).toLocaleString()} —{" "}
                {s.status === "SCORING" ? "being scored" : s.status === "FAILED" ? `not scored: ${s.scoringError}` : formatMetrics(props.metrics, s.metrics)}
                {isConfig(s.config) && (
                  // A full page load: the trainer reads the settings from the address when it starts.
                  <a className="ml-2 font-sans text-brand-700 underline" href={forkHref(props.courseId, props.exerciseSlug, s.config)}>
                    Fork this run
                  </a>
                )}
                {s.ranking.flagged && (
                  <span className="block font-sans text-red-800">
                    <span className="font-semibold">Flagged:</span> {flagReason(s.ranking.reason)}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </Card>
  );
}
