"use client";
import { EmptyState } from "@/app/_components/EmptyState";
import { QueryErrorState } from "@/app/_components/ErrorState";
import { PageHeader } from "@/app/_components/PageHeader";
import { RoleBadge } from "@/app/_components/RoleBadge";
import { Loading } from "@/app/_components/Spinner";
import { absoluteTime, relativeTime } from "@/app/_lib/format";
import { useNow } from "@/app/_lib/useNow";
import { api } from "@/app/_trpc/react";

export function RosterView({ courseId }: { courseId: string }) {
  const roster = api.course.roster.useQuery({ courseId });
  const course = api.course.get.useQuery({ courseId });
  const now = useNow();
  const base = `/courses/${courseId}`;
  const crumbs = [
    { href: "/courses", label: "My courses" },
    { href: base, label: course.data?.title ?? "Course" },
  ];

  if (roster.isPending) return <Loading label="Loading the roster…" />;
  if (roster.error) {
    return (
      <>
        <PageHeader title="Roster" crumbs={crumbs} />
        <QueryErrorState error={roster.error} retry={() => roster.refetch()} backHref={base} backLabel="Back to the course" />
      </>
    );
  }

  const students = roster.data.filter((r) => r.role === "STUDENT").length;
  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title="Roster"
        description={
          <p>
            {roster.data.length} {roster.data.length === 1 ? "member" : "members"}, {students} {students === 1 ? "student" : "students"}.
            Submissions count every exercise in the course.
          </p>
        }
      />
      {students === 0 && (
        <div className="mb-6">
          <EmptyState title="No students yet">
            Share the course&apos;s join code{course.data?.joinCode ? <> (<strong className="font-mono">{course.data.joinCode}</strong>)</> : null}; students
            appear here as soon as they join.
          </EmptyState>
        </div>
      )}
      <div role="region" aria-labelledby="roster-caption" tabIndex={0} className="relative overflow-x-auto rounded-xl border border-line bg-white shadow-sm">
        <table className="w-full min-w-[36rem] border-collapse text-left text-sm">
          <caption id="roster-caption" className="sr-only">
            Course roster
          </caption>
          <thead className="border-b border-line bg-slate-50 text-xs tracking-wide text-slate-600 uppercase">
            <tr>
              <th scope="col" className="px-4 py-3 font-semibold">Name</th>
              <th scope="col" className="px-4 py-3 font-semibold">Email</th>
              <th scope="col" className="px-4 py-3 font-semibold">Role</th>
              <th scope="col" className="px-4 py-3 font-semibold">Joined</th>
              <th scope="col" className="px-4 py-3 text-right font-semibold">Submissions</th>
            </tr>
          </thead>
          <tbody>
            {roster.data.map((r) => (
              <tr key={r.userId} className="border-b border-line last:border-b-0">
                <th scope="row" className="px-4 py-2.5 font-medium">{r.name}</th>
                <td className="px-4 py-2.5 text-slate-700">
                  <a href={`mailto:${r.email}`} className="hover:underline">{r.email}</a>
                </td>
                <td className="px-4 py-2.5"><RoleBadge role={r.role} /></td>
                <td className="px-4 py-2.5 whitespace-nowrap text-slate-700">
                  <time dateTime={r.joinedAt.toISOString()} title={absoluteTime(r.joinedAt)}>{relativeTime(r.joinedAt, now)}</time>
                </td>
                <td className="px-4 py-2.5 text-right font-mono tabular-nums">{r.submissions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
