"use client";
import { use } from "react";
import { ButtonLink } from "@/app/_components/Button";
import { QueryErrorState } from "@/app/_components/ErrorState";
import { HeldoutSourceNote, useHeldoutDescription } from "@/app/_components/heldout/HeldoutSourceNote";
import { PageHeader } from "@/app/_components/PageHeader";
import { ScoreGuide } from "@/app/_components/ScoreGuide";
import { Loading } from "@/app/_components/Spinner";
import { TRAINERS } from "@/exercises/trainers";
import { api } from "@/app/_trpc/react";

export default function ExercisePage({ params }: { params: Promise<{ courseId: string; slug: string }> }) {
  const { courseId, slug } = use(params);
  const exercise = api.exercise.get.useQuery({ courseId, exerciseSlug: slug });
  // For the breadcrumb's names and the held-out line; asked at once and waited for, so nothing moves when they come.
  const course = api.course.get.useQuery({ courseId });
  const heldout = useHeldoutDescription(courseId, slug);
  if (exercise.error) return <QueryErrorState error={exercise.error} retry={() => void exercise.refetch()} />;
  if (exercise.isPending || course.isPending || (heldout.isPending && heldout.fetchStatus !== "idle")) return <Loading label="Loading the exercise…" />;
  const e = exercise.data;
  // A lookup in the module-level table (trainerFor() reads as making a component during render to the React Compiler).
  const Trainer = TRAINERS[slug];
  const moduleTitle = course.data?.modules.find((m) => m.slug === e.module)?.title;
  return (
    <div>
      <PageHeader
        title={e.title}
        description={
          <>
            <p>{e.summary}</p>
            <p className="mt-1 text-sm">Data: {e.dataset.description}</p>
            <HeldoutSourceNote heldout={heldout.data} />
          </>
        }
        crumbs={[
          { href: "/courses", label: "My courses" },
          { href: `/courses/${courseId}`, label: course.data?.title ?? "Course" },
          { href: `/courses/${courseId}/modules/${e.module}`, label: moduleTitle ?? "Module" },
        ]}
        actions={
          <ButtonLink href={`/courses/${courseId}/exercises/${slug}/leaderboard`} variant="secondary">
            Leaderboard
          </ButtonLink>
        }
      />
      <ScoreGuide exercise={e} />
      {Trainer ? (
        <Trainer
          courseId={courseId}
          exerciseSlug={slug}
          submissionsPerDay={e.limits.submissionsPerDay}
          metrics={e.metrics}
          defaultHyperparameters={e.defaultHyperparameters}
          pool={e.pool}
        />
      ) : (
        <p className="text-muted">This exercise has no in-browser trainer yet.</p>
      )}
    </div>
  );
}
