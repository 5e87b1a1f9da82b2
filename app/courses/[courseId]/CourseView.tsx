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
import { formatZoned } from "@/lib/grading/time";
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
  // Shown together: a card or progress line that arrived later would push the modules down the page.
  const liveSessions = api.live.list.useQuery({ courseId });
  const studentProgressPending = course.data?.role === "STUDENT" && progress.isPending;

  if (course.isPending || liveSessions.isPending || studentProgressPending) return <Loading label="Loading the course…" />;
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
  const staff = c.role !== "STUDENT";
  const instructor = c.role === "INSTRUCTOR";
  return (
    <>
      <PageHeader
        crumbs={[{ href: "/courses", label: "My courses" }]}
        title={
          <>
            {c.title}
            {c.term && (
              <span className="ml-3 align-middle text-base font-medium text-muted sm:text-lg">
                <span className="sr-only">, </span>
                {c.term}
              </span>
            )}
          </>
        }
        description={
          <>
            {c.description && <p>{c.description}</p>}
            <p className={c.description ? "mt-2" : undefined}>
              <RoleBadge role={c.role} />
            </p>
          </>
        }
        actions={
          <nav aria-label="Course" className="flex flex-wrap gap-2">
            <ButtonLink href={`${base}/assignments`} variant="secondary">
              Assignments
            </ButtonLink>
            {staff && (
              <>
                <ButtonLink href={`${base}/gradebook`} variant="secondary">
                  Gradebook
                </ButtonLink>
                <ButtonLink href={`${base}/roster`} variant="secondary">
                  Roster
                </ButtonLink>
                <ButtonLink href={`${base}/lms`} variant="secondary">
                  LMS
                </ButtonLink>
                <ButtonLink href={`${base}/progress`} variant="secondary">
                  Student progress
                </ButtonLink>
              </>
            )}
            {instructor && (
              <ButtonLink href={`${base}/settings`} variant="secondary">
                Settings
              </ButtonLink>
            )}
          </nav>
        }
      />

      {c.archived && (
        <div role="status" className="mb-8 rounded-xl border border-slate-300 bg-slate-100 px-5 py-4 text-slate-800" data-testid="archived-banner">
          <p className="font-semibold">Archived — read-only</p>
          <p className="mt-1 text-sm">
            Everything stays readable, but nobody can submit work or change the course.
            {instructor ? (
              <>
                {" "}
                You can unarchive it in{" "}
                <Link href={`${base}/settings`} className="font-medium underline underline-offset-2">
                  Settings
                </Link>
                .
              </>
            ) : null}
          </p>
        </div>
      )}

      {c.joinCode && c.joinOpen && !c.archived && (
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
          <EmptyState title={staff ? "No modules yet" : "No modules released yet"}>
            {staff ? "This course has no modules yet." : "Your instructor has not released any modules yet. Check back later."}
          </EmptyState>
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
                      {staff && !m.visibleToStudents && (
                        <ModuleVisibilityNote module={m} timeZone={c.timeZone} settingsHref={instructor ? `${base}/settings` : null} />
                      )}
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

/** For staff: why students do not see this module yet. */
function ModuleVisibilityNote({
  module,
  timeZone,
  settingsHref,
}: {
  module: { slug: string; hidden: boolean; releaseAt: Date | null };
  timeZone: string;
  settingsHref: string | null;
}) {
  const text = module.hidden ? "Hidden from students" : module.releaseAt ? `Released on ${formatZoned(module.releaseAt, timeZone)}` : "Hidden from students";
  return (
    <p className="mt-2 flex flex-wrap items-center gap-2 text-sm" data-testid={`module-hidden-${module.slug}`}>
      <span className="inline-flex items-center gap-1 rounded-full bg-slate-200 px-2 py-0.5 text-xs font-medium text-slate-800">
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-3.5">
          <path d="M3.28 2.22a.75.75 0 0 0-1.06 1.06l14.5 14.5a.75.75 0 1 0 1.06-1.06l-1.75-1.75A10 10 0 0 0 19.35 10.3a1 1 0 0 0 0-.6A10 10 0 0 0 6.09 5.03L3.28 2.22ZM.65 9.7a10 10 0 0 1 3.18-4.37l2.2 2.2a4 4 0 0 0 5.44 5.44l1.97 1.97A10 10 0 0 1 .65 10.3a1 1 0 0 1 0-.6Z" />
        </svg>
        {text}
      </span>
      {!module.hidden && module.releaseAt && <span className="text-xs text-muted">Students don&apos;t see it until then.</span>}
      {settingsHref && (
        <Link href={settingsHref} className="text-xs text-muted underline underline-offset-2 hover:text-ink">
          Change in settings
        </Link>
      )}
    </p>
  );
}
