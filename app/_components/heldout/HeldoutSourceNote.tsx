"use client";
import { absoluteTime } from "@/app/_lib/format";
import { api } from "@/app/_trpc/react";
import { courseHeldoutFormat } from "@/lib/course/heldout";

/** The course's held-out set of an exercise (nothing to ask for exercises without held-out data). */
export function useHeldoutDescription(courseId: string, exerciseSlug: string) {
  return api.heldout.describe.useQuery({ courseId, exerciseSlug }, { enabled: courseHeldoutFormat(exerciseSlug) !== undefined });
}

/**
 * One line under an exercise's data description: whether the course scores it on the public default
 * held-out set or on private data its instructor uploaded, and how that set is split. Nothing for
 * exercises without held-out data.
 */
export function HeldoutSourceNote({ heldout: h }: { heldout: ReturnType<typeof useHeldoutDescription>["data"] }) {
  if (!h) return null;
  const count = (n: number) => `${n.toLocaleString("en-US")} ${n === 1 ? h.entry.one : h.entry.many}`;
  const reveal = h.privateRevealed
    ? "its results are on the private leaderboard now"
    : h.revealAt
      ? `its results show after ${absoluteTime(h.revealAt)}`
      : "its results show after the due date";
  return (
    <p className="mt-1 text-sm" data-testid="heldout-source">
      <span className="font-medium">Held-out data:</span>{" "}
      {h.source === "uploaded" ? "private to this course, uploaded by your instructor" : "the public default set above"} (
      {count(h.publicEntries + h.privateEntries)}). The leaderboard ranks the public part ({count(h.publicEntries)}); the private part (
      {count(h.privateEntries)}) is scored too, and {reveal}.
    </p>
  );
}
