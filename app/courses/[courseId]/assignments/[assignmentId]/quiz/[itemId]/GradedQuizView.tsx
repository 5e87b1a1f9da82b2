"use client";
import type { inferRouterOutputs } from "@trpc/server";
import { useId, useRef, useState } from "react";
import { Alert } from "@/app/_components/Alert";
import { Badge, Countdown, ZonedTime } from "@/app/_components/assignment/AssignmentBits";
import { Button, ButtonLink } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { ErrorState, QueryErrorPage } from "@/app/_components/ErrorState";
import { MathText } from "@/app/_components/MathText";
import { courseCrumbs, PageHeader, type Crumb } from "@/app/_components/PageHeader";
import { Loading } from "@/app/_components/Spinner";
import { ANSWERS_SHOWN_LABEL, formatPoints } from "@/app/_lib/assignments";
import { errorMessage } from "@/app/_lib/errors";
import { useNow } from "@/app/_lib/useNow";
import { api } from "@/app/_trpc/react";
import { describeTolerance, parseNumericAnswer } from "@/lib/grading/answers";
import type { AppRouter } from "@/server/api/root";

type Quiz = inferRouterOutputs<AppRouter>["assignment"]["quiz"];
type Question = Quiz["questions"][number];
type SubmitResult = inferRouterOutputs<AppRouter>["assignment"]["submitQuiz"];

const NUMERIC_HINT = "e.g. 0.56, .56, 0,56, 4/51 or 1e-3";

/** A module quiz graded in an assignment: every question at once, a limited number of attempts. */
export function GradedQuizView({ courseId, assignmentId, itemId }: { courseId: string; assignmentId: string; itemId: string }) {
  const quiz = api.assignment.quiz.useQuery({ itemId });
  const course = api.course.get.useQuery({ courseId });
  const base = `/courses/${courseId}`;
  const assignmentHref = `${base}/assignments/${assignmentId}`;
  const crumbs = courseCrumbs(
    courseId,
    course.data?.title,
    { href: `${base}/assignments`, label: "Assignments" },
    { href: assignmentHref, label: quiz.data?.assignmentTitle ?? "Assignment" },
  );

  if (quiz.isPending || course.isPending) return <Loading label="Loading the quiz…" />;
  const error = quiz.error ?? course.error;
  if (error) {
    return (
      <QueryErrorPage
        title="Graded quiz"
        crumbs={crumbs}
        error={error}
        retry={() => {
          void quiz.refetch();
          void course.refetch();
        }}
        backHref={assignmentHref}
        backLabel="Back to the assignment"
      />
    );
  }
  if (quiz.data!.assignmentId !== assignmentId) {
    return (
      <>
        <PageHeader title="Graded quiz" crumbs={crumbs} />
        <ErrorState
          title="Not found"
          action={
            <ButtonLink href={`${base}/assignments`} variant="secondary">
              Back to the assignments
            </ButtonLink>
          }
        >
          This quiz is not part of this assignment.
        </ErrorState>
      </>
    );
  }
  return (
    <QuizBody quiz={quiz.data!} crumbs={crumbs} role={course.data!.role} timeZone={course.data!.timeZone} assignmentHref={assignmentHref} courseId={courseId} />
  );
}

function QuizBody({
  quiz,
  crumbs,
  role,
  timeZone,
  assignmentHref,
  courseId,
}: {
  quiz: Quiz;
  crumbs: Crumb[];
  role: string;
  timeZone: string;
  assignmentHref: string;
  courseId: string;
}) {
  const now = useNow();
  const utils = api.useUtils();
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [result, setResult] = useState<SubmitResult | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const submit = api.assignment.submitQuiz.useMutation({
    onSuccess: async (data) => {
      setResult(data);
      requestAnimationFrame(() => resultRef.current?.focus());
      await Promise.all([
        utils.assignment.quiz.invalidate({ itemId: quiz.itemId }),
        utils.assignment.get.invalidate({ assignmentId: quiz.assignmentId }),
        utils.assignment.list.invalidate({ courseId }),
        utils.assignment.mine.invalidate(),
      ]);
    },
  });

  const used = quiz.attempts.length;
  const left = Math.max(0, quiz.attemptsAllowed - used);
  const student = role === "STUDENT";
  const notOpen = quiz.openAt !== null && now < quiz.openAt.getTime();
  const closed = now > quiz.closesAt.getTime();
  const late = !closed && now > quiz.dueAt.getTime();
  const blocked = !student
    ? "Only students take graded quizzes: this is a preview of the questions."
    : notOpen
      ? "This quiz is not open yet."
      : closed
        ? "This quiz is closed: its due date (and any late window) has passed."
        : left === 0
          ? `You have used all ${quiz.attemptsAllowed} attempts.`
          : null;

  const revealed = new Map((result?.answers ?? quiz.answers ?? []).map((a) => [a.id, a]));
  const outcome = new Map((result?.results ?? []).map((r) => [r.id, r.correct]));
  const unreadable = quiz.questions.filter((q) => q.kind === "numeric" && (answers[q.id] ?? "").trim() !== "" && parseNumericAnswer(answers[q.id]) === null);
  const blank = quiz.questions.filter((q) => (answers[q.id] ?? "").trim() === "");

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    if (blocked || submit.isPending || unreadable.length > 0) return;
    if (left === 1) {
      const blanks = blank.length > 0 ? ` ${blank.length} ${blank.length === 1 ? "question is" : "questions are"} unanswered and will count as wrong.` : "";
      if (!window.confirm(`This is your last attempt: after it you cannot change your answers.${blanks} Submit now?`)) return;
    }
    setResult(null);
    submit.mutate({ itemId: quiz.itemId, answers: Object.fromEntries(Object.entries(answers).filter(([, v]) => v.trim() !== "")) });
  };

  const best = quiz.attempts.reduce<number | null>((m, x) => (x.total > 0 ? Math.max(m ?? 0, x.correct / x.total) : m), null);

  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title={`Quiz: ${quiz.moduleTitle}`}
        description={
          <p>
            Graded in <strong className="text-ink">{quiz.assignmentTitle}</strong>, worth {formatPoints(quiz.points)} points. Answer every question, then
            submit: each submission is one attempt.
          </p>
        }
        actions={
          <ButtonLink href={assignmentHref} variant="secondary">
            Back to the assignment
          </ButtonLink>
        }
      />

      <div className="grid gap-4 sm:grid-cols-3">
        <Card>
          <p className="text-sm text-muted">Attempts</p>
          <p className="mt-1 text-2xl font-bold tabular-nums" data-testid="quiz-attempts-used">
            {used} of {quiz.attemptsAllowed} used
          </p>
          <p className="mt-1 text-sm text-slate-700">{left === 0 ? "No attempts left." : `${left} ${left === 1 ? "attempt" : "attempts"} left.`}</p>
        </Card>
        <Card tone={late ? "amber" : "default"}>
          <p className="text-sm text-muted">{notOpen ? "Opens in" : closed ? "Closed" : late ? "Late window closes in" : "Due in"}</p>
          <p className="mt-1 text-2xl font-bold">
            {notOpen ? (
              <Countdown target={quiz.openAt!} timeZone={timeZone} />
            ) : closed ? (
              "—"
            ) : (
              <Countdown target={late ? quiz.closesAt : quiz.dueAt} timeZone={timeZone} />
            )}
          </p>
          <p className="mt-1 text-sm text-slate-700">
            Due <ZonedTime date={quiz.dueAt} timeZone={timeZone} />
          </p>
        </Card>
        <Card>
          <p className="text-sm text-muted">Correct answers shown</p>
          <p className="mt-1 text-sm text-slate-700">{ANSWERS_SHOWN_LABEL[quiz.answersShownWhen]}</p>
          {best !== null && <p className="mt-2 text-sm">Best attempt so far: {formatPoints(best * 100)} % correct</p>}
        </Card>
      </div>

      {quiz.attempts.length > 0 && (
        <section aria-labelledby="attempts-heading" className="mt-6">
          <h2 id="attempts-heading" className="mb-2 text-lg font-semibold">
            Your attempts
          </h2>
          <ol className="divide-y divide-line rounded-xl border border-line bg-white shadow-sm" data-testid="quiz-attempt-list">
            {quiz.attempts.map((attempt, i) => (
              <li key={attempt.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2.5 text-sm">
                <span>
                  Attempt {i + 1}, <ZonedTime date={attempt.createdAt} timeZone={timeZone} />
                  {attempt.createdAt > quiz.dueAt && <Badge className="ml-2 border-amber-300 bg-amber-50 text-amber-900">late</Badge>}
                </span>
                <span className="font-medium tabular-nums">
                  {attempt.correct} of {attempt.total} correct
                </span>
              </li>
            ))}
          </ol>
        </section>
      )}

      <div ref={resultRef} tabIndex={-1} aria-live="polite" className="mt-6 outline-none">
        {result && (
          <Card tone={result.correct === result.total ? "brand" : "default"} data-testid="quiz-result">
            <h2 className="text-lg font-semibold">
              Score: {result.correct} of {result.total} correct
            </h2>
            <p className="mt-1 text-sm text-slate-700">
              Attempt {result.attemptsUsed} of {result.attemptsUsed + result.attemptsLeft}.{" "}
              {result.attemptsLeft > 0 ? `${result.attemptsLeft} ${result.attemptsLeft === 1 ? "attempt" : "attempts"} left.` : "That was your last attempt."}{" "}
              {result.answers ? "The correct answers and explanations are shown below." : "Each question below says whether your answer was correct."}
            </p>
          </Card>
        )}
      </div>

      {blocked && (
        <p className="mt-6 rounded-md border border-line bg-white px-4 py-3 text-sm text-slate-700" data-testid="quiz-blocked">
          {blocked}
        </p>
      )}

      <form onSubmit={onSubmit} className="mt-6" noValidate>
        <ol className="space-y-4">
          {quiz.questions.map((q, i) => (
            <li key={q.id}>
              <QuestionCard
                number={i + 1}
                question={q}
                value={answers[q.id] ?? ""}
                onChange={(value) => setAnswers((a) => ({ ...a, [q.id]: value }))}
                disabled={!!blocked || submit.isPending}
                correct={outcome.get(q.id)}
                revealed={revealed.get(q.id)}
              />
            </li>
          ))}
        </ol>
        {!blocked && (
          <div className="mt-6 flex flex-wrap items-center gap-3">
            <Button type="submit" disabled={submit.isPending || unreadable.length > 0} data-testid="quiz-submit">
              {submit.isPending ? "Submitting…" : left === 1 ? "Submit my last attempt" : `Submit attempt ${used + 1} of ${quiz.attemptsAllowed}`}
            </Button>
            {unreadable.length > 0 ? (
              <p className="text-sm text-red-700">Fix the answers GenLab cannot read as numbers first.</p>
            ) : (
              blank.length > 0 && (
                <p className="text-sm text-muted">
                  {blank.length} {blank.length === 1 ? "question is" : "questions are"} unanswered: {blank.length === 1 ? "it counts" : "they count"} as wrong.
                </p>
              )
            )}
            {submit.error && <Alert className="w-full">Your attempt was not recorded: {errorMessage(submit.error)}</Alert>}
          </div>
        )}
      </form>
    </>
  );
}

function QuestionCard({
  number,
  question,
  value,
  onChange,
  disabled,
  correct,
  revealed,
}: {
  number: number;
  question: Question;
  value: string;
  onChange: (value: string) => void;
  disabled: boolean;
  correct: boolean | undefined;
  revealed: { answer: string; explanation: string } | undefined;
}) {
  const id = useId();
  const unreadable = question.kind === "numeric" && value.trim() !== "" && parseNumericAnswer(value) === null;
  return (
    <Card className={`p-4 ${correct === true ? "border-emerald-300" : correct === false ? "border-amber-300" : ""}`} data-testid={`quiz-question-${number}`}>
      <fieldset disabled={disabled}>
        <legend className="font-medium">
          {number}. <MathText text={question.prompt} />
        </legend>
        {question.kind === "choice" ? (
          <div className="mt-3 space-y-1" role="radiogroup" aria-label={`Answers to question ${number}`}>
            {question.choices.map((text, index) => (
              <label key={index} className="flex cursor-pointer items-start gap-2 rounded-md px-2 py-1 hover:bg-canvas">
                <input
                  type="radio"
                  name={`${id}-choice`}
                  className="mt-1"
                  value={String(index)}
                  checked={value === String(index)}
                  onChange={() => onChange(String(index))}
                />
                <span>
                  <MathText text={text} />
                </span>
              </label>
            ))}
          </div>
        ) : (
          <div className="mt-3">
            <label htmlFor={`${id}-numeric`} className="block text-sm font-medium">
              Your answer
            </label>
            <input
              id={`${id}-numeric`}
              inputMode="decimal"
              autoComplete="off"
              className="mt-1 w-48 rounded-md border border-slate-300 bg-white px-3 py-1.5 shadow-sm aria-invalid:border-red-500"
              value={value}
              onChange={(e) => onChange(e.target.value)}
              aria-invalid={unreadable}
              aria-describedby={`${id}-hint${unreadable ? ` ${id}-problem` : ""}`}
              maxLength={64}
              data-testid={`quiz-numeric-${number}`}
            />
            <p id={`${id}-hint`} className="mt-1 text-xs text-muted">
              Write a number, {NUMERIC_HINT}
              {question.tolerance !== null ? `; ${describeTolerance(question.tolerance)}` : ""}.
            </p>
            {unreadable && (
              <p id={`${id}-problem`} className="mt-1 text-sm text-red-700">
                GenLab cannot read “{value}” as a number.
              </p>
            )}
          </div>
        )}
      </fieldset>
      {(correct !== undefined || revealed) && (
        <div className="mt-3 space-y-2 text-sm">
          {correct !== undefined && (
            <p
              className={`rounded-md px-3 py-2 ${correct ? "bg-emerald-50 text-emerald-900" : "bg-amber-50 text-amber-900"}`}
              data-testid={`quiz-outcome-${number}`}
            >
              <strong>{correct ? "Correct." : "Not correct."}</strong>
            </p>
          )}
          {revealed && (
            <p className="rounded-md bg-slate-100 px-3 py-2 text-slate-800" data-testid={`quiz-answer-${number}`}>
              <strong>
                Answer: <MathText text={revealed.answer} />.
              </strong>{" "}
              <MathText text={revealed.explanation} />
            </p>
          )}
        </div>
      )}
    </Card>
  );
}
