"use client";
import Link from "next/link";
import { ButtonLink } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { ModuleProgressLine } from "@/app/_components/course/ModuleProgressLine";
import { LiveSessionsCard } from "@/app/_components/live/LiveSessionsCard";
import { EmptyState } from "@/app/_components/EmptyState";
import { QueryErrorState } from "@/app/_components/ErrorState";
import { PageHeader } from "@/app/_components/PageHeader";
import { RoleBadge } from "@/app/_components/RoleBadge";
import { Loading } from "@/app/_components/Spinner";
import { absoluteTime, relativeTime } from "@/app/_lib/format";
import { useExerciseCatalog } from "@/app/_lib/useExerciseCatalog";
import { useNow } from "@/app/_lib/useNow";
import { api } from "@/app/_trpc/react";
import { COURSE_MODULES } from "@/lib/course/modules";

const partBySlug = new Map(COURSE_MODULES.map((m) => [m.slug, m.part]));

export function CourseView({ courseId }: { courseId: string }) {
  const course = api.course.get.useQuery({ courseId });
  const progress = api.progress.mine.useQuery({ courseId }, { enabled: course.data?.role === "STUDENT" });
  const progressBySlug = new Map((progress.data ?? []).map((p) => [p.slug, p]));
  const { bySlug } = useExerciseCatalog();
  const now = useNow();

  if (course.isPending) return <Loading label="Loading the course…" />;
  if (course.error) {
    return (
      <>
        <PageHeader title="Course" crumbs={[{ href: "/courses", label: "My courses" }]} />
        <QueryErrorState error={course.error} retry={() => course.refetch()} />
      </>
    );
  }

  const c = course.data;
  const base = `/courses/${c.id}`;
  return (
    <>
      <PageHeader
        crumbs={[{ href: "/courses", label: "My courses" }]}
        title={c.title}
        description={
          <>
            <p>{c.description}</p>
            <p className="mt-2">
              <RoleBadge role={c.role} />
            </p>
          </>
        }
        actions={
          c.role === "INSTRUCTOR" ? (
            <div className="flex gap-2">
              <ButtonLink href={`${base}/progress`} variant="secondary">
                Student progress
              </ButtonLink>
              <ButtonLink href={`${base}/roster`} variant="secondary">
                View roster
              </ButtonLink>
            </div>
          ) : undefined
        }
      />

      {c.joinCode && (
        <Card tone="amber" className="mb-8 flex flex-wrap items-center justify-between gap-4">
          <div>
            <h2 className="text-sm font-semibold text-amber-900">Join code for students</h2>
            <p className="mt-1 text-sm text-amber-900/80">Share it in class; students enter it on “My courses”.</p>
          </div>
          <p className="font-mono text-4xl font-bold tracking-[0.2em] text-ink select-all sm:text-5xl">
            <span aria-hidden="true">{c.joinCode}</span>
            {/* Spelled out so screen readers read it letter by letter. */}
            <span className="sr-only">{c.joinCode.split("").join(" ")}</span>
          </p>
        </Card>
      )}

      <LiveSessionsCard courseId={c.id} />

      <section aria-labelledby="modules-heading">
        <h2 id="modules-heading" className="mb-4 text-xl font-semibold">
          Modules
        </h2>
        {c.modules.length === 0 ? (
          <EmptyState title="No modules yet">This course has no modules yet. Check back once your instructor has added some.</EmptyState>
        ) : (
          <ol className="space-y-4">
            {c.modules.map((m, i) => (
              <li key={m.id}>
                <Card>
                  <div className="flex flex-wrap items-start justify-between gap-3">
                    <div>
                      <p className="text-xs font-semibold tracking-wide text-brand-700 uppercase">
                        Module {i + 1}
                        {partBySlug.get(m.slug) ? ` · ${partBySlug.get(m.slug)}` : ""}
                      </p>
                      <h3 className="mt-1 text-lg font-semibold">
                        <Link href={`${base}/modules/${m.slug}`} className="hover:underline">
                          {m.title}
                        </Link>
                      </h3>
                      {progressBySlug.get(m.slug) && <ModuleProgressLine progress={progressBySlug.get(m.slug)!} />}
                    </div>
                    <ButtonLink href={`${base}/modules/${m.slug}`} variant="secondary" size="sm">
                      Read the module
                    </ButtonLink>
                  </div>
                  {m.exercises.length > 0 ? (
                    <ul className="mt-4 divide-y divide-line border-t border-line">
                      {m.exercises.map((e) => {
                        const info = bySlug.get(e.slug);
                        return (
                          <li key={e.id} className="flex flex-wrap items-center justify-between gap-3 py-4 last:pb-0">
                            <div className="min-w-60 flex-1">
                              <p className="text-xs font-medium text-muted">Exercise</p>
                              <p className="font-medium">{info?.title ?? e.slug}</p>
                              {info?.summary && <p className="mt-1 text-sm text-muted">{info.summary}</p>}
                              {e.deadline && (
                                <p className="mt-1 text-sm text-slate-700">
                                  Due{" "}
                                  <time dateTime={e.deadline.toISOString()} title={absoluteTime(e.deadline)}>
                                    {relativeTime(e.deadline, now)}
                                  </time>{" "}
                                  ({absoluteTime(e.deadline)})
                                </p>
                              )}
                            </div>
                            <div className="flex gap-2">
                              <ButtonLink href={`${base}/exercises/${e.slug}`} size="sm">
                                Train<span className="sr-only"> — {info?.title ?? e.slug}</span>
                              </ButtonLink>
                              <ButtonLink href={`${base}/exercises/${e.slug}/leaderboard`} variant="secondary" size="sm">
                                Leaderboard<span className="sr-only"> — {info?.title ?? e.slug}</span>
                              </ButtonLink>
                            </div>
                          </li>
                        );
                      })}
                    </ul>
                  ) : (
                    <p className="mt-3 text-sm text-muted">No exercises in this module yet.</p>
                  )}
                </Card>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
