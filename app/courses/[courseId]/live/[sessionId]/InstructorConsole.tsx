"use client";
import { useEffect, useState, useSyncExternalStore } from "react";
import { ArenaResultsPanel } from "@/app/_components/arena/ArenaResultsPanel";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { Countdown, useRemaining } from "@/app/_components/live/Countdown";
import { ClassPicture } from "@/app/_components/live/ClassPicture";
import { JoinCodePanel } from "@/app/_components/live/JoinCode";
import { MathText } from "@/app/_components/MathText";
import { PersonEmail } from "@/app/_components/PersonEmail";
import { isLoopbackHost } from "@/lib/live/join-link";
import { Podium } from "@/app/_components/live/Podium";
import { PollHistogram } from "@/app/_components/live/PollCard";
import { StudentGrid } from "@/app/_components/live/StudentGrid";
import { SampleThumbnail } from "@/app/_components/SampleThumbnail";
import { findExerciseSpec } from "@/exercises/specs";
import { trainerFor } from "@/exercises/trainers";
import { inlineMathAsPlainText } from "@/app/_lib/inline-math";
import { useExerciseCatalog } from "@/app/_lib/useExerciseCatalog";
import { useLeaderboardLive } from "@/app/_lib/useLeaderboardLive";
import { useNow } from "@/app/_lib/useNow";
import type { useLiveSession } from "@/app/_lib/useLiveSession";
import { api } from "@/app/_trpc/react";
import { ARENA_RATING_METRIC } from "@/lib/arena/types";
import { LIVE_ROUND_SECONDS } from "@/lib/live/types";

type Live = ReturnType<typeof useLiveSession>;
type LiveData = NonNullable<Live["query"]["data"]>;
interface CourseModule {
  slug: string;
  title: string;
  exercises: { slug: string }[];
}

const DEFAULT_ROUND_SECONDS = 300;

function MutationError({ error }: { error: { message: string } | null }) {
  return error ? (
    <p role="alert" className="mt-2 text-sm text-red-700">
      {error.message}
    </p>
  ) : null;
}

/** A join link on localhost works only on this computer: say so before the class tries it. */
function LocalhostJoinLinkWarning({ joinUrl }: { joinUrl: string }) {
  if (!URL.canParse(joinUrl) || !isLoopbackHost(new URL(joinUrl).hostname)) return null;
  const port = new URL(joinUrl).port || "3000";
  return (
    <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900" data-testid="localhost-warning">
      <p className="font-semibold">Students cannot open this join link: it points at this computer ({new URL(joinUrl).host}).</p>
      <p className="mt-1">
        To serve a class on this network, restart GenLab with{" "}
        <code className="rounded bg-amber-100 px-1">HOST=0.0.0.0 GENLAB_URL=http://&lt;this computer&apos;s address&gt;:{port} npm start</code> and open it at
        that address; the code and QR code will then work on students&apos; phones and laptops.
      </p>
    </div>
  );
}

const noSubscription = () => () => {};

/** The page's origin ("https://genlab.example.org"); "" on the server and during hydration, where the join link stays relative. */
function useOrigin(): string {
  return useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => "",
  );
}

export function InstructorConsole({ live, data, modules }: { live: Live; data: LiveData; modules: CourseModule[] }) {
  const { state } = data;
  const sessionId = state.sessionId;
  const [projecting, setProjecting] = useState(false);
  const joinUrl = `${useOrigin()}/live?code=${state.joinCode}`;
  const end = api.live.end.useMutation({ onSuccess: () => live.refresh() });
  const participants = data.participants ?? [];
  // The public state names the spotlit and the podium by display name only; their emails come from the instructors' participant list.
  const emails = new Map(participants.map((p) => [p.userId, p.email]));

  return (
    <div className="space-y-6">
      <LocalhostJoinLinkWarning joinUrl={joinUrl} />
      <Card className="flex flex-wrap items-center justify-between gap-6 p-4">
        <JoinCodePanel code={state.joinCode} joinUrl={joinUrl} />
        <div className="flex flex-col items-end gap-2">
          <p className="text-lg" aria-live="polite">
            <span className="font-semibold" data-testid="participant-count">
              {participants.length}
            </span>{" "}
            student{participants.length === 1 ? "" : "s"} joined
          </p>
          <div className="flex gap-2">
            <Button variant="secondary" onClick={() => setProjecting(true)}>
              Project the code
            </Button>
            <Button
              variant="danger"
              disabled={end.isPending}
              onClick={() => {
                if (window.confirm("End the live session for everyone? Its results stay available.")) end.mutate({ sessionId });
              }}
            >
              End session
            </Button>
          </div>
          <MutationError error={end.error} />
        </div>
      </Card>
      {projecting && <ProjectedCode code={state.joinCode} joinUrl={joinUrl} count={participants.length} onClose={() => setProjecting(false)} />}

      <div className="grid gap-6 lg:grid-cols-2">
        <PacingCard data={data} modules={modules} />
        <PollControl data={data} counts={live.pollCounts} />
      </div>
      <RoundControl live={live} data={data} modules={modules} emails={emails} />

      <section aria-labelledby="grid-heading">
        <div className="mb-3 flex items-center justify-between">
          <h2 id="grid-heading" className="text-xl font-semibold">
            Class
          </h2>
          {state.spotlight && (
            <p className="min-w-0 text-sm">
              Spotlight on <strong>{state.spotlight.name}</strong>
              <PersonEmail email={emails.get(state.spotlight.userId)} inline />: everyone sees their samples.
            </p>
          )}
        </div>
        {live.spotlight && (
          <Card tone="brand" className="mb-3 flex items-center gap-4 p-3">
            <SampleThumbnail points={new Float32Array(live.spotlight.thumbnail ?? [])} size={120} label={`${live.spotlight.name}'s live samples`} />
            <p className="min-w-0 text-sm">
              <span className="block truncate font-semibold" title={live.spotlight.name}>
                {live.spotlight.name}
              </span>
              <PersonEmail email={emails.get(live.spotlight.userId)} />
              <span className="block font-mono">What everyone sees now: iteration {live.spotlight.iteration.toLocaleString()}</span>
            </p>
          </Card>
        )}
        <SpotlightGrid live={live} data={data} />
        {state.round && (
          <Card className="mt-4 p-4">
            {state.round.kind === "arena" && !state.round.resultsAt ? (
              <p className="text-sm text-muted">The class picture appears when the arena round ends: it names whose samples are whose.</p>
            ) : (
              <ClassPicture sessionId={state.sessionId} running={state.round.kind === "training" && !state.round.resultsAt} grid={live.grid} />
            )}
          </Card>
        )}
      </section>
    </div>
  );
}

/** The code full-screen for the projector; Escape or the button closes it. */
function ProjectedCode({ code, joinUrl, count, onClose }: { code: string; joinUrl: string; count: number; onClose: () => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  return (
    <div role="dialog" aria-modal="true" aria-label="Join code" className="fixed inset-0 z-50 flex flex-col items-center justify-center gap-8 bg-white p-8">
      <JoinCodePanel code={code} joinUrl={joinUrl} large />
      <p className="text-3xl">
        {count} student{count === 1 ? "" : "s"} joined
      </p>
      <Button autoFocus variant="secondary" onClick={onClose}>
        Close (Esc)
      </Button>
    </div>
  );
}

function PacingCard({ data, modules }: { data: LiveData; modules: CourseModule[] }) {
  const { state } = data;
  const setModule = api.live.setModule.useMutation();
  const setLock = api.live.setNavigationLock.useMutation();
  const index = modules.findIndex((m) => m.slug === state.moduleSlug);
  const go = (slug: string | null) => setModule.mutate({ sessionId: state.sessionId, moduleSlug: slug });
  return (
    <Card className="p-4">
      <h2 className="font-semibold">Pacing</h2>
      <label className="mt-3 block text-sm">
        <span>Everyone is on</span>
        <select
          className="mt-1 w-full rounded-md border border-line bg-white px-2 py-1"
          value={state.moduleSlug ?? ""}
          onChange={(e) => go(e.target.value || null)}
          data-testid="pacing-module"
        >
          <option value="">Lobby</option>
          {modules.map((m, i) => (
            <option key={m.slug} value={m.slug}>
              {i + 1}. {m.title}
            </option>
          ))}
        </select>
      </label>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button variant="secondary" disabled={index <= 0 || setModule.isPending} onClick={() => go(modules[index - 1].slug)}>
          ← Previous module
        </Button>
        <Button disabled={index >= modules.length - 1 || setModule.isPending} onClick={() => go(modules[index + 1].slug)}>
          Next module →
        </Button>
      </div>
      <label className="mt-4 flex items-center gap-2 text-sm">
        <input type="checkbox" checked={state.navigationLocked} onChange={(e) => setLock.mutate({ sessionId: state.sessionId, locked: e.target.checked })} />
        Lock navigation: students&apos; screens follow yours
      </label>
      <MutationError error={setModule.error ?? setLock.error} />
    </Card>
  );
}

function PollControl({ data, counts }: { data: LiveData; counts: number[] | null }) {
  const { state } = data;
  const poll = state.poll;
  const [mode, setMode] = useState<"quiz" | "custom">("quiz");
  const quiz = api.progress.quiz.useQuery({ courseId: state.courseId, moduleSlug: state.moduleSlug ?? "" }, { enabled: !!state.moduleSlug });
  const choiceQuestions = (quiz.data?.questions ?? []).filter((q) => q.kind === "choice");
  const [questionId, setQuestionId] = useState("");
  const [prompt, setPrompt] = useState("");
  const [choicesText, setChoicesText] = useState("");
  const [correct, setCorrect] = useState<number | null>(null);
  const open = api.live.openPoll.useMutation();
  const close = api.live.closePoll.useMutation();
  const reveal = api.live.revealPoll.useMutation();
  const choices = choicesText
    .split("\n")
    .map((c) => c.trim())
    .filter(Boolean);

  const launch = () => {
    if (mode === "quiz") {
      const id = questionId || choiceQuestions[0]?.id;
      if (!id || !state.moduleSlug) return;
      open.mutate({ sessionId: state.sessionId, poll: { kind: "quiz", moduleSlug: state.moduleSlug, questionId: id } });
    } else {
      open.mutate({
        sessionId: state.sessionId,
        poll: { kind: "custom", prompt, choices, correctIndex: correct !== null && correct < choices.length ? correct : null },
      });
    }
  };

  return (
    <Card className="p-4">
      <h2 className="font-semibold">Poll</h2>
      {poll && (
        <div className="mt-3 rounded-lg border border-line p-3" data-testid="instructor-poll">
          <p className="font-medium">
            <MathText text={poll.prompt} />
          </p>
          <div className="mt-2">
            <PollHistogram
              poll={{ ...poll, correctIndex: poll.status === "REVEALED" ? poll.correctIndex : null }}
              counts={counts ?? new Array(poll.choices.length).fill(0)}
            />
          </div>
          <div className="mt-3 flex gap-2">
            <Button variant="secondary" size="sm" disabled={poll.status !== "OPEN" || close.isPending} onClick={() => close.mutate({ pollId: poll.id })}>
              Close answers
            </Button>
            <Button size="sm" disabled={poll.status === "REVEALED" || reveal.isPending} onClick={() => reveal.mutate({ pollId: poll.id })}>
              Reveal the answer
            </Button>
          </div>
        </div>
      )}
      <fieldset className="mt-4">
        <legend className="text-sm font-medium">New poll</legend>
        <div className="mt-2 flex gap-4 text-sm" role="radiogroup" aria-label="Where the question comes from">
          <label className="flex items-center gap-1">
            <input type="radio" name="poll-source" checked={mode === "quiz"} onChange={() => setMode("quiz")} /> From this module&apos;s quiz
          </label>
          <label className="flex items-center gap-1">
            <input type="radio" name="poll-source" checked={mode === "custom"} onChange={() => setMode("custom")} /> Type a question
          </label>
        </div>
        {mode === "quiz" ? (
          state.moduleSlug ? (
            <label className="mt-2 block text-sm">
              <span>Question</span>
              <select
                className="mt-1 w-full rounded-md border border-line bg-white px-2 py-1"
                value={questionId || choiceQuestions[0]?.id || ""}
                onChange={(e) => setQuestionId(e.target.value)}
                data-testid="poll-question"
              >
                {choiceQuestions.map((q) => {
                  // An <option> holds text only: its math as bare TeX.
                  const text = inlineMathAsPlainText(q.prompt);
                  return (
                    <option key={q.id} value={q.id}>
                      {text.length > 90 ? `${text.slice(0, 90)}…` : text}
                    </option>
                  );
                })}
              </select>
            </label>
          ) : (
            <p className="mt-2 text-sm text-muted">Move the class to a module to poll its quiz questions.</p>
          )
        ) : (
          <div className="mt-2 space-y-2 text-sm">
            <label className="block">
              <span>Question</span>
              <input
                className="mt-1 w-full rounded-md border border-line px-2 py-1"
                value={prompt}
                maxLength={300}
                onChange={(e) => setPrompt(e.target.value)}
              />
            </label>
            <label className="block">
              <span>Choices, one per line (2–6)</span>
              <textarea
                className="mt-1 w-full rounded-md border border-line px-2 py-1"
                rows={4}
                value={choicesText}
                onChange={(e) => setChoicesText(e.target.value)}
              />
            </label>
            <label className="block">
              <span>Correct answer</span>
              <select
                className="mt-1 w-full rounded-md border border-line bg-white px-2 py-1"
                value={correct ?? ""}
                onChange={(e) => setCorrect(e.target.value === "" ? null : Number(e.target.value))}
              >
                <option value="">None (opinion poll)</option>
                {choices.map((c, i) => (
                  <option key={i} value={i}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
          </div>
        )}
        <Button
          className="mt-3"
          onClick={launch}
          disabled={open.isPending || (mode === "quiz" && (!state.moduleSlug || choiceQuestions.length === 0))}
          data-testid="open-poll"
        >
          Open poll
        </Button>
        <MutationError error={open.error ?? close.error ?? reveal.error} />
      </fieldset>
    </Card>
  );
}

function RoundControl({ live, data, modules, emails }: { live: Live; data: LiveData; modules: CourseModule[]; emails: ReadonlyMap<string, string> }) {
  const { state } = data;
  const round = state.round;
  const running = !!round && !round.resultsAt;
  const { bySlug } = useExerciseCatalog();
  const [kind, setKind] = useState<"training" | "arena">("training");
  // An arena judges samples already submitted: exercises whose entries are samples; training needs a trainer.
  const exercises = modules
    .flatMap((m) => m.exercises)
    .filter((e) => (kind === "arena" ? findExerciseSpec(e.slug)?.previewShows === "samples" : trainerFor(e.slug)));
  const [slug, setSlug] = useState("gan-ring");
  const [seconds, setSeconds] = useState(DEFAULT_ROUND_SECONDS);
  const start = api.live.startRound.useMutation();
  const endNow = api.live.endRound.useMutation();
  const remaining = useRemaining(running ? round.endsAt : null, live.clockOffsetMs);
  const exerciseMetrics = round ? bySlug.get(round.exerciseSlug)?.metrics : undefined;
  const metrics = exerciseMetrics && round?.kind === "arena" ? [ARENA_RATING_METRIC, ...exerciseMetrics] : exerciseMetrics;

  return (
    <Card className="p-4">
      <h2 className="font-semibold">Timed round</h2>
      {round && (
        <div className="mt-3 rounded-lg border border-line p-3" data-testid="instructor-round">
          <p className="font-medium">
            {round.kind === "arena" ? "Arena: " : ""}
            {round.exerciseTitle}
          </p>
          {running ? (
            <div className="mt-2 flex flex-wrap items-center gap-4">
              <Countdown remaining={remaining} total={round.endsAt - round.startsAt} />
              {round.kind === "training" && <p className="text-sm">{data.roundSubmitters?.length ?? 0} submitted so far</p>}
              <Button variant="secondary" size="sm" disabled={endNow.isPending || remaining === 0} onClick={() => endNow.mutate({ roundId: round.id })}>
                End the round now
              </Button>
              {remaining === 0 && (
                <p className="text-sm" role="status">
                  {round.kind === "arena" ? "Counting the votes…" : "Scoring…"}
                </p>
              )}
              {round.kind === "arena" && round.arenaId && (
                // Closed by default: the console is often on the projector, and the ratings name whose samples are whose.
                <details className="w-full text-sm" data-testid="arena-live-ratings">
                  <summary className="cursor-pointer font-semibold">Ratings so far, with names (not for the projector)</summary>
                  <div className="mt-2">
                    <ArenaResultsPanel arenaId={round.arenaId} exerciseSlug={round.exerciseSlug} live />
                  </div>
                </details>
              )}
            </div>
          ) : (
            round.standings &&
            metrics && (
              <div className="mt-3">
                <Podium standings={round.standings} entrants={round.entrants ?? 0} metrics={metrics} emails={emails} arena={round.kind === "arena"} />
              </div>
            )
          )}
        </div>
      )}
      {!running && (
        <form
          className="mt-4 flex flex-wrap items-end gap-3 text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            start.mutate({ sessionId: state.sessionId, exerciseSlug: slug, durationSeconds: seconds, kind });
          }}
        >
          <label className="block max-w-full">
            <span>Round</span>
            <select
              className="mt-1 block max-w-full rounded-md border border-line bg-white px-2 py-1"
              value={kind}
              onChange={(e) => setKind(e.target.value as "training" | "arena")}
              data-testid="round-kind"
            >
              <option value="training">Training: students train and submit</option>
              <option value="arena">Arena: the class judges submitted samples</option>
            </select>
          </label>
          <label className="block max-w-full">
            <span>Exercise</span>
            <select
              className="mt-1 block max-w-full rounded-md border border-line bg-white px-2 py-1"
              value={slug}
              onChange={(e) => setSlug(e.target.value)}
              data-testid="round-exercise"
            >
              {exercises.map((e) => (
                <option key={e.slug} value={e.slug}>
                  {bySlug.get(e.slug)?.title ?? e.slug}
                </option>
              ))}
            </select>
          </label>
          <label className="block">
            <span>Length (seconds)</span>
            <input
              type="number"
              className="mt-1 block w-28 rounded-md border border-line px-2 py-1"
              min={LIVE_ROUND_SECONDS.min}
              max={LIVE_ROUND_SECONDS.max}
              step={15}
              value={seconds}
              onChange={(e) => setSeconds(Math.round(Number(e.target.value) || 0))}
              data-testid="round-seconds"
            />
          </label>
          <Button type="submit" disabled={start.isPending}>
            Start the round
          </Button>
        </form>
      )}
      <MutationError error={start.error ?? endNow.error} />
    </Card>
  );
}

/** The grid, plus who has submitted in the round (refreshed when the exercise's leaderboard changes). */
function SpotlightGrid({ live, data }: { live: Live; data: LiveData }) {
  const { state } = data;
  const spotlight = api.live.spotlight.useMutation();
  const round = state.round && !state.round.resultsAt ? state.round : null;
  useLeaderboardLive({ courseId: state.courseId, exerciseSlug: round?.exerciseSlug ?? "", enabled: !!round, onUpdate: () => live.refresh() });
  const now = useNow(1000);
  return (
    <>
      <StudentGrid
        participants={data.participants ?? []}
        tiles={live.grid}
        serverNow={now + live.clockOffsetMs}
        spotlightUserId={state.spotlight?.userId ?? null}
        onSpotlight={(userId) => spotlight.mutate({ sessionId: state.sessionId, userId })}
        submittedUserIds={new Set(round ? (data.roundSubmitters ?? []) : [])}
        round={round}
      />
      <MutationError error={spotlight.error} />
    </>
  );
}
