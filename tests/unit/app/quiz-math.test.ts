// Module quizzes and graded quizzes typeset the `$…$` math of their questions, choices and
// explanations (app/_components/MathText.tsx): no raw TeX reaches the student. Rendered on the
// server from a filled query cache, the way a page hydrates.
import "./ignore-css";
import assert from "node:assert/strict";
import { test } from "node:test";
import { getQueryKey } from "@trpc/react-query";
import { createElement } from "react";
import { renderWithTrpc } from "./render-with-trpc";

const { api } = await import("@/app/_trpc/react");
const { ModuleQuiz } = await import("@/app/_components/course/ModuleQuiz");
const { GradedQuizView } = await import("@/app/courses/[courseId]/assignments/[assignmentId]/quiz/[itemId]/GradedQuizView");

const katexCount = (html: string) => (html.match(/class="katex"/g) ?? []).length;

test("a module quiz typesets its questions, choices and explanations", () => {
  const input = { courseId: "c1", moduleSlug: "gmm-em" };
  const quiz = {
    gradedIn: null,
    passed: false,
    questions: [
      {
        id: "q1",
        kind: "choice",
        prompt: String.raw`What does $\mu_k$ estimate?`,
        choices: [String.raw`$\mathbb{E}[x \mid z_k = 1]$`, "The weight"],
        solved: true,
        explanation: String.raw`The mean of component $k$.`,
      },
      { id: "q2", kind: "numeric", prompt: String.raw`With $K = 3$, how many weights are free?`, solved: false, explanation: null },
    ],
  };
  const html = renderWithTrpc(createElement(ModuleQuiz, input), [[getQueryKey(api.progress.quiz, input, "query"), quiz]]);
  assert.doesNotMatch(html, /\$/, "no raw TeX left");
  assert.equal(katexCount(html), 4, "prompt, choice, explanation of q1; prompt of q2");
  assert.match(html, /The weight/);
  assert.match(html, /data-testid="quiz-status"/);
});

test("a graded quiz typesets its questions, choices and revealed answers", () => {
  const quiz = {
    itemId: "i1",
    assignmentId: "a1",
    assignmentTitle: "Week 3",
    moduleSlug: "gmm-em",
    moduleTitle: "Gaussian mixtures and EM",
    points: 10,
    openAt: null,
    dueAt: new Date("2099-01-01T00:00:00Z"),
    closesAt: new Date("2099-01-02T00:00:00Z"),
    attemptsAllowed: 3,
    answersShownWhen: "AFTER_DUE",
    attempts: [],
    questions: [
      { id: "q1", kind: "choice", prompt: String.raw`Which update gives $\pi_k$?`, choices: [String.raw`$N_k / N$`, "None"], tolerance: null },
      { id: "q2", kind: "numeric", prompt: String.raw`What is $\ln 1$?`, tolerance: 0 },
    ],
    answers: [
      { id: "q1", answer: String.raw`$N_k / N$`, explanation: String.raw`Responsibilities sum to $N_k$.` },
      { id: "q2", answer: "0", explanation: "By definition." },
    ],
  };
  const course = { id: "c1", title: "GenAI", role: "STUDENT", timeZone: "UTC", modules: [] };
  const html = renderWithTrpc(createElement(GradedQuizView, { courseId: "c1", assignmentId: "a1", itemId: "i1" }), [
    [getQueryKey(api.assignment.quiz, { itemId: "i1" }, "query"), quiz],
    [getQueryKey(api.course.get, { courseId: "c1" }, "query"), course],
  ]);
  assert.match(html, /data-testid="quiz-question-1"/, "the questions rendered");
  assert.doesNotMatch(html, /\$/, "no raw TeX left");
  // q1: prompt, choice, answer, explanation; q2: prompt.
  assert.equal(katexCount(html), 5);
});
