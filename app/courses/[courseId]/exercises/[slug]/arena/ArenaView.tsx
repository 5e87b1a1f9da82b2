"use client";
import { useState } from "react";
import { ArenaResultsPanel } from "@/app/_components/arena/ArenaResultsPanel";
import { ArenaVoting } from "@/app/_components/arena/ArenaVoting";
import { Button, ButtonLink } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { EmptyState } from "@/app/_components/EmptyState";
import { QueryErrorState } from "@/app/_components/ErrorState";
import { courseCrumbs, PageHeader } from "@/app/_components/PageHeader";
import { Loading } from "@/app/_components/Spinner";
import { errorMessage } from "@/app/_lib/errors";
import { absoluteTime } from "@/app/_lib/format";
import { api } from "@/app/_trpc/react";
import { findExerciseSpec } from "@/exercises/specs";

/**
 * The exercise's sample arena: staff open one (each student's latest submission enters), everyone
 * in the course votes on anonymised pairs while it is open, and the ratings are shown beside the
 * metric's ranks once it closes (to staff, live).
 */
export function ArenaView({ courseId, exerciseSlug }: { courseId: string; exerciseSlug: string }) {
  const list = api.arena.list.useQuery({ courseId, exerciseSlug });
  const course = api.course.get.useQuery({ courseId });
  const utils = api.useUtils();
  const open = api.arena.open.useMutation({ onSuccess: () => utils.arena.list.invalidate({ courseId, exerciseSlug }) });
  const close = api.arena.close.useMutation({ onSuccess: () => utils.arena.list.invalidate({ courseId, exerciseSlug }) });
  const [shown, setShown] = useState<string | null>(null);
  const exerciseHref = `/courses/${courseId}/exercises/${exerciseSlug}`;
  const crumbs = courseCrumbs(courseId, course.data?.title, { href: exerciseHref, label: findExerciseSpec(exerciseSlug)?.title ?? "Exercise" });

  if (list.isPending) return <Loading label="Loading the arena…" />;
  if (list.error) {
    return (
      <>
        <PageHeader title="Sample arena" crumbs={crumbs} />
        <QueryErrorState error={list.error} retry={() => list.refetch()} />
      </>
    );
  }
  const { exercise, canManage, arenas } = list.data;
  const current = arenas.find((a) => a.votingOpen);
  const past = arenas.filter((a) => !a.votingOpen);
  const selected = arenas.find((a) => a.id === shown) ?? past[0];
  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title={
          <>
            Sample arena <span className="text-muted">·</span> {exercise.title}
          </>
        }
        tabTitle="Sample arena"
        description={
          <p>
            Metrics and people can disagree about what good samples are. Here people judge two classmates&apos; samples side by side, without names; a
            Bradley–Terry fit of the votes rates every entry, and the ratings are set beside the metric&apos;s ranking.
          </p>
        }
        actions={
          <ButtonLink variant="secondary" href={`${exerciseHref}/leaderboard`}>
            Leaderboard
          </ButtonLink>
        }
      />

      {!exercise.arenaPossible && (
        <Card tone="amber" className="mb-6 p-4 text-sm">
          This exercise is submitted as parameters, not samples: there is nothing to judge by eye.
        </Card>
      )}

      {canManage && exercise.arenaPossible && (
        <Card className="mb-6 p-4 text-sm">
          <h2 className="font-semibold">Run an arena</h2>
          {current ? (
            <p className="mt-1">
              Voting is open{current.inLiveRound ? " in a live round" : ""}: {current.entries} entries, {current.votes} votes so far.
            </p>
          ) : (
            <p className="mt-1">
              Opening an arena enters each student&apos;s latest scored submission (flagged ones stay out). Everyone in the course can vote.
            </p>
          )}
          <div className="mt-3 flex flex-wrap gap-2">
            {!current && (
              <Button disabled={open.isPending} onClick={() => open.mutate({ courseId, exerciseSlug })}>
                Open an arena
              </Button>
            )}
            {current && !current.inLiveRound && (
              <Button variant="secondary" disabled={close.isPending} onClick={() => close.mutate({ arenaId: current.id })}>
                Close voting
              </Button>
            )}
          </div>
          {(open.error || close.error) && (
            <p role="alert" className="mt-2 text-red-800">
              {errorMessage(open.error ?? close.error)}
            </p>
          )}
        </Card>
      )}

      {current ? (
        <Card className="mb-6 p-4">
          <ArenaVoting arenaId={current.id} exerciseSlug={exerciseSlug} />
          {canManage && (
            <details className="mt-4 text-sm">
              <summary className="cursor-pointer font-semibold">Ratings so far, with names (staff only, refreshed every 5 s; not for the projector)</summary>
              <div className="mt-2">
                <ArenaResultsPanel arenaId={current.id} exerciseSlug={exerciseSlug} live />
              </div>
            </details>
          )}
        </Card>
      ) : (
        arenas.length === 0 && (
          <EmptyState title="No arena yet" action={<ButtonLink href={exerciseHref}>Open the exercise</ButtonLink>}>
            {canManage
              ? "Open an arena once at least two students have submitted: the class then judges their samples side by side."
              : "Your instructor opens an arena when the class has submitted; you will judge pairs of classmates' samples here."}
          </EmptyState>
        )
      )}

      {past.length > 0 && selected && (
        <section aria-labelledby="arena-past" className="mb-6">
          <h2 id="arena-past" className="mb-2 text-lg font-semibold">
            Results
          </h2>
          {past.length > 1 && (
            <label className="mb-3 flex items-center gap-2 text-sm">
              Arena
              <select className="rounded-md border border-line bg-white px-2 py-1" value={selected.id} onChange={(e) => setShown(e.target.value)}>
                {past.map((a) => (
                  <option key={a.id} value={a.id}>
                    {absoluteTime(new Date(a.openedAt))} · {a.entries} entries · {a.votes} votes
                  </option>
                ))}
              </select>
            </label>
          )}
          <ArenaResultsPanel arenaId={selected.id} exerciseSlug={exerciseSlug} live={false} />
        </section>
      )}
    </>
  );
}
