"use client";
import dynamic from "next/dynamic";
import { useEffect, useMemo, useRef, useState } from "react";
import { ArenaVoting } from "@/app/_components/arena/ArenaVoting";
import { Card } from "@/app/_components/Card";
import { Countdown, countdownMilestone, useRemaining } from "@/app/_components/live/Countdown";
import { type LiveRoundLink, LiveRoundContext } from "@/app/_components/live/LiveRoundContext";
import { Podium } from "@/app/_components/live/Podium";
import { StudentPollCard } from "@/app/_components/live/PollCard";
import { SampleThumbnail } from "@/app/_components/SampleThumbnail";
import { Loading } from "@/app/_components/Spinner";
import { formatMetrics } from "@/lib/scoring/metric-text";
import { TRAINERS } from "@/exercises/trainers";
import { inlineMathAsPlainText } from "@/app/_lib/inline-math";
import { keepPollMemory, recallPollMemory, revealIn, studentSeesPoll } from "@/app/_lib/live-poll";
import type { useLiveSession } from "@/app/_lib/useLiveSession";
import { api } from "@/app/_trpc/react";
import { ARENA_RATING_METRIC } from "@/lib/arena/types";
import type { LivePublicState } from "@/lib/live/types";

// The 26 modules' text (and their equations) load only once the class opens a module.
const ModuleReading = dynamic(() => import("@/app/_content/modules/ModuleReading").then((m) => m.ModuleReading), {
  loading: () => <Loading label="Loading the reading…" />,
});

type Live = ReturnType<typeof useLiveSession>;
type LiveData = NonNullable<Live["query"]["data"]>;

function ordinal(n: number) {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : (({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th");
  return `${n}${suffix}`;
}

/** What changed between two snapshots, in words, for the screen reader's polite live region. */
function describeChange(before: LivePublicState, after: LivePublicState, moduleTitle: (slug: string) => string): string | null {
  if (after.moduleSlug !== before.moduleSlug && after.moduleSlug) return `The class moved to ${moduleTitle(after.moduleSlug)}.`;
  if (after.poll && after.poll.id !== before.poll?.id) return `New poll: ${inlineMathAsPlainText(after.poll.prompt)}`;
  if (after.poll?.status === "REVEALED" && before.poll?.status !== "REVEALED") return "The poll's answer is revealed.";
  if (after.poll?.status === "CLOSED" && before.poll?.status === "OPEN") return "The poll is closed.";
  if (after.round && after.round.id !== before.round?.id)
    return after.round.kind === "arena"
      ? `An arena round started: judge classmates' samples for ${after.round.exerciseTitle}.`
      : `A timed round started: ${after.round.exerciseTitle}.`;
  if (after.round?.resultsAt && !before.round?.resultsAt) return "The round's results are in.";
  if (after.spotlight && after.spotlight.userId !== before.spotlight?.userId) return `Spotlight on ${after.spotlight.name}.`;
  if (after.navigationLocked !== before.navigationLocked)
    return after.navigationLocked ? "Your screen now follows the instructor." : "You may browse the modules freely.";
  return null;
}

export function StudentLive({ live, data, modules }: { live: Live; data: LiveData; modules: { slug: string; title: string }[] }) {
  const { state, me } = data;
  const utils = api.useUtils();
  const [announcement, setAnnouncement] = useState("");
  const previous = useRef(state);
  const titleOf = useMemo(() => (slug: string) => modules.find((m) => m.slug === slug)?.title ?? slug, [modules]);

  useEffect(() => {
    const said = describeChange(previous.current, state, titleOf);
    previous.current = state;
    if (said) setAnnouncement(said);
  }, [state, titleOf]);

  // Free navigation: a module of the student's choosing while unlocked; the instructor's otherwise.
  const [ownModule, setOwnModule] = useState<string | null>(null);
  // Locking drops the student's choice (adjusted during render rather than in an effect; the select is disabled while locked).
  if (state.navigationLocked && ownModule !== null) setOwnModule(null);
  const moduleSlug = !state.navigationLocked && ownModule ? ownModule : state.moduleSlug;

  const answer = api.live.answerPoll.useMutation({ onSuccess: () => live.refresh() });
  // A revealed poll stays until the student hides it or the instructor moves on (app/_lib/live-poll.ts);
  // the first reveal this tab saw is kept (adjusted during render, like ownModule above), across reloads too.
  const [pollMemory, setPollMemory] = useState(() => recallPollMemory(state.sessionId));
  const seenReveal = revealIn(state);
  if (seenReveal && seenReveal.pollId !== pollMemory.reveal?.pollId) setPollMemory({ ...pollMemory, reveal: seenReveal });
  useEffect(() => keepPollMemory(state.sessionId, pollMemory), [state.sessionId, pollMemory]);
  const showPoll = studentSeesPoll(state, pollMemory.reveal, pollMemory.dismissedPollId);
  const moduleHeading = useRef<HTMLHeadingElement>(null);
  const round = state.round;
  const roundRunning = !!round && !round.resultsAt;
  const remaining = useRemaining(roundRunning ? round.endsAt : null, live.clockOffsetMs);
  const lastRemaining = useRef(remaining);
  useEffect(() => {
    const said = countdownMilestone(lastRemaining.current, remaining);
    lastRemaining.current = remaining;
    if (said) setAnnouncement(said);
  }, [remaining]);
  useEffect(() => {
    if (!round?.resultsAt || !me.roundStanding) return;
    // Announces an event (the round's result arrived), said once per change; not a value derivable during render.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setAnnouncement(`Round over: you placed ${ordinal(me.roundStanding.rank)} of ${round.entrants}, ${me.roundStanding.points} points.`);
  }, [round?.resultsAt, round?.entrants, me.roundStanding]);

  const exercise = api.exercise.get.useQuery({ courseId: state.courseId, exerciseSlug: round?.exerciseSlug ?? "" }, { enabled: !!round });
  // remaining > 0 flips once; the link must not change every tick.
  const roundOpen = remaining > 0;
  // Keyed by the round's id and slug, not the round object (a new one arrives with every state change).
  const roundId = roundRunning ? round.id : null;
  const roundSlug = round?.exerciseSlug ?? "";
  const { report } = live;
  const { sessionId } = state;
  const roundLink = useMemo<LiveRoundLink | null>(
    () =>
      roundId
        ? {
            roundId,
            open: roundOpen,
            report: (p) => report(roundSlug, p),
            submitted: () => void utils.live.state.invalidate({ sessionId }),
          }
        : null,
    [roundId, roundSlug, roundOpen, report, utils, sessionId],
  );
  const Trainer = round ? TRAINERS[round.exerciseSlug] : null;

  return (
    <div className="space-y-6">
      <p className="sr-only" aria-live="polite" data-testid="live-announcement">
        {announcement}
      </p>
      <Card className="flex flex-wrap items-center justify-between gap-4 p-4" data-testid="student-status">
        <div>
          <p className="text-sm text-muted">
            Live session · code <span className="font-mono font-semibold text-ink">{state.joinCode}</span>
          </p>
          <p className="text-lg font-semibold">
            <span data-testid="my-points">{me.points}</span> points
          </p>
        </div>
        {roundRunning && <Countdown remaining={remaining} total={round.endsAt - round.startsAt} />}
      </Card>

      {live.spotlight && state.spotlight && (
        <Card tone="brand" className="flex flex-wrap items-center gap-4 p-4" data-testid="spotlight">
          <SampleThumbnail points={new Float32Array(live.spotlight.thumbnail ?? [])} size={160} label={`${state.spotlight.name}'s live samples`} />
          <div>
            <p className="text-xs font-semibold tracking-wide text-brand-700 uppercase">Spotlight</p>
            <p className="text-lg font-semibold">{state.spotlight.name}</p>
            <p className="font-mono text-sm">
              iteration {live.spotlight.iteration.toLocaleString()} · {live.spotlight.backend}
            </p>
          </div>
        </Card>
      )}

      {state.poll && showPoll && (
        <StudentPollCard
          poll={state.poll}
          myAnswer={me.pollAnswer}
          pending={answer.isPending}
          error={answer.error?.message ?? null}
          onAnswer={(choice) => answer.mutate({ pollId: state.poll!.id, choice })}
          onDismiss={() => {
            setPollMemory({ ...pollMemory, dismissedPollId: state.poll!.id });
            // The button disappears with the card: keep the keyboard focus on the page.
            requestAnimationFrame(() => moduleHeading.current?.focus());
          }}
        />
      )}

      {round && (
        <section aria-labelledby="round-heading" className="space-y-4">
          <h2 id="round-heading" className="text-xl font-semibold">
            {round.kind === "arena" ? "Arena" : "Round"}: {round.exerciseTitle}
          </h2>
          {round.resultsAt ? (
            <Card className="p-4">
              {me.roundStanding ? (
                <p className="mb-3 font-semibold" data-testid="my-standing">
                  {round.kind === "arena"
                    ? `Your samples placed ${ordinal(me.roundStanding.rank)} of ${round.entrants} in the class's vote.`
                    : `You placed ${ordinal(me.roundStanding.rank)} of ${round.entrants} (+${me.roundStanding.points} points).`}
                </p>
              ) : (
                <p className="mb-3 text-muted">{round.kind === "arena" ? "You had no entry in this arena." : "You did not submit in this round."}</p>
              )}
              {exercise.data && round.standings && (
                <Podium
                  standings={round.standings}
                  entrants={round.entrants ?? 0}
                  metrics={round.kind === "arena" ? [ARENA_RATING_METRIC, ...exercise.data.metrics] : exercise.data.metrics}
                  myUserId={me.roundStanding?.userId}
                  arena={round.kind === "arena"}
                />
              )}
            </Card>
          ) : round.kind === "arena" && round.arenaId ? (
            <Card className="p-4">
              {remaining === 0 ? (
                <p className="text-sm font-medium" role="status">
                  Time is up. The votes are being counted…
                </p>
              ) : (
                <ArenaVoting key={round.arenaId} arenaId={round.arenaId} exerciseSlug={round.exerciseSlug} />
              )}
            </Card>
          ) : (
            <>
              {me.roundSubmissions.length > 0 && exercise.data && (
                <Card className="p-4" data-testid="round-submissions">
                  <h3 className="font-semibold">Your submissions in this round ({me.roundSubmissions.length})</h3>
                  <p className="text-sm text-muted">The last one counts.</p>
                  <ol className="mt-2 space-y-1 font-mono text-xs">
                    {me.roundSubmissions.map((s) => (
                      <li key={s.id}>
                        {new Date(s.createdAt).toLocaleTimeString()} — {formatMetrics(exercise.data.metrics, s.metrics)}
                      </li>
                    ))}
                  </ol>
                </Card>
              )}
              {remaining === 0 && (
                <p className="text-sm font-medium" role="status">
                  Time is up. The server is scoring the round…
                </p>
              )}
              {exercise.isPending ? (
                <Loading inline label="Loading the exercise…" />
              ) : exercise.data && Trainer ? (
                <LiveRoundContext.Provider value={roundLink}>
                  <Trainer
                    key={round.id}
                    courseId={state.courseId}
                    exerciseSlug={round.exerciseSlug}
                    submissionsPerDay={exercise.data.limits.submissionsPerDay}
                    metrics={exercise.data.metrics}
                    defaultHyperparameters={exercise.data.defaultHyperparameters}
                  />
                </LiveRoundContext.Provider>
              ) : (
                <p className="text-muted">This exercise has no in-browser trainer.</p>
              )}
            </>
          )}
        </section>
      )}

      <section aria-labelledby="module-heading">
        <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
          <h2 id="module-heading" ref={moduleHeading} tabIndex={-1} className="text-xl font-semibold outline-none" data-testid="live-module-title">
            {moduleSlug ? titleOf(moduleSlug) : "Lobby"}
          </h2>
          <label className="flex max-w-full items-center gap-2 text-sm">
            <span className="text-muted">{state.navigationLocked ? "Following the instructor" : "Browse modules"}</span>
            <select
              className="min-w-0 rounded-md border border-line bg-white px-2 py-1"
              value={moduleSlug ?? ""}
              disabled={state.navigationLocked}
              onChange={(e) => setOwnModule(e.target.value || null)}
              data-testid="module-select"
            >
              <option value="">Lobby</option>
              {modules.map((m) => (
                <option key={m.slug} value={m.slug}>
                  {m.title}
                </option>
              ))}
            </select>
          </label>
        </div>
        {moduleSlug ? (
          <Card>
            <ModuleReading slug={moduleSlug} />
          </Card>
        ) : (
          <Card className="text-center">
            <p className="text-lg">You are in. Waiting for the instructor to begin…</p>
          </Card>
        )}
      </section>
    </div>
  );
}
