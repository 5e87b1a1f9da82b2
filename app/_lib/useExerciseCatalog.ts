"use client";
import { api } from "@/app/_trpc/react";

/** Registry data by slug (titles, summaries, metrics); the catalog is public and rarely changes. */
export function useExerciseCatalog() {
  const catalog = api.exercise.catalog.useQuery(undefined, { staleTime: Infinity });
  const bySlug = new Map((catalog.data ?? []).map((e) => [e.slug, e]));
  return { catalog, bySlug };
}
