// A revealed live poll does not stay on a student's screen forever: the student can hide it, and it
// goes when the instructor moves on (another module, the lobby, or a new timed round).
import "./ignore-css";
import assert from "node:assert/strict";
import { test } from "node:test";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { keepPollMemory, movedOnSince, recallPollMemory, revealIn, studentSeesPoll } from "@/app/_lib/live-poll";
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
  kind: "training",
  arenaId: null,
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

test("a reload remembers the hidden poll and where the class was at the reveal (per session, in the tab's storage)", () => {
  const tab = new Map<string, string>();
  const storage = { getItem: (k: string) => tab.get(k) ?? null, setItem: (k: string, v: string) => void tab.set(k, v) };
  const atReveal = state({});
  keepPollMemory("s1", { reveal: revealIn(atReveal), dismissedPollId: "p1" }, storage);
  const reloaded = recallPollMemory("s1", storage);
  assert.equal(studentSeesPoll(atReveal, reloaded.reveal, reloaded.dismissedPollId), false, "the hidden poll stays hidden");

  keepPollMemory("s1", { reveal: revealIn(atReveal), dismissedPollId: null }, storage);
  const movedOn = state({ moduleSlug: "hmm" }); // the server still holds the revealed poll
  const remembered = recallPollMemory("s1", storage);
  assert.equal(studentSeesPoll(movedOn, remembered.reveal, remembered.dismissedPollId), false, "the class moved on before the reload");
  assert.equal(studentSeesPoll(movedOn, revealIn(movedOn), null), true, "without the memory the old reveal would come back");

  assert.deepEqual(recallPollMemory("s2", storage), { reveal: null, dismissedPollId: null }, "another session starts afresh");
  tab.set("genlab:live-poll:s3", "{not json");
  tab.set("genlab:live-poll:s4", JSON.stringify({ reveal: { pollId: 7 }, dismissedPollId: null }));
  for (const s of ["s3", "s4"]) assert.deepEqual(recallPollMemory(s, storage), { reveal: null, dismissedPollId: null }, `${s}: unreadable is none`);
  const refusing = {
    getItem: () => {
      throw new Error("SecurityError");
    },
    setItem: () => {
      throw new Error("QuotaExceededError");
    },
  };
  assert.doesNotThrow(() => keepPollMemory("s1", { reveal: null, dismissedPollId: "p1" }, refusing));
  assert.deepEqual(recallPollMemory("s1", refusing), { reveal: null, dismissedPollId: null });
  // Where the browser blocks storage, reading globalThis.sessionStorage itself throws.
  const blocked = Object.getOwnPropertyDescriptor(globalThis, "sessionStorage");
  Object.defineProperty(globalThis, "sessionStorage", {
    configurable: true,
    get() {
      throw new Error("SecurityError: access is denied");
    },
  });
  try {
    assert.deepEqual(recallPollMemory("s1"), { reveal: null, dismissedPollId: null });
    assert.doesNotThrow(() => keepPollMemory("s1", { reveal: null, dismissedPollId: "p1" }));
  } finally {
    if (blocked) Object.defineProperty(globalThis, "sessionStorage", blocked);
    else delete (globalThis as { sessionStorage?: unknown }).sessionStorage;
  }
});

test("the revealed poll card offers to hide it; the open one does not", () => {
  const props = { myAnswer: 0, onAnswer: () => {}, pending: false, error: null, onDismiss: () => {} };
  assert.match(renderToStaticMarkup(createElement(StudentPollCard, { ...props, poll: poll("REVEALED") })), /data-testid="poll-dismiss"[^>]*>Hide this poll</);
  assert.doesNotMatch(renderToStaticMarkup(createElement(StudentPollCard, { ...props, poll: poll("OPEN") })), /poll-dismiss/);
});
