// A revealed live poll does not stay on a student's screen forever: the student can hide it, and it
// goes when the instructor moves on (another module, the lobby, or a new timed round).
import "./ignore-css";
import assert from "node:assert/strict";
import { test } from "node:test";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { movedOnSince, revealIn, studentSeesPoll } from "@/app/_lib/live-poll";
import type { LivePollPublic, LivePublicState, LiveRoundPublic } from "@/lib/live/types";

const { StudentPollCard } = await import("@/app/_components/live/PollCard");

type State = Pick<LivePublicState, "poll" | "moduleSlug" | "round">;
const poll = (status: LivePollPublic["status"], id = "p1"): LivePollPublic => ({
  id,
  prompt: "Which metric exposes mode collapse?",
  choices: ["Modes covered", "High quality"],
  status,
  correctIndex: status === "REVEALED" ? 0 : null,
  counts: status === "REVEALED" ? [3, 1] : null,
});
const round = (id: string): LiveRoundPublic => ({
  id,
  exerciseSlug: "gan-ring",
  exerciseTitle: "GAN on the ring",
  startsAt: 0,
  endsAt: 60_000,
  resultsAt: null,
  standings: null,
  entrants: null,
});
const state = (over: Partial<State>): State => ({ poll: poll("REVEALED"), moduleSlug: "gan", round: null, ...over });

test("open and closed polls always show; a revealed one until hidden", () => {
  assert.equal(studentSeesPoll(state({ poll: null }), null, null), false);
  assert.equal(studentSeesPoll(state({ poll: poll("OPEN") }), null, "p1"), true, "hiding applies to the revealed poll only");
  assert.equal(studentSeesPoll(state({ poll: poll("CLOSED") }), null, null), true);
  const revealed = state({});
  assert.equal(studentSeesPoll(revealed, revealIn(revealed), null), true);
  assert.equal(studentSeesPoll(revealed, revealIn(revealed), "p1"), false, "hidden by the student");
  assert.equal(studentSeesPoll(state({ poll: poll("OPEN", "p2") }), revealIn(revealed), "p1"), true, "the next poll shows again");
});

test("a revealed poll goes when the instructor moves on: another module, the lobby, a new round", () => {
  const atReveal = state({ round: round("r1") });
  const reveal = revealIn(atReveal)!;
  assert.deepEqual(reveal, { pollId: "p1", moduleSlug: "gan", roundId: "r1" });
  assert.equal(studentSeesPoll(atReveal, reveal, null), true);
  assert.equal(studentSeesPoll(state({ moduleSlug: "gan", round: { ...round("r1"), resultsAt: 5 } }), reveal, null), true, "the same round's results");
  assert.equal(studentSeesPoll(state({ moduleSlug: "autoencoders-vae", round: round("r1") }), reveal, null), false, "another module");
  assert.equal(studentSeesPoll(state({ moduleSlug: null, round: round("r1") }), reveal, null), false, "back to the lobby");
  assert.equal(studentSeesPoll(state({ round: round("r2") }), reveal, null), false, "a new round");
  assert.equal(movedOnSince(reveal, state({ round: null })), false, "a round cleared is not a new activity");
  assert.equal(revealIn(state({ poll: poll("CLOSED") })), null);
});

test("the revealed poll card offers to hide it; the open one does not", () => {
  const props = { myAnswer: 0, onAnswer: () => {}, pending: false, error: null, onDismiss: () => {} };
  assert.match(renderToStaticMarkup(createElement(StudentPollCard, { ...props, poll: poll("REVEALED") })), /data-testid="poll-dismiss"[^>]*>Hide this poll</);
  assert.doesNotMatch(renderToStaticMarkup(createElement(StudentPollCard, { ...props, poll: poll("OPEN") })), /poll-dismiss/);
});
