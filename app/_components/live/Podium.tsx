"use client";
import { PersonEmail } from "@/app/_components/PersonEmail";
import type { MetricSpec } from "@/lib/exercises/types";
import type { LiveStanding } from "@/lib/live/types";
import { formatMetric } from "@/lib/scoring/metric-text";

const PLACES = [
  { label: "1st", height: "h-28", tone: "bg-amber-300" },
  { label: "2nd", height: "h-20", tone: "bg-slate-300" },
  { label: "3rd", height: "h-14", tone: "bg-orange-300" },
];

/**
 * The round's top three on steps (2nd, 1st, 3rd), then the rest of the top ten as a table.
 * `emails` (instructors' views only): each student's email by user id, shown beside the name.
 */
export function Podium({
  standings,
  entrants,
  metrics,
  myUserId,
  emails,
  arena = false,
}: {
  standings: LiveStanding[];
  entrants: number;
  metrics: MetricSpec[];
  myUserId?: string;
  emails?: ReadonlyMap<string, string | null>;
  /** An arena round: ranked by the votes, worth no points. */
  arena?: boolean;
}) {
  const primary = metrics[0];
  if (standings.length === 0) return <p className="text-muted">{arena ? "No votes were cast in this arena." : "Nobody submitted in this round."}</p>;
  const order = [1, 0, 2].filter((i) => i < standings.length);
  return (
    <section aria-label="Round podium" data-testid="podium">
      <ol className="flex items-end justify-center gap-3" aria-label="Top three">
        {order.map((i) => {
          const s = standings[i];
          const place = PLACES[Math.min(s.rank, 3) - 1];
          return (
            <li key={s.userId} className="flex w-28 flex-col items-center text-center sm:w-36">
              <span className="line-clamp-2 text-sm font-semibold">{s.name}</span>
              <PersonEmail email={emails?.get(s.userId)} />
              {primary && (
                <span className="text-xs text-muted">
                  {primary.label} {formatMetric(s.metrics[primary.key], primary.digits)}
                </span>
              )}
              <div className={`mt-1 flex w-full items-start justify-center rounded-t-md pt-2 font-bold ${place.height} ${place.tone}`}>
                <span>{place.label}</span>
                {!arena && <span className="sr-only">, {s.points} points</span>}
              </div>
            </li>
          );
        })}
      </ol>
      <table className="mt-4 w-full text-sm">
        <caption className="sr-only">Round results</caption>
        <thead>
          <tr className="text-left text-muted">
            <th scope="col" className="py-1">
              Rank
            </th>
            <th scope="col">Student</th>
            {metrics.slice(0, 3).map((m) => (
              <th scope="col" key={m.key}>
                {m.label}
              </th>
            ))}
            {!arena && (
              <th scope="col" className="text-right">
                Points
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {standings.map((s) => (
            <tr key={s.userId} className={`border-t border-line ${s.userId === myUserId ? "bg-brand-50 font-semibold" : ""}`}>
              <td className="py-1 font-mono">{s.rank}</td>
              <td>
                {s.name}
                {s.userId === myUserId ? " (you)" : ""}
                <PersonEmail email={emails?.get(s.userId)} />
              </td>
              {metrics.slice(0, 3).map((m) => (
                <td key={m.key} className="font-mono">
                  {formatMetric(s.metrics[m.key], m.digits)}
                </td>
              ))}
              {!arena && <td className="text-right font-mono">{s.points}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {entrants > standings.length && (
        <p className="mt-2 text-xs text-muted">
          Top {standings.length} of {entrants} entries.
        </p>
      )}
    </section>
  );
}
