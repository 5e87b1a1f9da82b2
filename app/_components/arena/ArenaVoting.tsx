"use client";
import { useCallback, useEffect, useState } from "react";
import { parsePreviewJson } from "@/app/_components/arena/ArenaResultsTable";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { PreviewThumbnail } from "@/app/_components/SampleThumbnail";
import { Loading } from "@/app/_components/Spinner";
import { errorMessage } from "@/app/_lib/errors";
import { api } from "@/app/_trpc/react";
import { ARENA_LIMITS, ARENA_OUTCOME_LABELS, type ArenaOutcome, type ArenaPair } from "@/lib/arena/types";

/** Keys that vote, so a lecture hall can judge pair after pair without the mouse. */
const KEYS: Record<string, ArenaOutcome> = { ArrowLeft: "LEFT", ArrowRight: "RIGHT", t: "TIE", b: "BOTH_BAD" };
const KEY_HINTS: Record<ArenaOutcome, string> = { LEFT: "←", RIGHT: "→", TIE: "T", BOTH_BAD: "B" };

/**
 * Two entries' samples side by side, anonymised, and the four answers. The server serves the pair
 * (never the voter's own entry) and refuses a vote sooner than ARENA_LIMITS.minLookMs after it.
 */
export function ArenaVoting({ arenaId, exerciseSlug, onVoted }: { arenaId: string; exerciseSlug: string; onVoted?: () => void }) {
  const next = api.arena.next.useMutation();
  const vote = api.arena.vote.useMutation();
  const [pair, setPair] = useState<ArenaPair | null | undefined>(undefined);
  // The match whose look time has passed: the buttons wake for it (a new pair puts them to sleep again).
  const [readyFor, setReadyFor] = useState<string | null>(null);
  const [votesGiven, setVotesGiven] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const busy = next.isPending || vote.isPending;
  const ready = !!pair && readyFor === pair.matchId;

  const ask = useCallback(() => {
    next.mutate(
      { arenaId },
      {
        onSuccess: (served) => {
          setError(null);
          setPair(served);
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
    // `next` changes identity on every render; asking again is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [arenaId]);

  useEffect(ask, [ask]);

  // The buttons wake once the server would take a vote: counted from when the pair arrived here.
  useEffect(() => {
    if (!pair) return;
    const timer = setTimeout(() => setReadyFor(pair.matchId), ARENA_LIMITS.minLookMs);
    return () => clearTimeout(timer);
  }, [pair]);

  const cast = useCallback(
    (outcome: ArenaOutcome) => {
      if (!pair || !ready || busy) return;
      vote.mutate(
        { matchId: pair.matchId, outcome },
        {
          onSuccess: () => {
            setVotesGiven((n) => n + 1);
            setStatus(`Vote recorded: ${ARENA_OUTCOME_LABELS[outcome].toLowerCase()}. Next pair.`);
            onVoted?.();
            ask();
          },
          onError: (e) => setError(errorMessage(e)),
        },
      );
    },
    [pair, ready, busy, vote, ask, onVoted],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.altKey || event.ctrlKey || event.metaKey || target?.closest("input, textarea, select, [contenteditable]")) return;
      const outcome = KEYS[event.key];
      if (!outcome) return;
      event.preventDefault();
      cast(outcome);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [cast]);

  if (pair === undefined && !error) return <Loading label="Finding a pair for you…" />;
  return (
    <section aria-labelledby="arena-question" data-testid="arena-voting">
      <h2 id="arena-question" className="text-lg font-semibold">
        Which looks more like real data?
      </h2>
      <p className="mt-1 text-sm text-muted">
        Two classmates&apos; samples, names hidden (never your own). Judge the samples, not a score: ratings come from everyone&apos;s votes. Keys: ← left, →
        right, T about the same, B both bad.
      </p>
      {error && (
        <p role="alert" className="mt-3 rounded-md bg-red-50 p-3 text-sm text-red-900">
          {error}{" "}
          <button type="button" className="underline" onClick={ask}>
            Try again
          </button>
        </p>
      )}
      {pair === null && (
        <Card className="mt-4 p-4 text-sm" data-testid="arena-done">
          You have judged every pair there is for you in this arena. Thank you!
        </Card>
      )}
      {pair && (
        <>
          <div className="mt-4 grid grid-cols-2 gap-3 sm:gap-6">
            {(["left", "right"] as const).map((side) => (
              <figure key={`${pair.matchId}-${side}`} className="flex flex-col items-center">
                <PreviewThumbnail preview={parsePreviewJson(pair[side].previewJson)} exerciseSlug={exerciseSlug} who={`the ${side} entry`} size={260} />
                <figcaption className="mt-1 text-sm font-medium">{side === "left" ? "Left" : "Right"}</figcaption>
              </figure>
            ))}
          </div>
          <div className="mt-4 grid grid-cols-2 gap-2 sm:grid-cols-4">
            {(["LEFT", "RIGHT", "TIE", "BOTH_BAD"] as const).map((outcome) => (
              <Button
                key={outcome}
                variant={outcome === "LEFT" || outcome === "RIGHT" ? "primary" : "secondary"}
                disabled={!ready || busy}
                onClick={() => cast(outcome)}
                aria-keyshortcuts={outcome === "LEFT" ? "ArrowLeft" : outcome === "RIGHT" ? "ArrowRight" : KEY_HINTS[outcome]}
              >
                <span aria-hidden="true" className="font-mono opacity-70">
                  {KEY_HINTS[outcome]}
                </span>
                {ARENA_OUTCOME_LABELS[outcome]}
              </Button>
            ))}
          </div>
          {!ready && <p className="mt-2 text-xs text-muted">Look at both for a moment: the buttons wake in {ARENA_LIMITS.minLookMs / 1000} s.</p>}
        </>
      )}
      <p className="mt-3 text-sm text-muted" data-testid="arena-votes-given">
        {votesGiven === 0 ? "No votes from you yet on this page." : `${votesGiven} ${votesGiven === 1 ? "vote" : "votes"} from you on this page.`}
      </p>
      <p aria-live="polite" className="sr-only">
        {status}
      </p>
    </section>
  );
}
