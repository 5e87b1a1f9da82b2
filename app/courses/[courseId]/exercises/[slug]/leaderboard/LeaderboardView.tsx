"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { ButtonLink } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { EmptyState } from "@/app/_components/EmptyState";
import { QueryErrorState } from "@/app/_components/ErrorState";
import { LiveIndicator } from "@/app/_components/LiveIndicator";
import { PageHeader } from "@/app/_components/PageHeader";
import { PersonEmail } from "@/app/_components/PersonEmail";
import { PreviewThumbnail } from "@/app/_components/SampleThumbnail";
import { Loading } from "@/app/_components/Spinner";
import { forkHref } from "@/app/_lib/fork-link";
import { absoluteTime, relativeTime } from "@/app/_lib/format";
import { useLeaderboardLive } from "@/app/_lib/useLeaderboardLive";
import { useNow } from "@/app/_lib/useNow";
import { api } from "@/app/_trpc/react";
import { findExerciseSpec } from "@/exercises/specs";
import { formatConfig } from "@/lib/exercises/config-labels";
import { formatZoned } from "@/lib/grading/time";
import { formatMetric, metricScale } from "@/lib/scoring/metric-text";
import { tauInWords } from "@/app/_components/arena/ArenaResultsTable";
import { PrivateLeaderboard } from "./PrivateLeaderboard";

/** How long a newly arrived row stays highlighted. */
const NEW_ROW_HIGHLIGHT_MS = 4_000;

export function LeaderboardView({ courseId, exerciseSlug }: { courseId: string; exerciseSlug: string }) {
  const input = { courseId, exerciseSlug };
  const board = api.leaderboard.get.useQuery(input);
  const course = api.course.get.useQuery({ courseId });
  const utils = api.useUtils();
  const now = useNow();

  const refetch = useCallback(() => {
    void utils.leaderboard.get.invalidate({ courseId, exerciseSlug });
  }, [utils, courseId, exerciseSlug]);
  const live = useLeaderboardLive({ courseId, exerciseSlug, onUpdate: refetch, enabled: board.data !== undefined });

  // Announce entries that appear after the first load, and highlight their rows for a moment.
  const seen = useRef<Set<string> | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    const entries = board.data?.entries;
    if (!entries) return;
    const ids = new Set(entries.map((e) => e.submissionId));
    const previous = seen.current;
    seen.current = ids;
    if (!previous) return;
    const added = entries.filter((e) => !previous.has(e.submissionId));
    if (added.length === 0) return;
    setAnnouncement(
      added.length === 1
        ? `New entry: ${added[0].isMe ? "you" : added[0].displayName}, rank ${added[0].rank} of ${entries.length}.`
        : `${added.length} new entries on the leaderboard.`,
    );
    setFresh(new Set(added.map((e) => e.submissionId)));
    const timer = setTimeout(() => setFresh(new Set()), NEW_ROW_HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [board.data]);

  const base = `/courses/${courseId}`;
  const crumbs = [
    { href: "/courses", label: "My courses" },
    { href: base, label: course.data?.title ?? "Course" },
  ];

  if (board.isPending) return <Loading label="Loading the leaderboard…" />;
  if (board.error) {
    return (
      <>
        <PageHeader title="Leaderboard" crumbs={crumbs} />
        <QueryErrorState error={board.error} retry={() => board.refetch()} />
      </>
    );
  }

  const { title, metrics, rankingRule, entries, previewShows, dueAt, classmatesParametersHidden, samplesHiddenForArena, arena } = board.data;
  const exerciseHref = `${base}/exercises/${exerciseSlug}`;
  // Settings in words ("Hidden width 64 units"), never the code names.
  const configLabels = findExerciseSpec(exerciseSlug)?.configLabels;
  const staff = course.data !== undefined && course.data.role !== "STUDENT";
  const dueText = dueAt && (course.data ? formatZoned(dueAt, course.data.timeZone) : absoluteTime(dueAt));
  const withheld = previewShows === "parameters" ? "training settings and submitted parameters" : "training settings";
  const anyFlagged = entries.some((e) => e.ranking.flagged);
  const sameAnswerCount = entries.filter((e) => e.sameAnswerAs && e.sameAnswerAs.length > 0).length;
  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title={
          <>
            Leaderboard <span className="text-muted">·</span> {title}
          </>
        }
        description={<p>Each participant&apos;s best submission. New submissions appear here as soon as they are scored.</p>}
        actions={
          <>
            {previewShows === "samples" && (
              <ButtonLink variant="secondary" href={`${exerciseHref}/arena`}>
                Sample arena
              </ButtonLink>
            )}
            <ButtonLink href={exerciseHref}>Train and submit</ButtonLink>
          </>
        }
      />

      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <LiveIndicator status={live.status} error={live.error} />
        <p aria-live="polite" aria-atomic="true" className="text-sm text-brand-800">
          {announcement}
        </p>
      </div>

      <Card className="mb-6 p-4 text-sm">
        <p>
          <span className="font-semibold">Ranking rule:</span> {rankingRule} Ties share a rank; earlier submissions are listed first.
        </p>
        <h2 className="mt-3 font-semibold">What the scores mean</h2>
        <dl className="mt-1 grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
          {metrics.map((m) => (
            <div key={m.key} className="contents">
              <dt className="font-medium">{m.label}</dt>
              <dd className="mb-1 sm:mb-0">
                {m.meaning ? `${m.meaning} ` : ""}
                {metricScale(m)}
                <span className="block text-xs text-muted">{m.description}</span>
              </dd>
            </div>
          ))}
        </dl>
        {samplesHiddenForArena && (
          <p className="mt-2" data-testid="arena-hides-samples">
            <span className="font-semibold">Classmates&apos; samples are hidden while the class votes</span> in the{" "}
            <a className="text-brand-700 underline" href={`${exerciseHref}/arena`}>
              sample arena
            </a>
            : a thumbnail here would tell whose samples a pair shows.
          </p>
        )}
        {arena && (
          <p className="mt-2" data-testid="leaderboard-arena-note">
            <span className="font-semibold">Arena rating</span> is what people thought of each author&apos;s samples in the{" "}
            <a className="text-brand-700 underline" href={`${exerciseHref}/arena`}>
              sample arena
            </a>{" "}
            of {absoluteTime(arena.openedAt)} ({arena.votes} votes{arena.votingOpen ? ", voting still open" : ""}): a Bradley–Terry rating where 1000 is an
            average entry.
            {arena.tau !== null && (
              <>
                {" "}
                Kendall&apos;s τ between people&apos;s order and the metric&apos;s is <span className="font-semibold">{arena.tau.toFixed(2)}</span>:{" "}
                {tauInWords(arena.tau)}.
              </>
            )}
          </p>
        )}
        {anyFlagged && (
          <p className="mt-2">
            <span className="font-semibold">Flagged entries</span> are listed below all others and earn no points; the reason is given beside each.
          </p>
        )}
        {classmatesParametersHidden ? (
          <p className="mt-2" data-testid="parameters-hidden-note">
            <span className="font-semibold">Parameters are shown after the due date.</span> Until then you see classmates&apos; metrics
            {previewShows === "samples" ? " and sample thumbnails" : ""}, not their {withheld}
            {dueText ? `: they appear after ${dueText}.` : ". This exercise has no due date yet, so they stay hidden."}
          </p>
        ) : (
          staff &&
          (dueAt === null || dueAt.getTime() > now) && (
            <p className="mt-2">
              You see everything. Students see classmates&apos; {withheld} only after the due date
              {dueText ? ` (${dueText}).` : "; this exercise has none yet, so they stay hidden from students."}
            </p>
          )
        )}
        {dueAt !== null && dueAt.getTime() <= now && (
          <p className="mt-2" data-testid="board-closed-note">
            <span className="font-semibold">This board closed at {dueText}.</span> Parameters are visible now, so later submissions could copy them: they are
            scored as practice and do not enter the board.
          </p>
        )}
      </Card>

      {sameAnswerCount > 0 && (
        <Card tone="amber" className="mb-6 p-4 text-sm" data-testid="same-answer-note">
          <h2 className="font-semibold">Same answer from different accounts (shown to staff only)</h2>
          <p className="mt-1">
            {sameAnswerCount === 1 ? "1 participant has" : `${sameAnswerCount} participants have`} a submission identical to one from another account on this
            exercise, marked “Same answer as …” below (compared by a SHA-256 hash of the submission, whatever the order of its keys). It is a reason to look
            closer, not proof: an exercise with one exact answer, or worker-pool runs with the same settings and seed, give identical submissions too.
          </p>
        </Card>
      )}

      {entries.length === 0 ? (
        <EmptyState title="No submissions yet — be the first" action={<ButtonLink href={exerciseHref}>Open the exercise</ButtonLink>}>
          Train a model on the exercise page and submit your samples. Your entry will show up here, live, for the whole class.
        </EmptyState>
      ) : (
        <div
          role="region"
          aria-labelledby="leaderboard-caption"
          tabIndex={0}
          className="relative overflow-x-auto rounded-xl border border-line bg-white shadow-sm"
        >
          <table data-testid="leaderboard" className="w-full min-w-[40rem] border-collapse text-left text-sm">
            <caption id="leaderboard-caption" className="sr-only">
              Leaderboard for {title}: {entries.length} {entries.length === 1 ? "participant" : "participants"}, ranked by: {rankingRule}
            </caption>
            <thead className="border-b border-line bg-slate-50 text-xs tracking-wide text-slate-600 uppercase">
              <tr>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Rank
                </th>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Name
                </th>
                {metrics.map((m) => (
                  <th key={m.key} scope="col" className="px-4 py-3 text-right font-semibold" title={m.description}>
                    {m.label}
                    <span aria-hidden="true" className="ml-1 text-slate-400">
                      {m.better === "higher" ? "↑" : "↓"}
                    </span>
                    <span className="sr-only"> ({m.better} is better)</span>
                  </th>
                ))}
                {arena && (
                  <th scope="col" className="px-4 py-3 text-right font-semibold" title="Rating in the sample arena, from people's votes">
                    Arena rating
                  </th>
                )}
                <th scope="col" className="px-4 py-3 font-semibold">
                  Submitted
                </th>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Preview
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr
                  key={e.submissionId}
                  data-testid="leaderboard-row"
                  aria-current={e.isMe ? "true" : undefined}
                  className={`border-b border-line transition-colors duration-700 last:border-b-0 ${
                    fresh.has(e.submissionId) ? "bg-emerald-50" : e.isMe ? "bg-brand-50" : ""
                  }`}
                >
                  <td className="px-4 py-2 text-base font-semibold tabular-nums">{e.rank}</td>
                  <th scope="row" className="px-4 py-2 font-medium">
                    {e.displayName}
                    {e.isMe && <span className="ml-2 rounded-full bg-brand-600 px-2 py-0.5 text-xs font-semibold text-white">you</span>}
                    {e.poolRun && (
                      <span
                        className="ml-2 rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900"
                        title="Trained on the worker pool, not in the browser"
                      >
                        pool run
                      </span>
                    )}
                    {e.ranking.flagged && <span className="ml-2 rounded-full bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-900">Flagged</span>}
                    <PersonEmail email={e.email} />
                    {e.ranking.flagged && (
                      <p className="mt-1 max-w-xs text-xs font-normal text-red-800">
                        {e.ranking.reason ?? "Flagged by the exercise's checks."} Ranked below every unflagged entry; earns no points.
                      </p>
                    )}
                    {e.sameAnswerAs && e.sameAnswerAs.length > 0 && (
                      <p className="mt-1 max-w-xs text-xs font-normal text-amber-900">
                        <span className="rounded-full bg-amber-100 px-2 py-0.5 font-semibold">Same answer</span> as{" "}
                        {e.sameAnswerAs.map((other) => other.displayName).join(", ")}
                      </p>
                    )}
                    {e.config && (
                      <details className="mt-1 text-xs font-normal text-muted">
                        <summary className="cursor-pointer">settings</summary>
                        <code className="block max-w-xs break-words whitespace-normal">{formatConfig(e.config, configLabels)}</code>
                        <a className="mt-1 inline-block text-brand-700 underline" href={forkHref(courseId, exerciseSlug, e.config)}>
                          Fork this run<span className="sr-only"> of {e.displayName}</span>
                        </a>
                      </details>
                    )}
                  </th>
                  {metrics.map((m) => (
                    <td key={m.key} className="px-4 py-2 text-right font-mono tabular-nums">
                      {formatMetric(e.metrics[m.key], m.digits)}
                    </td>
                  ))}
                  {arena && (
                    <td className="px-4 py-2 text-right font-mono whitespace-nowrap tabular-nums" data-testid="arena-rating">
                      {e.arena ? (
                        <>
                          {Math.round(e.arena.rating)}{" "}
                          <span className="text-xs text-muted" title={`95% interval ${Math.round(e.arena.lower)}–${Math.round(e.arena.upper)}`}>
                            (#{e.arena.arenaRank})
                          </span>
                        </>
                      ) : (
                        <span className="text-xs text-muted" title="Not in the arena">
                          —
                        </span>
                      )}
                    </td>
                  )}
                  <td className="px-4 py-2 whitespace-nowrap text-slate-700">
                    <time dateTime={e.createdAt.toISOString()} title={absoluteTime(e.createdAt)}>
                      {relativeTime(e.createdAt, now)}
                    </time>
                  </td>
                  <td className="px-4 py-2">
                    {e.previewJson === null && samplesHiddenForArena && !e.isMe ? (
                      <span className="text-xs text-muted">Hidden while the arena votes</span>
                    ) : e.previewJson === null && e.hiddenUntilDue ? (
                      <span className="text-xs text-muted">Hidden until the due date</span>
                    ) : (
                      <PreviewThumbnail
                        preview={e.previewJson === null ? null : JSON.parse(e.previewJson)}
                        exerciseSlug={exerciseSlug}
                        who={e.isMe ? "you" : e.displayName}
                        size={56}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PrivateLeaderboard courseId={courseId} exerciseSlug={exerciseSlug} />
    </>
  );
}
