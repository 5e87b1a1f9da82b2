"use client";
import { useEffect, useId, useRef } from "react";
import { Card } from "@/app/_components/Card";
import { EmptyNote } from "@/app/_components/EmptyState";
import { PersonEmail } from "@/app/_components/PersonEmail";
import { absoluteTime } from "@/app/_lib/format";
import { api } from "@/app/_trpc/react";
import { courseHeldoutFormat } from "@/lib/course/heldout";
import { formatMetric } from "@/lib/scoring/metric-text";

/**
 * Exercises with held-out data: the ranking on its private part, below the live (public) one. Students
 * get it from the due date on; staff always, with a note of what students see. Refetched whenever the
 * public board is (a new submission changes both).
 */
export function PrivateLeaderboard({ courseId, exerciseSlug }: { courseId: string; exerciseSlug: string }) {
  const id = useId();
  const input = { courseId, exerciseSlug };
  const hasHeldout = courseHeldoutFormat(exerciseSlug) !== undefined;
  const board = api.leaderboard.private.useQuery(input, { enabled: hasHeldout });
  const publicBoard = api.leaderboard.get.useQuery(input, { enabled: hasHeldout });
  const utils = api.useUtils();
  const seenPublic = useRef(0);
  useEffect(() => {
    const previous = seenPublic.current;
    seenPublic.current = publicBoard.dataUpdatedAt;
    if (previous !== 0 && publicBoard.dataUpdatedAt !== previous) void utils.leaderboard.private.invalidate({ courseId, exerciseSlug });
  }, [publicBoard.dataUpdatedAt, utils, courseId, exerciseSlug]);
  if (!hasHeldout || !board.data) return null;

  const { metrics, rankedBy, revealAt, revealed, entries } = board.data;
  const ranked = metrics.find((m) => m.key === rankedBy.metric)!;
  const when = revealAt ? absoluteTime(revealAt) : null;
  return (
    <section aria-labelledby={id} className="mt-10" data-testid="private-leaderboard">
      <h2 id={id} className="text-xl font-semibold">
        Private leaderboard
      </h2>
      <p className="mt-1 max-w-prose text-sm text-muted">
        The table above ranks everyone on the public part of the held-out data. Every submission is also scored on the private part, which nobody tunes against:
        this ranking takes each participant&apos;s best submission there.
      </p>
      {entries === null ? (
        <Card className="mt-4 text-sm" data-testid="private-leaderboard-hidden">
          <p className="font-medium">Revealed after the due date</p>
          <p className="mt-1 text-muted">
            {when
              ? `The private part's results, yours included, appear here after ${when}.`
              : "This exercise has no due date yet; the private part's results appear here once one has passed."}
          </p>
        </Card>
      ) : (
        <>
          {!revealed && (
            <p className="mt-2 text-sm text-amber-900">
              You see this as staff. Students see it {when ? `after ${when}` : "once the exercise has a due date and it has passed"}.
            </p>
          )}
          {entries.length === 0 ? (
            <EmptyNote className="mt-4">No submission has been scored on the private part yet.</EmptyNote>
          ) : (
            <div
              role="region"
              aria-labelledby={`${id}-caption`}
              tabIndex={0}
              className="mt-4 relative overflow-x-auto rounded-xl border border-line bg-white shadow-sm"
            >
              <table className="w-full min-w-[36rem] border-collapse text-left text-sm">
                <caption id={`${id}-caption`} className="sr-only">
                  Private leaderboard: {entries.length} {entries.length === 1 ? "participant" : "participants"}, ranked by {ranked.label} on the private part
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
                      <th key={m.key} scope="col" className="px-4 py-3 text-right font-semibold">
                        {m.label} (private)
                      </th>
                    ))}
                    <th scope="col" className="px-4 py-3 text-right font-semibold">
                      {ranked.label} (public)
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr
                      key={e.submissionId}
                      aria-current={e.isMe ? "true" : undefined}
                      className={`border-b border-line last:border-b-0 ${e.isMe ? "bg-brand-50" : ""}`}
                    >
                      <td className="px-4 py-2 text-base font-semibold tabular-nums">{e.rank}</td>
                      <th scope="row" className="px-4 py-2 font-medium">
                        {e.displayName}
                        {e.isMe && <span className="ml-2 rounded-full bg-brand-600 px-2 py-0.5 text-xs font-semibold text-white">you</span>}
                        {e.ranking.flagged && <span className="ml-2 rounded-full bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-900">Flagged</span>}
                        <PersonEmail email={e.email} />
                      </th>
                      {metrics.map((m) => (
                        <td key={m.key} className="px-4 py-2 text-right font-mono tabular-nums">
                          {formatMetric(e.metrics[m.key], m.digits)}
                        </td>
                      ))}
                      <td className="px-4 py-2 text-right font-mono text-muted tabular-nums">{formatMetric(e.publicMetrics[ranked.key], ranked.digits)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
