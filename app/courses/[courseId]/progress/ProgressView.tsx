"use client";
import { EmptyState } from "@/app/_components/EmptyState";
import { QueryErrorState } from "@/app/_components/ErrorState";
import { PageHeader } from "@/app/_components/PageHeader";
import { PersonEmail } from "@/app/_components/PersonEmail";
import { Loading } from "@/app/_components/Spinner";
import { api } from "@/app/_trpc/react";

/** Instructors: every student × every module — read, quiz, exercises. */
export function ProgressView({ courseId }: { courseId: string }) {
  const table = api.progress.course.useQuery({ courseId });
  const course = api.course.get.useQuery({ courseId });
  const base = `/courses/${courseId}`;
  const crumbs = [
    { href: "/courses", label: "My courses" },
    { href: base, label: course.data?.title ?? "Course" },
  ];
  if (table.isPending) return <Loading label="Loading progress…" />;
  if (table.error) {
    return (
      <>
        <PageHeader title="Student progress" crumbs={crumbs} />
        <QueryErrorState error={table.error} retry={() => table.refetch()} backHref={base} backLabel="Back to the course" />
      </>
    );
  }
  const modules = table.data[0]?.modules ?? [];
  return (
    <>
      <PageHeader crumbs={crumbs} title="Student progress" description={<p>Per module: read (R), quiz questions solved (Q), exercises submitted (E).</p>} />
      {table.data.length === 0 ? (
        <EmptyState title="No students yet">Students appear here once they join with the course&apos;s code.</EmptyState>
      ) : (
        // Focusable, so a keyboard can scroll the table sideways (it is wider than the page).
        <div
          role="region"
          aria-label="Student progress by module"
          tabIndex={0}
          className="relative overflow-x-auto rounded-xl border border-line bg-white shadow-sm"
        >
          <table className="min-w-full text-sm" data-testid="progress-table">
            <caption className="sr-only">Progress of each student in each module</caption>
            <thead className="bg-canvas text-left text-xs tracking-wide text-muted uppercase">
              <tr>
                <th scope="col" className="px-4 py-3">
                  Student
                </th>
                {modules.map((m) => (
                  <th key={m.slug} scope="col" className="px-4 py-3">
                    {m.title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {table.data.map((student) => (
                <tr key={student.userId}>
                  <th scope="row" className="px-4 py-3 text-left font-medium">
                    {student.name}
                    <PersonEmail email={student.email} />
                  </th>
                  {student.modules.map((m) => (
                    <td key={m.slug} className="px-4 py-3 font-mono text-xs whitespace-nowrap">
                      <span title="Read" className={m.read ? "text-green-800" : "text-muted"}>
                        R {m.read ? "✓" : "–"}
                      </span>
                      {m.quizTotal > 0 && (
                        <span title="Quiz questions solved" className={`ml-3 ${m.quizPassed ? "text-green-800" : ""}`}>
                          Q {m.quizCorrect}/{m.quizTotal}
                        </span>
                      )}
                      {m.exercisesTotal > 0 && (
                        <span title="Exercises submitted" className={`ml-3 ${m.exercisesSubmitted >= m.exercisesTotal ? "text-green-800" : ""}`}>
                          E {m.exercisesSubmitted}/{m.exercisesTotal}
                        </span>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
