import type { ExerciseSummary } from "@/exercises/specs";
import { metricScale } from "@/lib/scoring/metric-text";

/**
 * "How you are scored": what the server measures, how the page's estimate differs, and each
 * metric's meaning and scale — shown before any number, so a score can be read when it arrives.
 */
export function ScoreGuide({ exercise }: { exercise: Pick<ExerciseSummary, "howScored" | "metrics" | "rankingRule"> }) {
  return (
    <section aria-labelledby="score-guide-title" className="mb-6 rounded-xl border border-line bg-white p-5 text-sm shadow-sm" data-testid="score-guide">
      <h2 id="score-guide-title" className="font-semibold">
        How you are scored
      </h2>
      <p className="mt-1">{exercise.howScored.server}</p>
      {exercise.howScored.browserEstimate && <p className="mt-1 text-muted">{exercise.howScored.browserEstimate}</p>}
      <dl className="mt-3 space-y-2">
        {exercise.metrics.map((m) => (
          <div key={m.key}>
            <dt className="font-medium">{m.label}</dt>
            <dd className="text-muted">
              {m.meaning ? `${m.meaning} ` : ""}
              {metricScale(m)}
            </dd>
          </div>
        ))}
      </dl>
      <p className="mt-3 text-muted">
        <span className="font-medium text-ink">Ranking:</span> {exercise.rankingRule}
      </p>
    </section>
  );
}
