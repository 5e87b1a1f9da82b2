"use client";
import { ArenaResultsTable } from "@/app/_components/arena/ArenaResultsTable";
import { Loading } from "@/app/_components/Spinner";
import { errorMessage } from "@/app/_lib/errors";
import { api } from "@/app/_trpc/react";
import { findExerciseSpec } from "@/exercises/specs";
import { rankedBy } from "@/lib/exercises/ranking";

/** How often staff's view of an open arena's ratings refreshes. */
const STAFF_RESULTS_REFRESH_MS = 5_000;

/** An arena's results, fetched (and, while `live`, refreshed) for the page it sits on. */
export function ArenaResultsPanel({ arenaId, exerciseSlug, live }: { arenaId: string; exerciseSlug: string; live: boolean }) {
  const results = api.arena.results.useQuery({ arenaId }, { refetchInterval: live ? STAFF_RESULTS_REFRESH_MS : false });
  const spec = findExerciseSpec(exerciseSlug);
  if (results.isPending) return <Loading label="Fitting the ratings…" inline />;
  if (results.error) return <p className="text-sm text-red-800">{errorMessage(results.error)}</p>;
  if (!spec) return null;
  const metric = spec.metrics.find((m) => m.key === rankedBy(spec).metric) ?? spec.metrics[0];
  return <ArenaResultsTable results={results.data} metric={metric} exerciseSlug={exerciseSlug} />;
}
