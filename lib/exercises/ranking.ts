/**
 * The one ranking of scored submissions. The leaderboard's order (the stored sort keys), the
 * `ranking` that `genlab score` prints and the points of grading rules all come from here:
 *
 *   1. unflagged before flagged (a flag says why: e.g. too many copies of the training data);
 *   2. the exercise's ranked metric, in its better direction;
 *   3. its tie-break metrics, each in its own direction.
 */
import type { ExerciseDefinition, MetricSpec } from "./types";

export type Better = MetricSpec["better"];

export interface Ranking {
  /** The ranked metric's value. */
  value: number;
  better: Better;
  /** Ranked below every unflagged submission, and earns no points. */
  flagged: boolean;
  /** Why it is flagged, in words. */
  reason?: string;
}

/** A scorer's metrics (its own interface, or stored JSON). */
type Metrics = object;

type Rankable = Pick<ExerciseDefinition, "slug" | "metrics" | "rankedBy" | "flag">;

function metricSpec(definition: Rankable, key: string): MetricSpec {
  const spec = definition.metrics.find((m) => m.key === key);
  if (!spec) throw new Error(`${definition.slug} ranks by "${key}", which is not one of its metrics.`);
  return spec;
}

/** The first sort key of a flagged submission (Score.rankKeys[0]). */
const FLAGGED = 1;

/** Whether stored sort keys are a flagged submission's, for queries that read keys, not metrics. */
export const flaggedKeys = (rankKeys: readonly number[]) => rankKeys[0] === FLAGGED;

/** The metric the exercise is ranked by, and its better direction (`genlab exercises`' `rankedBy`). */
export function rankedBy(definition: Rankable): { metric: string; better: Better } {
  const metric = definition.rankedBy[0];
  return { metric, better: metricSpec(definition, metric).better };
}

/**
 * Where a submission with these metrics stands. A score that lacks one of the exercise's metrics was
 * made under earlier rules (before copies were looked for, say): it is flagged, so a cheat those
 * rules missed cannot stay on top. A missing or non-finite ranked value ranks last.
 */
export function rankingOf(definition: Rankable, metrics: Metrics): Ranking {
  const { metric, better } = rankedBy(definition);
  const values = metrics as Record<string, number>;
  const unmeasured = definition.metrics.find((m) => typeof values[m.key] !== "number");
  const reason = unmeasured
    ? `Scored under earlier rules, before “${unmeasured.label}” was measured: submit again to be ranked.`
    : (definition.flag?.(values) ?? null);
  return { value: values[metric], better, flagged: reason !== null, ...(reason !== null ? { reason } : {}) };
}

/** Sort keys, smaller is better, compared element by element (Score.rankKeys). */
export function rankKeysOf(definition: Rankable, metrics: Metrics): number[] {
  const flagged = rankingOf(definition, metrics).flagged;
  return [
    flagged ? FLAGGED : 0,
    ...definition.rankedBy.map((key) => {
      const value = (metrics as Record<string, number>)[key];
      if (typeof value !== "number" || !Number.isFinite(value)) return Number.MAX_VALUE;
      return metricSpec(definition, key).better === "lower" ? value : -value;
    }),
  ];
}
