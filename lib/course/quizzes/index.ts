// Server-only: quiz answers. Pages get questions through tRPC (publicQuestion), never this module.
import type { QuizQuestion } from "../quiz";
import { ganQuiz } from "./gan";

export const QUIZZES: Readonly<Record<string, QuizQuestion[]>> = {
  gan: ganQuiz,
};
