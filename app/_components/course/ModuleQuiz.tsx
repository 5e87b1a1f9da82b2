"use client";
import { useEffect, useId, useRef, useState } from "react";
import { Button, ButtonLink } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { MathText } from "@/app/_components/MathText";
import { errorMessage } from "@/app/_lib/errors";
import { api } from "@/app/_trpc/react";
import { looksLikeThousands, NUMERIC_ANSWER_HINT, parseNumericAnswer } from "@/lib/course/quiz";

type Question = { id: string; kind: "choice"; prompt: string; choices: string[] } | { id: string; kind: "numeric"; prompt: string };
/**
 * Where a question stands. The server sends an explanation only for a settled question: answered
 * correctly ("earned"), or given up on with "Show the answer" ("shown", which then no longer counts).
 */
type Settled = { state: "earned"; explanation: string } | { state: "shown"; answer: string; explanation: string } | null;

/**
 * The module's quiz: each answer is graded by the server. A wrong answer may be retried; its
 * explanation appears once the question is answered correctly, or once the student chooses to see
 * the answer. Marks the module read when reached.
 */
export function ModuleQuiz({ courseId, moduleSlug }: { courseId: string; moduleSlug: string }) {
  const quiz = api.progress.quiz.useQuery({ courseId, moduleSlug });
  const utils = api.useUtils();
  const markRead = api.progress.markRead.useMutation({ onSuccess: () => void utils.progress.mine.invalidate() });
  const sentinel = useRef<HTMLDivElement>(null);

  // Reaching the quiz means the text above was read (scrolled past); record it once.
  useEffect(() => {
    const node = sentinel.current;
    if (!node) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        markRead.mutate({ courseId, moduleSlug });
        observer.disconnect();
      }
    });
    observer.observe(node);
    return () => observer.disconnect();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [courseId, moduleSlug]);

  return (
    <section aria-labelledby="quiz-heading" className="mt-12 max-w-prose">
      <div ref={sentinel} />
      <h2 id="quiz-heading" className="mb-1 text-xl font-semibold">
        Check your understanding
      </h2>
      {quiz.isPending && <p className="text-muted">Loading the quiz…</p>}
      {quiz.error && (
        <p role="alert" className="text-red-700">
          The quiz could not be loaded: {errorMessage(quiz.error)}
        </p>
      )}
      {quiz.data?.gradedIn && (
        <Card tone="brand" className="mt-3" data-testid="quiz-graded-notice">
          <p className="font-medium">This quiz is graded in “{quiz.data.gradedIn.assignmentTitle}”.</p>
          <p className="mt-1 text-sm text-slate-700">
            Take it there: your attempts count toward your grade, so it cannot be practised here until the assignment closes.
          </p>
          <div className="mt-3">
            <ButtonLink
              href={`/courses/${quiz.data.gradedIn.courseId}/assignments/${quiz.data.gradedIn.assignmentId}/quiz/${quiz.data.gradedIn.itemId}`}
              size="sm"
            >
              Go to the graded quiz<span className="sr-only"> in {quiz.data.gradedIn.assignmentTitle}</span>
            </ButtonLink>
          </div>
        </Card>
      )}
      {quiz.data && !quiz.data.gradedIn && quiz.data.questions.length === 0 && <p className="text-muted">This module has no quiz yet.</p>}
      {quiz.data && !quiz.data.gradedIn && quiz.data.questions.length > 0 && (
        <>
          <p className="mb-4 text-sm text-muted" aria-live="polite" data-testid="quiz-status">
            {quiz.data.passed
              ? "Quiz passed — every question answered correctly."
              : "Answer every question correctly to pass. You can try a question again as often as you like; “Show the answer” settles it without earning it."}
          </p>
          <ol className="space-y-4">
            {quiz.data.questions.map((q, i) => (
              <li key={q.id}>
                <QuizQuestionCard
                  courseId={courseId}
                  moduleSlug={moduleSlug}
                  number={i + 1}
                  question={q as Question}
                  settled={
                    q.solved
                      ? { state: "earned", explanation: q.explanation ?? "" }
                      : q.revealed
                        ? { state: "shown", answer: q.shownAnswer ?? "", explanation: q.explanation ?? "" }
                        : null
                  }
                  onAnswered={() => {
                    void utils.progress.quiz.invalidate({ courseId, moduleSlug });
                    void utils.progress.mine.invalidate();
                  }}
                />
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function QuizQuestionCard(props: { courseId: string; moduleSlug: string; number: number; question: Question; settled: Settled; onAnswered: () => void }) {
  const { question } = props;
  const id = useId();
  const [choice, setChoice] = useState<number | null>(null);
  const [numeric, setNumeric] = useState("");
  const [settled, setSettled] = useState<Settled>(props.settled);
  /** "Show the answer" was pressed once: it settles the question for good, so it asks again. */
  const [confirmingShow, setConfirmingShow] = useState(false);
  /** Whether the last answer checked here was right (null before any, and after "Show the answer"). */
  const [lastCorrect, setLastCorrect] = useState<boolean | null>(props.settled?.state === "earned" ? true : null);
  const questionRef = { courseId: props.courseId, moduleSlug: props.moduleSlug, questionId: question.id };
  const answer = api.progress.answer.useMutation({
    onSuccess: (result) => {
      setLastCorrect(result.correct);
      // The server explains only a settled question: this answer, or an earlier one, was right.
      if (result.explanation !== null) setSettled({ state: "earned", explanation: result.explanation });
      props.onAnswered();
    },
  });
  const show = api.progress.showAnswer.useMutation({
    onSuccess: (result) => {
      // Earned meanwhile (in another tab, say): it stays earned, and reads as such.
      setLastCorrect(result.earned ? true : null);
      setSettled(
        result.earned ? { state: "earned", explanation: result.explanation } : { state: "shown", answer: result.answer, explanation: result.explanation },
      );
      props.onAnswered();
    },
  });
  const unreadable = question.kind === "numeric" && numeric.trim() !== "" && parseNumericAnswer(numeric) === null;
  const value = question.kind === "choice" ? choice : parseNumericAnswer(numeric);
  const given = settled?.state === "shown";
  const canSubmit = value !== null && !given && !answer.isPending && !show.isPending;
  const error = answer.error ?? show.error;

  return (
    <Card className="p-4">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (canSubmit && value !== null) answer.mutate({ ...questionRef, answer: value });
        }}
      >
        <fieldset disabled={given}>
          <legend className="font-medium">
            {props.number}. <MathText text={question.prompt} />
          </legend>
          {question.kind === "choice" ? (
            <div className="mt-3 space-y-2">
              {question.choices.map((text, index) => (
                <label key={index} className="flex cursor-pointer items-start gap-2 rounded-md px-2 py-1 hover:bg-canvas">
                  <input type="radio" name={`${id}-choice`} className="mt-1" checked={choice === index} onChange={() => setChoice(index)} />
                  <span>
                    <MathText text={text} />
                  </span>
                </label>
              ))}
            </div>
          ) : (
            <div className="mt-3 text-sm">
              <label htmlFor={`${id}-numeric`} className="sr-only">
                Your answer
              </label>
              <input
                id={`${id}-numeric`}
                inputMode="decimal"
                autoComplete="off"
                maxLength={64}
                className="w-40 rounded-md border border-line px-2 py-1 aria-invalid:border-red-500"
                value={numeric}
                onChange={(e) => setNumeric(e.target.value)}
                placeholder="Your answer"
                aria-invalid={unreadable}
                aria-describedby={`${id}-hint${unreadable ? ` ${id}-problem` : ""}`}
              />
              <p id={`${id}-hint`} className="mt-1 text-xs text-muted">
                {NUMERIC_ANSWER_HINT}.
              </p>
              {unreadable && (
                <p id={`${id}-problem`} className="mt-1 text-red-700">
                  GenLab cannot read “{numeric}” as a number
                  {looksLikeThousands(numeric) ? ": write it without a thousands separator (1024), or with a decimal point (1.024)." : "."}
                </p>
              )}
            </div>
          )}
        </fieldset>
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <Button type="submit" size="sm" disabled={!canSubmit}>
            {answer.isPending ? "Checking…" : "Check"}
          </Button>
          {lastCorrect === false && settled === null && !confirmingShow && (
            <Button type="button" size="sm" variant="secondary" onClick={() => setConfirmingShow(true)}>
              Show the answer<span className="sr-only"> to question {props.number}</span>
            </Button>
          )}
          {confirmingShow && settled === null && (
            <span role="group" aria-label={`Show the answer to question ${props.number}?`} className="flex flex-wrap items-center gap-2 text-sm">
              <span>The question will then no longer count towards passing.</span>
              <Button type="button" size="sm" variant="secondary" disabled={show.isPending} onClick={() => show.mutate(questionRef)}>
                {show.isPending ? "Showing…" : "Show it"}
              </Button>
              <Button type="button" size="sm" variant="secondary" disabled={show.isPending} onClick={() => setConfirmingShow(false)}>
                Keep trying
              </Button>
            </span>
          )}
          {error && (
            <span role="alert" className="text-sm text-red-700">
              {errorMessage(error)}
            </span>
          )}
        </div>
        <div aria-live="polite">
          {settled?.state === "shown" ? (
            <div className="mt-3 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-800">
              <p>
                <strong>
                  Answer: <MathText text={settled.answer} />.
                </strong>{" "}
                <MathText text={settled.explanation} />
              </p>
              <p className="mt-1 text-muted">You asked to see this answer, so this question does not count towards passing the quiz.</p>
            </div>
          ) : lastCorrect !== null ? (
            <p className={`mt-3 rounded-md px-3 py-2 text-sm ${lastCorrect ? "bg-green-50 text-green-900" : "bg-amber-50 text-amber-900"}`}>
              <strong>{lastCorrect ? "Correct." : "Not quite."}</strong>{" "}
              {settled?.state === "earned" ? (
                <MathText text={settled.explanation} />
              ) : (
                "Try again, or show the answer — the question then no longer counts towards passing."
              )}
            </p>
          ) : null}
        </div>
      </form>
    </Card>
  );
}
