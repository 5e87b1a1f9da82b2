"use client";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { MathText } from "@/app/_components/MathText";
import type { LivePollPublic } from "@/lib/live/types";

/** Answers per choice as horizontal bars; the correct one marked once revealed. */
export function PollHistogram({ poll, counts }: { poll: LivePollPublic; counts: number[] }) {
  const total = counts.reduce((a, b) => a + b, 0);
  const max = Math.max(1, ...counts);
  return (
    <figure>
      <ul className="space-y-2" data-testid="poll-histogram">
        {poll.choices.map((choice, i) => {
          const correct = poll.correctIndex === i;
          return (
            <li key={i} className="text-sm">
              <div className="flex justify-between gap-2">
                <span className={correct ? "font-semibold text-green-800" : ""}>
                  {correct && <span aria-hidden="true">✓ </span>}
                  <MathText text={choice} />
                  {correct && <span className="sr-only"> (correct answer)</span>}
                </span>
                <span className="font-mono tabular-nums">{counts[i] ?? 0}</span>
              </div>
              <div className="mt-1 h-3 rounded bg-slate-100" aria-hidden="true">
                <div className={`h-3 rounded ${correct ? "bg-green-600" : "bg-brand-600"}`} style={{ width: `${((counts[i] ?? 0) / max) * 100}%` }} />
              </div>
            </li>
          );
        })}
      </ul>
      <figcaption className="mt-2 text-xs text-muted">
        {total} answer{total === 1 ? "" : "s"}
      </figcaption>
    </figure>
  );
}

const STATUS_TEXT = { OPEN: "Open", CLOSED: "Closed", REVEALED: "Answer revealed" } as const;

/**
 * A student's view of the current poll: answer (changeable while open), then the class's answers;
 * once revealed, `onDismiss` lets the student put it away.
 */
export function StudentPollCard({
  poll,
  myAnswer,
  onAnswer,
  onDismiss,
  pending,
  error,
}: {
  poll: LivePollPublic;
  myAnswer: number | null;
  onAnswer: (choice: number) => void;
  onDismiss?: () => void;
  pending: boolean;
  error: string | null;
}) {
  const open = poll.status === "OPEN";
  return (
    <Card className="p-4" aria-labelledby="poll-prompt">
      <p className="text-xs font-semibold tracking-wide text-brand-700 uppercase">Poll · {STATUS_TEXT[poll.status]}</p>
      <h2 id="poll-prompt" className="mt-1 text-lg font-semibold">
        <MathText text={poll.prompt} />
      </h2>
      {poll.status === "REVEALED" && poll.counts ? (
        <div className="mt-3">
          <PollHistogram poll={poll} counts={poll.counts} />
          <p className="mt-2 text-sm" data-testid="poll-verdict">
            {myAnswer === null ? (
              "You did not answer."
            ) : poll.correctIndex === null ? (
              "No right answer: this was an opinion poll."
            ) : myAnswer === poll.correctIndex ? (
              "You answered correctly (+100 points)."
            ) : (
              <>
                You answered “<MathText text={poll.choices[myAnswer] ?? ""} />
                ”.
              </>
            )}
          </p>
          {onDismiss && (
            <Button variant="secondary" size="sm" className="mt-3" onClick={onDismiss} data-testid="poll-dismiss">
              Hide this poll
            </Button>
          )}
        </div>
      ) : (
        <fieldset className="mt-3" disabled={!open || pending}>
          <legend className="sr-only">Your answer</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {poll.choices.map((choice, i) => (
              <Button
                key={i}
                variant={myAnswer === i ? "primary" : "secondary"}
                aria-pressed={myAnswer === i}
                onClick={() => onAnswer(i)}
                className="h-auto min-h-10 justify-start py-2 text-left"
              >
                <span className="font-mono text-xs opacity-70">{String.fromCharCode(65 + i)}</span> <MathText text={choice} />
              </Button>
            ))}
          </div>
          <p className="mt-2 text-sm text-muted">
            {open
              ? myAnswer === null
                ? "Choose an answer; you can change it until the poll closes."
                : "Answer recorded. You can change it until the poll closes."
              : "The poll is closed; the answer comes next."}
          </p>
        </fieldset>
      )}
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      )}
    </Card>
  );
}
