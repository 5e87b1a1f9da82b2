/**
 * When a student's screen shows the live session's poll. An open or closed poll always shows (it
 * waits for an answer, then for the reveal). A revealed poll shows until the student hides it, or
 * until the instructor moves on: the class goes to another module (or back to the lobby), or a new
 * timed round starts. The server keeps the last poll in the state until the next one replaces it,
 * so "moved on" is measured against where the class was when this screen first saw the reveal.
 */
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
