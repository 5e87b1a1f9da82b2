"use client";
import { useState } from "react";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { QueryErrorState } from "@/app/_components/ErrorState";
import { MathText } from "@/app/_components/MathText";
import { Podium } from "@/app/_components/live/Podium";
import { ARENA_RATING_METRIC } from "@/lib/arena/types";
import { PollHistogram } from "@/app/_components/live/PollCard";
import { PersonEmail } from "@/app/_components/PersonEmail";
import { Loading } from "@/app/_components/Spinner";
import { errorMessage } from "@/app/_lib/errors";
import { useExerciseCatalog } from "@/app/_lib/useExerciseCatalog";
import { api } from "@/app/_trpc/react";

/** What stays after the session: each round's podium, each poll's answers, points; CSV for instructors. */
export function LiveSummary({ sessionId, isInstructor }: { sessionId: string; isInstructor: boolean }) {
  const summary = api.live.summary.useQuery({ sessionId });
  const utils = api.useUtils();
  const { bySlug } = useExerciseCatalog();
  const [exportError, setExportError] = useState<string | null>(null);
  if (summary.isPending) return <Loading label="Loading the results…" />;
  if (summary.error) return <QueryErrorState error={summary.error} retry={() => void summary.refetch()} />;
  const s = summary.data;
  // Every participant is in the points table (with an email for instructors), so it names the podiums' students too.
  const emails = new Map(s.points.map((p) => [p.userId, p.email]));

  const download = async () => {
    setExportError(null);
    try {
      const csv = await utils.live.exportCsv.fetch({ sessionId });
      const url = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
      const a = Object.assign(document.createElement("a"), { href: url, download: `live-session-${new Date(s.startedAt).toISOString().slice(0, 10)}.csv` });
      a.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setExportError(`The export failed: ${errorMessage(error)}`);
    }
  };

  return (
    <div className="space-y-6" data-testid="live-summary">
      {isInstructor && (
        <div>
          <Button onClick={() => void download()} data-testid="export-csv">
            Download results (CSV)
          </Button>
          {exportError && (
            <p role="alert" className="mt-2 text-sm text-red-700">
              {exportError}
            </p>
          )}
        </div>
      )}
      <Card>
        <h2 className="text-lg font-semibold">Points</h2>
        {s.points.length === 0 ? (
          <p className="text-muted">No student took part.</p>
        ) : (
          <table className="mt-2 w-full text-sm">
            <thead>
              <tr className="text-left text-muted">
                <th scope="col">Student</th>
                <th scope="col" className="text-right">
                  Points
                </th>
              </tr>
            </thead>
            <tbody>
              {s.points.map((p) => (
                <tr key={p.userId} className="border-t border-line">
                  <td className="py-1">
                    {p.name}
                    <PersonEmail email={p.email} />
                  </td>
                  <td className="text-right font-mono">{p.points}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      {s.rounds.map((r, i) => (
        <Card key={r.id}>
          <h2 className="mb-3 text-lg font-semibold">
            Round {i + 1}: {r.exerciseTitle}
          </h2>
          {r.standings ? (
            <Podium
              standings={r.standings}
              entrants={r.standings.length}
              metrics={r.kind === "arena" ? [ARENA_RATING_METRIC, ...(bySlug.get(r.exerciseSlug)?.metrics ?? [])] : (bySlug.get(r.exerciseSlug)?.metrics ?? [])}
              emails={emails}
              arena={r.kind === "arena"}
            />
          ) : (
            <p className="text-muted">This round was not scored.</p>
          )}
        </Card>
      ))}
      {s.polls.map((p) => (
        <Card key={p.id}>
          <h2 className="mb-2 font-semibold">
            Poll: <MathText text={p.prompt} />
          </h2>
          {p.counts ? <PollHistogram poll={{ ...p, counts: p.counts }} counts={p.counts} /> : <p className="text-muted">The answers were not revealed.</p>}
        </Card>
      ))}
    </div>
  );
}
