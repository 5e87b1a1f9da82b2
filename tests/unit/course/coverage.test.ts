// Every module of the course teaches (its text and a quiz), pictures (a diagram or a widget) and
// practises (a widget or an exercise). The table itself: `npx tsx scripts/course-coverage.ts`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { courseCoverage } from "@/scripts/course-coverage";

/**
 * Modules whose exercise is still being built (issue 17): they have text, a diagram and a quiz now.
 * Listed so the test notices when the exercise arrives and the entry should go.
 */
const EXERCISE_TO_COME = new Set(["adversarial-autoencoders", "image-to-image-translation"]);

for (const module of courseCoverage()) {
  test(`${module.slug}: text, a quiz, a picture and practice`, () => {
    assert.ok(module.words >= 400, `${module.words} words of text`);
    assert.ok(module.quizQuestions >= 3, `${module.quizQuestions} quiz questions`);
    assert.ok(module.diagrams.length + module.widgets.length > 0, "a diagram or a widget");
    const practice = module.widgets.length + module.exercises.length > 0;
    if (EXERCISE_TO_COME.has(module.slug)) assert.equal(practice, false, "its exercise arrived: take it off EXERCISE_TO_COME");
    else assert.ok(practice, "a widget or an exercise");
  });
}
