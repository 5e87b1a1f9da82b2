"use client";

export interface ModuleProgressSummary {
  read: boolean;
  quizCorrect: number;
  quizTotal: number;
  quizPassed: boolean;
  exercisesSubmitted: number;
  exercisesTotal: number;
}

function Step({ done, label }: { done: boolean; label: string }) {
  return (
    <span className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs ${done ? "bg-green-100 text-green-900" : "bg-slate-100 text-slate-700"}`}>
      <span aria-hidden="true">{done ? "✓" : "○"}</span>
      {label}
    </span>
  );
}

/** Read · quiz · exercises, for one module: words first, colour second. */
export function ModuleProgressLine({ progress }: { progress: ModuleProgressSummary }) {
  return (
    <div className="mt-2 flex flex-wrap gap-2" aria-label="Your progress in this module">
      <Step done={progress.read} label={progress.read ? "Read" : "Not read yet"} />
      {progress.quizTotal > 0 && <Step done={progress.quizPassed} label={`Quiz ${progress.quizCorrect}/${progress.quizTotal}`} />}
      {progress.exercisesTotal > 0 && (
        <Step
          done={progress.exercisesSubmitted >= progress.exercisesTotal}
          label={`Exercises ${progress.exercisesSubmitted}/${progress.exercisesTotal} submitted`}
        />
      )}
    </div>
  );
}
