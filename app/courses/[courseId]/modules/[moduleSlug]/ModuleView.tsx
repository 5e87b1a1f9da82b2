"use client";
import { ButtonLink } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { ModuleQuiz } from "@/app/_components/course/ModuleQuiz";
import { EmptyState } from "@/app/_components/EmptyState";
import { ErrorState, QueryErrorState } from "@/app/_components/ErrorState";
import { PageHeader } from "@/app/_components/PageHeader";
import { Loading } from "@/app/_components/Spinner";
import { findModuleContent } from "@/app/_content/modules";
import { useExerciseCatalog } from "@/app/_lib/useExerciseCatalog";
import { api } from "@/app/_trpc/react";
import { COURSE_MODULES } from "@/lib/course/modules";

export function ModuleView({ courseId, moduleSlug }: { courseId: string; moduleSlug: string }) {
  const course = api.course.get.useQuery({ courseId });
  const { bySlug } = useExerciseCatalog();

  if (course.isPending) return <Loading label="Loading the module…" />;
  const crumbs = [{ href: "/courses", label: "My courses" }];
  if (course.error) {
    return (
      <>
        <PageHeader title="Module" crumbs={crumbs} />
        <QueryErrorState error={course.error} retry={() => course.refetch()} />
      </>
    );
  }

  const base = `/courses/${course.data.id}`;
  const courseCrumbs = [...crumbs, { href: base, label: course.data.title }];
  const courseModule = course.data.modules.find((m) => m.slug === moduleSlug);
  if (!courseModule) {
    return (
      <>
        <PageHeader title="Module not found" crumbs={courseCrumbs} />
        <ErrorState
          title="This course has no such module"
          action={
            <ButtonLink href={base} variant="secondary">
              Back to the course
            </ButtonLink>
          }
        >
          There is no module called “{moduleSlug}” in {course.data.title}.
        </ErrorState>
      </>
    );
  }

  const content = findModuleContent(moduleSlug);
  const part = COURSE_MODULES.find((m) => m.slug === moduleSlug)?.part;
  return (
    <article>
      <PageHeader
        crumbs={courseCrumbs}
        title={courseModule.title}
        description={
          <p>
            {part ? `${part} · ` : ""}
            {content ? `About ${content.minutes} minutes of reading` : "Reading text not written yet"}
          </p>
        }
      />
      {content ? (
        <content.Body />
      ) : (
        <EmptyState title="This module's text is not written yet">
          Your instructor has not published the reading for this module yet. You can still open its exercises below.
        </EmptyState>
      )}

      <section aria-labelledby="try-heading" className="mt-12 max-w-prose">
        <h2 id="try-heading" className="mb-3 text-xl font-semibold">
          Try it yourself
        </h2>
        {courseModule.exercises.length === 0 ? (
          <p className="text-muted">This module has no exercise yet.</p>
        ) : (
          <ul className="space-y-3">
            {courseModule.exercises.map((e) => {
              const info = bySlug.get(e.slug);
              return (
                <li key={e.id}>
                  <Card tone="brand" className="flex flex-wrap items-center justify-between gap-3">
                    <div className="min-w-60 flex-1">
                      <p className="font-semibold">{info?.title ?? e.slug}</p>
                      {info?.summary && <p className="mt-1 text-sm text-slate-700">{info.summary}</p>}
                    </div>
                    <div className="flex gap-2">
                      <ButtonLink href={`${base}/exercises/${e.slug}`}>
                        Start the exercise<span className="sr-only"> — {info?.title ?? e.slug}</span>
                      </ButtonLink>
                      <ButtonLink href={`${base}/exercises/${e.slug}/leaderboard`} variant="secondary">
                        Leaderboard<span className="sr-only"> — {info?.title ?? e.slug}</span>
                      </ButtonLink>
                    </div>
                  </Card>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <ModuleQuiz courseId={course.data.id} moduleSlug={moduleSlug} />
    </article>
  );
}
