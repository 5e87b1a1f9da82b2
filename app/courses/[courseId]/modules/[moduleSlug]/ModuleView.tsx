"use client";
import { type ReactNode, useLayoutEffect, useRef, useState } from "react";
import { ButtonLink } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { ModulePager, ModuleToc } from "@/app/_components/course/ModuleNav";
import { ModuleQuiz } from "@/app/_components/course/ModuleQuiz";
import { EmptyState } from "@/app/_components/EmptyState";
import { ErrorState, QueryErrorState } from "@/app/_components/ErrorState";
import { PageHeader } from "@/app/_components/PageHeader";
import { Loading } from "@/app/_components/Spinner";
import { adjacentModules, renderedHeadings, type TocEntry, wantsToc } from "@/app/_lib/module-nav";
import { useExerciseCatalog } from "@/app/_lib/useExerciseCatalog";
import { api } from "@/app/_trpc/react";
import { COURSE_MODULES } from "@/lib/course/modules";

/** A module's reading as the server rendered it (page.tsx), with its reading time. */
export interface RenderedReading {
  minutes: number;
  body: ReactNode;
}

export function ModuleView({ courseId, moduleSlug, reading }: { courseId: string; moduleSlug: string; reading: RenderedReading | null }) {
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

  const part = COURSE_MODULES.find((m) => m.slug === moduleSlug)?.part;
  // In the order the course lists its modules to this reader (students: the released ones).
  const { previous, next } = adjacentModules(course.data.modules, moduleSlug);
  return (
    <article>
      <PageHeader
        crumbs={courseCrumbs}
        title={courseModule.title}
        description={
          <p>
            {part ? `${part} · ` : ""}
            {reading ? `About ${reading.minutes} minutes of reading` : "Reading text not written yet"}
          </p>
        }
      />
      {reading ? (
        <Reading reading={reading} />
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
      <ModulePager base={base} previous={previous} next={next} />
    </article>
  );
}

/** The sections after the reading, on every module page (their headings' ids are in this file and ModuleQuiz). */
const PAGE_SECTIONS: TocEntry[] = [
  { id: "try-heading", text: "Try it yourself" },
  { id: "quiz-heading", text: "Check your understanding" },
];

/** The module's reading, with a table of contents of its h2 sections on top when it is long. */
function Reading({ reading }: { reading: RenderedReading }) {
  const body = useRef<HTMLDivElement>(null);
  const [headings, setHeadings] = useState<TocEntry[]>([]);
  // The headings are what the reading rendered: read once it is in the page, before the browser paints.
  useLayoutEffect(() => {
    if (body.current) setHeadings(renderedHeadings(body.current));
  }, [reading]);
  return (
    <>
      {wantsToc(reading.minutes, headings.length) && <ModuleToc entries={[...headings, ...PAGE_SECTIONS]} />}
      <div ref={body}>{reading.body}</div>
    </>
  );
}
