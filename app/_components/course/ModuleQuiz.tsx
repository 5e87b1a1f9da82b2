"use client";
import { useEffect, useId, useRef, useState } from "react";
import { Button, ButtonLink } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { MathText } from "@/app/_components/MathText";
import { errorMessage } from "@/app/_lib/errors";
import { api } from "@/app/_trpc/react";

type Question = { id: string; kind: "choice"; prompt: string; choices: string[] } | { id: string; kind: "numeric"; prompt: string };
type Feedback = { correct: boolean; explanation: string };

/** The module's quiz: each answer is graded by the server, which then explains. Marks the module read when reached. */
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
            {quiz.data.passed ? "Quiz passed — every question answered correctly." : "Answer every question correctly to pass. You can try again."}
          </p>
          <ol className="space-y-4">
            {quiz.data.questions.map((q, i) => (
              <li key={q.id}>
                <QuizQuestionCard
                  courseId={courseId}
                  moduleSlug={moduleSlug}
                  number={i + 1}
                  question={q as Question}
                  solved={q.solved ? { correct: true, explanation: q.explanation ?? "" } : null}
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

function QuizQuestionCard(props: {
  courseId: string;
  moduleSlug: string;
  number: number;
  question: Question;
  solved: Feedback | null;
  onAnswered: () => void;
}) {
  const { question } = props;
  const id = useId();
  const [choice, setChoice] = useState<number | null>(null);
  const [numeric, setNumeric] = useState("");
  const [feedback, setFeedback] = useState<Feedback | null>(props.solved);
  const answer = api.progress.answer.useMutation({
    onSuccess: (result) => {
      setFeedback(result);
      props.onAnswered();
    },
  });
  const value = question.kind === "choice" ? choice : numeric.trim() === "" ? null : Number(numeric.replace(",", "."));
  const canSubmit = value !== null && Number.isFinite(value) && !answer.isPending;

  return (
    <Card className="p-4">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (canSubmit) answer.mutate({ courseId: props.courseId, moduleSlug: props.moduleSlug, questionId: question.id, answer: value! });
        }}
      >
        <fieldset>
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
            <label className="mt-3 block text-sm">
              <span className="sr-only">Your answer</span>
              <input
                inputMode="decimal"
                className="w-40 rounded-md border border-line px-2 py-1"
                value={numeric}
                onChange={(e) => setNumeric(e.target.value)}
                placeholder="Your answer"
              />
            </label>
          )}
        </fieldset>
        <div className="mt-3 flex items-center gap-3">
          <Button type="submit" size="sm" disabled={!canSubmit}>
            {answer.isPending ? "Checking…" : "Check"}
          </Button>
          {answer.error && (
            <span role="alert" className="text-sm text-red-700">
              {errorMessage(answer.error)}
            </span>
          )}
        </div>
        <div aria-live="polite">
          {feedback && (
            <p className={`mt-3 rounded-md px-3 py-2 text-sm ${feedback.correct ? "bg-green-50 text-green-900" : "bg-amber-50 text-amber-900"}`}>
              <strong>{feedback.correct ? "Correct. " : "Not quite. "}</strong>
              <MathText text={feedback.explanation} />
            </p>
          )}
        </div>
      </form>
    </Card>
  );
}
