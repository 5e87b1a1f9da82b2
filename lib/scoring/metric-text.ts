/**
 * Scores in words, from the registry's metric specs: the same text next to every number (exercise
 * page, submission result, leaderboard), so a score is never shown without its meaning.
 */
import type { MetricSpec } from "@/lib/exercises/types";

/** A metric's value as shown, with its spec's digits; "—" when it is missing. */
export function formatMetric(value: number | undefined, digits: number): string {
  return value !== undefined && Number.isFinite(value) ? value.toFixed(digits) : "—";
}

/** "Lower is better; the default DDPM ≈ 0.0006, a Gaussian blob ≈ 0.05." */
export function metricScale(spec: MetricSpec): string {
  const direction = spec.better === "lower" ? "Lower is better" : "Higher is better";
  const references = (spec.references ?? []).map((r) => `${r.label} ≈ ${formatReference(r.value, spec.digits)}`);
  return references.length ? `${direction}; ${references.join(", ")}.` : `${direction}.`;
}

/** A reference value with the digits it was measured with (0.0006 stays 0.0006 where the metric shows 2); large ones grouped. */
function formatReference(value: number, shown: number): string {
  if (Math.abs(value) >= 10_000) return value.toLocaleString("en", { maximumFractionDigits: 0 });
  const text = String(Math.abs(value));
  const decimals = text.includes(".") ? text.split(".")[1].length : 0;
  return formatMetric(value, Math.min(decimals, Math.max(shown, 4)));
}

/** "FID 47.90, Classifier score 7.12": the values a scorer reported, labelled by their specs. */
export function formatMetrics(specs: readonly MetricSpec[], metrics: Record<string, number>): string {
  return specs
    .filter((s) => typeof metrics[s.key] === "number")
    .map((s) => `${s.label} ${formatMetric(metrics[s.key], s.digits)}`)
    .join(", ");
}
