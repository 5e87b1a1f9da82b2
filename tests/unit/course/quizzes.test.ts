// Every module has a well-formed quiz: at least three questions, unique ids, answers that exist.
import assert from "node:assert/strict";
import { test } from "node:test";
import { COURSE_MODULES } from "@/lib/course/modules";
import { isCorrect, publicQuestion } from "@/lib/course/quiz";
import { QUIZZES } from "@/lib/course/quizzes";

test("module slugs are unique", () => {
  const slugs = COURSE_MODULES.map((m) => m.slug);
  assert.equal(new Set(slugs).size, slugs.length);
});

for (const module of COURSE_MODULES) {
  test(`${module.slug}: a quiz of at least three gradable questions`, () => {
    const quiz = QUIZZES[module.slug];
    assert.ok(quiz, "has a quiz");
    assert.ok(quiz.length >= 3, `${quiz.length} questions`);
    assert.equal(new Set(quiz.map((q) => q.id)).size, quiz.length, "question ids are unique");
    for (const q of quiz) {
      assert.match(q.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(q.prompt.trim().length > 10 && q.explanation.trim().length > 10, `${q.id} has a prompt and an explanation`);
      if (q.kind === "choice") {
        assert.ok(q.choices.length >= 2 && Number.isInteger(q.answer) && q.answer >= 0 && q.answer < q.choices.length, `${q.id}: answer is one of the choices`);
        assert.equal(new Set(q.choices).size, q.choices.length, `${q.id}: choices differ`);
        assert.ok(isCorrect(q, q.answer));
        assert.ok(!isCorrect(q, (q.answer + 1) % q.choices.length));
      } else {
        assert.ok(Number.isFinite(q.answer) && q.tolerance >= 0, `${q.id}: numeric answer and tolerance`);
        assert.ok(isCorrect(q, q.answer) && !isCorrect(q, q.answer + 10 * q.tolerance + 1));
      }
      // What the page receives carries no answer.
      const shown = publicQuestion(q) as Record<string, unknown>;
      assert.equal("answer" in shown || "explanation" in shown || "tolerance" in shown, false);
    }
  });
}
