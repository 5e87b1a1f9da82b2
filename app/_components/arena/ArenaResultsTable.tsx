"use client";
import { PersonEmail } from "@/app/_components/PersonEmail";
import { PreviewThumbnail } from "@/app/_components/SampleThumbnail";
import type { ArenaResults } from "@/lib/arena/types";
import type { MetricSpec } from "@/lib/exercises/types";
import { formatMetric } from "@/lib/scoring/metric-text";

/** What τ says, in words. */
export function tauInWords(tau: number): string {
  const strength = Math.abs(tau) >= 0.6 ? "strongly" : Math.abs(tau) >= 0.3 ? "fairly" : Math.abs(tau) >= 0.1 ? "weakly" : null;
  if (!strength) return "people's order and the metric's are about unrelated";
  return tau > 0 ? `people ${strength} agree with the metric` : `people ${strength} disagree with the metric`;
}

/** A preview sent as JSON text (the server skips serialising hundreds of previews); null when unreadable. */
export function parsePreviewJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}

/** A rating's 95% interval on a shared axis, the rating a dot. */
function IntervalBar({ lower, rating, upper, min, max }: { lower: number; rating: number; upper: number; min: number; max: number }) {
  const width = 120;
  const x = (v: number) => 4 + ((v - min) / (max - min || 1)) * (width - 8);
  return (
    <svg width={width} height={14} aria-hidden="true" className="block">
      <line x1={x(lower)} x2={x(upper)} y1={7} y2={7} className="stroke-slate-400" strokeWidth={2} />
      <circle cx={x(rating)} cy={7} r={4} className="fill-brand-600" />
    </svg>
  );
}

/**
 * An arena's ratings beside the metric's ranks: where the two orders part, people and the metric
 * disagree about what good samples are.
 */
export function ArenaResultsTable({ results, metric, exerciseSlug }: { results: ArenaResults; metric: MetricSpec; exerciseSlug: string }) {
  const { standings, tau, votes, voters } = results;
  const min = Math.min(...standings.map((s) => s.lower));
  const max = Math.max(...standings.map((s) => s.upper));
  return (
    <div data-testid="arena-results">
      <p className="text-sm" data-testid="arena-tau">
        {votes} {votes === 1 ? "vote" : "votes"} from {voters} {voters === 1 ? "person" : "people"}.{" "}
        {tau === null ? (
          "No votes yet: every entry starts at 1000."
        ) : (
          <>
            <span className="font-semibold">Kendall&apos;s τ = {tau.toFixed(2)}</span> between the arena&apos;s order and the order by {metric.label}:{" "}
            {tauInWords(tau)} (1: the same order, 0: unrelated, −1: reversed).
          </>
        )}
      </p>
      <p className="mt-1 text-xs text-muted">
        Ratings come from a Bradley–Terry fit of the votes (ties and “both bad” count half a win each), on a scale where 1000 is an average entry and 400 points
        mean 10-to-1 odds of being preferred. The bar is the rating&apos;s 95% interval from 200 resamplings of the votes: entries whose bars overlap are not
        clearly apart.
      </p>
      <div role="region" aria-label="Arena ratings" tabIndex={0} className="mt-3 overflow-x-auto rounded-xl border border-line bg-white shadow-sm">
        <table className="w-full min-w-[40rem] border-collapse text-left text-sm">
          <caption className="sr-only">Arena ratings with 95% intervals, beside each entry&apos;s rank by {metric.label}</caption>
          <thead className="border-b border-line bg-slate-50 text-xs tracking-wide text-slate-600 uppercase">
            <tr>
              <th scope="col" className="px-3 py-2 font-semibold">
                Arena rank
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Name
              </th>
              <th scope="col" className="px-3 py-2 text-right font-semibold">
                Rating (95% interval)
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                <span className="sr-only">Interval</span>
              </th>
              <th scope="col" className="px-3 py-2 text-right font-semibold">
                Votes
              </th>
              <th scope="col" className="px-3 py-2 text-right font-semibold">
                Rank by {metric.label}
              </th>
              <th scope="col" className="px-3 py-2 text-right font-semibold">
                {metric.label}
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Samples
              </th>
            </tr>
          </thead>
          <tbody>
            {standings.map((s) => (
              <tr
                key={s.arenaRank}
                data-testid="arena-row"
                aria-current={s.isMe ? "true" : undefined}
                className={`border-b border-line last:border-b-0 ${s.isMe ? "bg-brand-50" : ""}`}
              >
                <td className="px-3 py-2 font-semibold tabular-nums">{s.arenaRank}</td>
                <th scope="row" className="px-3 py-2 font-medium">
                  {s.displayName}
                  {s.isMe && <span className="ml-2 rounded-full bg-brand-600 px-2 py-0.5 text-xs font-semibold text-white">you</span>}
                  <PersonEmail email={s.email} />
                </th>
                <td className="px-3 py-2 text-right font-mono whitespace-nowrap tabular-nums">
                  {Math.round(s.rating)}{" "}
                  <span className="text-xs text-muted">
                    ({Math.round(s.lower)}–{Math.round(s.upper)})
                  </span>
                </td>
                <td className="px-3 py-2">
                  <IntervalBar lower={s.lower} rating={s.rating} upper={s.upper} min={min} max={max} />
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{s.votes}</td>
                <td className={`px-3 py-2 text-right tabular-nums ${Math.abs(s.metricRank - s.arenaRank) >= 3 ? "font-semibold text-amber-800" : ""}`}>
                  {s.metricRank}
                </td>
                <td className="px-3 py-2 text-right font-mono tabular-nums">{formatMetric(s.metrics[metric.key], metric.digits)}</td>
                <td className="px-3 py-2">
                  <PreviewThumbnail preview={parsePreviewJson(s.previewJson)} exerciseSlug={exerciseSlug} who={s.displayName} size={56} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
