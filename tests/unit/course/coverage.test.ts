// Every module of the course teaches (its text and a quiz), pictures (a diagram or a widget) and
// practises (a widget or an exercise). The table itself: `npx tsx scripts/course-coverage.ts`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { courseCoverage } from "@/scripts/course-coverage";

for (const module of courseCoverage()) {
  test(`${module.slug}: text, a quiz, a picture and practice`, () => {
    assert.ok(module.words >= 400, `${module.words} words of text`);
    assert.ok(module.quizQuestions >= 3, `${module.quizQuestions} quiz questions`);
    assert.ok(module.diagrams.length + module.widgets.length > 0, "a diagram or a widget");
    assert.ok(module.widgets.length + module.exercises.length > 0, "a widget or an exercise");
  });
}
