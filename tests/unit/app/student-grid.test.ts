// The instructor's live grid during a round shows each student's report of the round's exercise
// sent since the round began: a report from another exercise page, or left from the last round, is
// not their progress.
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

function iterationsShown(round: { exerciseSlug: string; startsAt: number } | null): string[] {
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
      round,
    }),
  );
  return [...html.matchAll(/data-testid="grid-iteration">([^<]*)</g)].map((m) => m[1]);
}

test("during a round only reports of its exercise since it started count on the grid; outside rounds every report shows", () => {
  assert.deepEqual(iterationsShown({ exerciseSlug: "gmm-em", startsAt: 500 }), ["1,234", "–"], "Bob's gan-ring report is not progress in a gmm-em round");
  assert.deepEqual(iterationsShown({ exerciseSlug: "gmm-em", startsAt: 1500 }), ["–", "–"], "Ann's report came before this round began");
  assert.deepEqual(iterationsShown(null), ["1,234", "567"]);
});
