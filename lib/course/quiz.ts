/**
 * Quiz questions are data. Answers and explanations stay on the server until a student has
 * answered: pages receive `PublicQuestion`s through tRPC and the server grades each answer.
 *
 * Prompts, choices and explanations are plain text (Unicode math such as “σ(ℓ)” reads fine); inline
 * TeX goes between dollars, `$\mu_k$`, and is typeset by the pages (app/_components/MathText.tsx;
 * the rules, `\$` for a literal dollar included, are in app/_lib/inline-math.ts). Live polls opened
 * from a quiz question, and typed ones, follow the same rule.
 */
export type QuizQuestion =
  | {
      id: string;
      kind: "choice";
      prompt: string;
      choices: string[];
      /** Index into `choices`. */
      answer: number;
      explanation: string;
    }
  | {
      id: string;
      kind: "numeric";
      prompt: string;
      answer: number;
      /** Accepted absolute error. */
      tolerance: number;
      explanation: string;
    };

export type PublicQuestion =
  | Omit<Extract<QuizQuestion, { kind: "choice" }>, "answer" | "explanation">
  | Omit<Extract<QuizQuestion, { kind: "numeric" }>, "answer" | "tolerance" | "explanation">;

export function publicQuestion(question: QuizQuestion): PublicQuestion {
  if (question.kind === "choice") return { id: question.id, kind: "choice", prompt: question.prompt, choices: question.choices };
  return { id: question.id, kind: "numeric", prompt: question.prompt };
}

/** Grades one answer: a choice index, or a number within the question's tolerance. */
export function isCorrect(question: QuizQuestion, answer: number): boolean {
  if (!Number.isFinite(answer)) return false;
  if (question.kind === "choice") return answer === question.answer;
  return Math.abs(answer - question.answer) <= question.tolerance;
}

/**
 * Typed numeric answers ("0.25", ".25", "0,25", "1/4", "−1 / 4", "2.5e-3", "25%") are read by the one
 * parser the graded quizzes use; null when the text is not a number (or is ambiguous).
 */
export { looksLikeThousands, parseNumericAnswer } from "../grading/answers";

/** What a numeric answer field says it accepts. */
export const NUMERIC_ANSWER_HINT = "A number or a fraction, e.g. 0.25 or 1/4";

/** The correct answer in words: the right choice, or the number (a whole number in full, else to 6 significant digits). */
export function answerText(question: QuizQuestion): string {
  if (question.kind === "choice") return question.choices[question.answer];
  return Number.isInteger(question.answer) ? String(question.answer) : String(Number(question.answer.toPrecision(6)));
}
