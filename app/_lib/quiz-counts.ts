// Server-only (imported by page.tsx server components): how many questions each module's quiz has.
// Only the counts reach the browser; the questions' answers stay on the server.
import { QUIZZES } from "@/lib/course/quizzes";

export function quizQuestionCounts(): Record<string, number> {
  return Object.fromEntries(Object.entries(QUIZZES).map(([slug, questions]) => [slug, questions.length]));
}
