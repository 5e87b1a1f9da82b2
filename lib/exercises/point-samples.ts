/**
 * The `{"samples": [[x, y], …]}` body shared by the exercises that are scored on 2-D samples
 * (gan-ring, diffusion-2d): its schema, with messages that name the offending entry, plus
 * flattening and the leaderboard preview.
 */
import { z } from "zod";
import { roundTo } from "@/lib/ml/density/checks";

/** One finite coordinate with |v| ≤ limit. */
function coordinate(limit: number) {
  return z
    .number({
      error: (issue) =>
        issue.input === null
          ? "is not a number (NaN and Infinity cannot be sent as JSON)"
          : typeof issue.input === "number"
            ? "is not a finite number" // zod 4 rejects ±Infinity itself
            : "is not a number",
    })
    .refine((v) => Math.abs(v) <= limit, `is beyond ±${limit}`);
}

/** The `samples` field: exactly `count` pairs [x, y] of finite numbers within ±`coordinateLimit`. */
export function pointSamplesField(count: number, coordinateLimit: number) {
  const c = coordinate(coordinateLimit);
  return z
    .array(z.tuple([c, c], { error: "must be a pair [x, y]" }), {
      error: (issue) => (issue.input === undefined ? "is missing" : "must be a list of [x, y] pairs"),
    })
    .refine((list) => list.length === count, {
      // A refinement, not .length(): zod 4 would also length-check a string sent instead of a list.
      error: (issue) => `must contain exactly ${count} samples (got ${(issue.input as unknown[]).length})`,
    });
}

/** `{"samples": [[x, y] × count]}`; other fields are dropped. */
export function pointSamplesSchema(count: number, coordinateLimit: number) {
  return z.object({ samples: pointSamplesField(count, coordinateLimit) });
}

/** [[x0, y0], [x1, y1], …] -> [x0, y0, x1, y1, …] in float64 (no rounding of what was sent). */
export function flattenPointSamples(samples: readonly (readonly [number, number])[]): Float64Array {
  const points = new Float64Array(samples.length * 2);
  samples.forEach(([x, y], i) => {
    points[2 * i] = x;
    points[2 * i + 1] = y;
  });
  return points;
}

/** The first `count` samples, rounded to 3 decimals: a small, JSON-safe leaderboard thumbnail. */
export function previewPointSamples(samples: readonly (readonly [number, number])[], count: number): [number, number][] {
  return samples.slice(0, count).map(([x, y]) => [roundTo(x, 3), roundTo(y, 3)]);
}
