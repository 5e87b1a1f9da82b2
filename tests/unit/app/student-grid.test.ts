// The instructor's live grid during a round shows each student's report of the round's exercise
// only: a report from another exercise page (or left from the last round) is not their progress.
import "./ignore-css";
import assert from "node:assert/strict";
import { test } from "node:test";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { LiveGridEntry } from "@/lib/realtime/protocol";

const { StudentGrid } = await import("@/app/_components/live/StudentGrid");

const participant = (userId: string, name: string) => ({ userId, name, email: `${userId}@example.org`, joinedAt: 0, points: 0 });
const report = (userId: string, exerciseSlug: string, iteration: number): LiveGridEntry => ({
  userId,
  name: userId,
  exerciseSlug,
  backend: "wasm",
  iteration,
  losses: {},
  at: 1000,
});

function iterationsShown(roundExerciseSlug: string | null): string[] {
  const html = renderToStaticMarkup(
    createElement(StudentGrid, {
      participants: [participant("ann", "Ann"), participant("bob", "Bob")],
      tiles: new Map([
        ["ann", report("ann", "gmm-em", 1234)],
        ["bob", report("bob", "gan-ring", 567)],
      ]),
      serverNow: 2000,
      spotlightUserId: null,
      onSpotlight: () => {},
      submittedUserIds: new Set<string>(),
      roundExerciseSlug,
    }),
  );
  return [...html.matchAll(/data-testid="grid-iteration">([^<]*)</g)].map((m) => m[1]);
}

test("during a round only the round's exercise counts on the grid; outside rounds every report shows", () => {
  assert.deepEqual(iterationsShown("gmm-em"), ["1,234", "–"], "Bob's gan-ring report is not progress in a gmm-em round");
  assert.deepEqual(iterationsShown(null), ["1,234", "567"]);
});
