/**
 * Grading rules: what share of an assignment item's points a scored submission earns, from the
 * metrics its exercise's scorer reported. "completion" pays for any scored submission; "linear"
 * interpolates one metric between a value that earns nothing and one that earns full points.
 */
import { z } from "zod";
import type { MetricSpec } from "@/lib/exercises/types";

export const gradingRuleSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("completion") }).strict(),
  z
    .object({
      kind: z.literal("linear"),
      metric: z.string().min(1).max(64),
      // zod 4 numbers are finite: Infinity and NaN are refused.
      full: z.number(),
      zero: z.number(),
    })
    .strict()
    .refine((rule) => rule.full !== rule.zero, { message: "full and zero must differ", path: ["zero"] }),
]);
export type GradingRule = z.infer<typeof gradingRuleSchema>;

/**
 * The share of the points in [0, 1]: 1 at `full` or beyond it (further from `zero`), 0 at `zero`
 * or beyond it, linear in between; the direction comes from the two thresholds, so one formula
 * serves "higher is better" and "lower is better" metrics. A missing or non-finite metric earns 0.
 */
export function ruleFraction(rule: GradingRule, metrics: Record<string, number>): number {
  if (rule.kind === "completion") return 1;
  const value = Object.hasOwn(metrics, rule.metric) ? metrics[rule.metric] : undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) return 0;
  const share = (value - rule.zero) / (rule.full - rule.zero);
  return Math.min(1, Math.max(0, share));
}

/** Why the rule cannot grade an exercise with these metrics, or null when it can. */
export function ruleProblem(rule: GradingRule, metrics: readonly MetricSpec[]): string | null {
  if (rule.kind === "completion") return null;
  const spec = metrics.find((m) => m.key === rule.metric);
  if (!spec) {
    const valid = metrics.map((m) => `"${m.key}" (${m.label})`).join(", ");
    return `"${rule.metric}" is not a metric of this exercise; its metrics are ${valid}.`;
  }
  if (spec.gradable === false)
    return `${spec.label} is shown for information: it can be reached without honest work, so it cannot earn points. Grade on ${metrics.find((m) => m.gradable !== false)?.label ?? "another metric"} instead.`;
  if (spec.better === "higher" && !(rule.full > rule.zero)) {
    return `${spec.label}: higher is better, so the value for full points (${formatValue(rule.full)}) must be greater than the value for none (${formatValue(rule.zero)}).`;
  }
  if (spec.better === "lower" && !(rule.full < rule.zero)) {
    return `${spec.label}: lower is better, so the value for full points (${formatValue(rule.full)}) must be less than the value for none (${formatValue(rule.zero)}).`;
  }
  return null;
}

/** The rule in words, with the metric's label (its key when the exercise has no such metric). */
export function describeRule(rule: GradingRule, metrics: readonly MetricSpec[]): string {
  if (rule.kind === "completion") return "Full points for any scored submission.";
  const label = metrics.find((m) => m.key === rule.metric)?.label ?? rule.metric;
  const [fullSign, zeroSign] = rule.full > rule.zero ? ["≥", "≤"] : ["≤", "≥"];
  return `Full points at ${label} ${fullSign} ${formatValue(rule.full)}, none at ${zeroSign} ${formatValue(rule.zero)}, linear in between.`;
}

// Plain decimals (no exponent, no grouping): thresholds such as 0.0005 stay readable.
const plainNumber = new Intl.NumberFormat("en-US", { maximumFractionDigits: 20, useGrouping: false });

function formatValue(value: number): string {
  return plainNumber.format(value);
}
