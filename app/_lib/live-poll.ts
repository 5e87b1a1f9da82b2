/**
 * When a student's screen shows the live session's poll. An open or closed poll always shows (it
 * waits for an answer, then for the reveal). A revealed poll shows until the student hides it, or
 * until the instructor moves on: the class goes to another module (or back to the lobby), or a new
 * timed round starts. The server keeps the last poll in the state until the next one replaces it,
 * so "moved on" is measured against where the class was when this screen first saw the reveal.
 */
import { z } from "zod";
import type { LivePublicState } from "@/lib/live/types";

type PollState = Pick<LivePublicState, "poll" | "moduleSlug" | "round">;

/** Where the class was when a poll's answer was first seen revealed. */
export interface PollReveal {
  pollId: string;
  moduleSlug: string | null;
  roundId: string | null;
}

/** The reveal this snapshot shows, if any. */
export function revealIn(state: PollState): PollReveal | null {
  return state.poll?.status === "REVEALED" ? { pollId: state.poll.id, moduleSlug: state.moduleSlug, roundId: state.round?.id ?? null } : null;
}

/** The instructor has moved on since the reveal: another module, or a new round. */
export function movedOnSince(reveal: PollReveal, state: PollState): boolean {
  return state.moduleSlug !== reveal.moduleSlug || (state.round !== null && state.round.id !== reveal.roundId);
}

/**
 * Whether the student sees the poll. `reveal` is the first reveal this screen saw (revealIn of an
 * earlier snapshot); `dismissedPollId` the poll the student hid.
 */
export function studentSeesPoll(state: PollState, reveal: PollReveal | null, dismissedPollId: string | null): boolean {
  const poll = state.poll;
  if (!poll) return false;
  if (poll.status !== "REVEALED") return true;
  if (poll.id === dismissedPollId) return false;
  return !(reveal?.pollId === poll.id && movedOnSince(reveal, state));
}

/** What a tab remembers of a live session's polls, so a reload neither brings back a hidden poll nor an old reveal. */
export interface PollMemory {
  reveal: PollReveal | null;
  dismissedPollId: string | null;
}

const NO_MEMORY: PollMemory = { reveal: null, dismissedPollId: null };
const id = z.string().max(64);
const pollMemorySchema = z.object({
  reveal: z.object({ pollId: id, moduleSlug: id.nullable(), roundId: id.nullable() }).nullable(),
  dismissedPollId: id.nullable(),
});
const memoryKey = (sessionId: string) => `genlab:live-poll:${sessionId}`;

/** The tab's memory of the session's polls (sessionStorage: it lasts as long as the tab); anything unreadable counts as none. */
export function recallPollMemory(sessionId: string, storage?: Pick<Storage, "getItem">): PollMemory {
  try {
    // Read inside the try: where storage is blocked, merely touching sessionStorage throws.
    const parsed = pollMemorySchema.safeParse(JSON.parse((storage ?? globalThis.sessionStorage)?.getItem(memoryKey(sessionId)) ?? "null"));
    return parsed.success ? parsed.data : NO_MEMORY;
  } catch {
    return NO_MEMORY; // storage refused (some private modes) or not JSON
  }
}

export function keepPollMemory(sessionId: string, memory: PollMemory, storage?: Pick<Storage, "setItem">): void {
  try {
    (storage ?? globalThis.sessionStorage)?.setItem(memoryKey(sessionId), JSON.stringify(memory));
  } catch {
    // Storage refused or full: the memory lasts as long as the page.
  }
}
