"use client";
import { createContext, useContext } from "react";
import type { LiveProgress } from "@/lib/realtime/protocol";

export type TrainerReport = Omit<LiveProgress, "sessionId" | "exerciseSlug">;

/**
 * Set by the live-session page around the trainer of a timed round: the trainer reports its
 * progress (the link throttles it to about once a second) and the submit panel submits for the round.
 */
export interface LiveRoundLink {
  roundId: string;
  /** False once the round's time is up (by the server's clock). */
  open: boolean;
  report: (progress: TrainerReport) => void;
  /** After a submission for the round was stored (the page refreshes "your submissions"). */
  submitted: () => void;
}

export const LiveRoundContext = createContext<LiveRoundLink | null>(null);

/** The round this trainer is part of, or null on the ordinary exercise page. */
export function useLiveRound(): LiveRoundLink | null {
  return useContext(LiveRoundContext);
}
