"use client";
import Link from "next/link";
import { Badge, ReleaseBadge, StatusBadge, StatusLine, ZonedTime } from "@/app/_components/assignment/AssignmentBits";
import { ButtonLink } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { DataTable } from "@/app/_components/DataTable";
import { EmptyState } from "@/app/_components/EmptyState";
import { QueryErrorPage } from "@/app/_components/ErrorState";
import { courseCrumbs, PageHeader } from "@/app/_components/PageHeader";
import { Loading } from "@/app/_components/Spinner";
import { formatPoints, isReleased, pointsOf, studentStatus } from "@/app/_lib/assignments";
import { useNow } from "@/app/_lib/useNow";
import { api } from "@/app/_trpc/react";

/** The course's assignments: staff see all of them with their settings; students see where they stand. */
export function AssignmentsView({ courseId }: { courseId: string }) {
  const list = api.assignment.list.useQuery({ courseId });
  const course = api.course.get.useQuery({ courseId });
  const now = useNow();
  const base = `/courses/${courseId}`;
  const crumbs = courseCrumbs(courseId, course.data?.title);

  if (list.isPending) return <Loading label="Loading the assignments…" />;
  if (list.error) {
    return (
      <QueryErrorPage title="Assignments" crumbs={crumbs} error={list.error} retry={() => list.refetch()} backHref={base} backLabel="Back to the course" />
    );
  }

  const { role, timeZone, assignments } = list.data;
  const staff = role !== "STUDENT";
  // An archived course is read-only: nothing new is created in it.
  const instructor = role === "INSTRUCTOR" && !course.data?.archived;

  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title="Assignments"
        description={
          <p>
            {staff
              ? "Graded exercises and module quizzes, with their dates, points and whether grades are released."
              : "What is graded in this course, when it is due, and your points so far."}{" "}
            Times are in the course&apos;s time zone, {timeZone}.
          </p>
        }
        actions={
          staff ? (
            <>
              <ButtonLink href={`${base}/gradebook`} variant="secondary">
                Gradebook
              </ButtonLink>
              {instructor && (
                <ButtonLink href={`${base}/assignments/new`} data-testid="new-assignment">
                  New assignment
                </ButtonLink>
              )}
            </>
          ) : undefined
        }
      />

      {assignments.length === 0 ? (
        <EmptyState
          title="No assignments yet"
          action={instructor ? <ButtonLink href={`${base}/assignments/new`}>Create the first assignment</ButtonLink> : undefined}
        >
          {instructor
            ? "An assignment grades exercises and module quizzes with points, a due date and a late policy."
            : staff
              ? "The course's instructors have not created any assignment yet."
              : "Your instructor has not set any graded work yet. Assignments appear here with their due dates once they are created."}
        </EmptyState>
      ) : staff ? (
        <DataTable
          caption="Assignments of the course, soonest due first"
          columns={[{ label: "Assignment" }, { label: "Opens" }, { label: "Due" }, { label: "Points", numeric: true }, { label: "Grades" }]}
          data-testid="assignments-table"
        >
          {assignments.map((a) => (
            <tr key={a.id} data-testid="assignment-row">
              <th scope="row" className="px-4 py-3 text-left font-medium">
                <Link href={`${base}/assignments/${a.id}`} className="text-brand-700 hover:underline">
                  {a.title}
                </Link>
                <span className="block text-xs font-normal text-muted">
                  {a.items.length} {a.items.length === 1 ? "item" : "items"}
                </span>
              </th>
              <td className="px-4 py-3 whitespace-nowrap">
                {a.openAt ? <ZonedTime date={a.openAt} timeZone={timeZone} /> : <span className="text-muted">Right away</span>}
              </td>
              <td className="px-4 py-3 whitespace-nowrap">
                <ZonedTime date={a.dueAt} timeZone={timeZone} />
                {a.dueAt.getTime() < now && <span className="block text-xs text-muted">Past due</span>}
              </td>
              <td className="px-4 py-3 text-right tabular-nums">{formatPoints(a.pointsPossible)}</td>
              <td className="px-4 py-3">
                {isReleased(a.gradesReleasedAt, now) ? (
                  <Badge className="border-emerald-200 bg-emerald-50 text-emerald-800">Released</Badge>
                ) : (
                  <Badge>Not released</Badge>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <ul className="space-y-4" data-testid="assignments-list">
          {assignments.map((a) => {
            const mine = a.mine;
            const status = mine ? studentStatus(a.openAt, mine, now) : null;
            return (
              <li key={a.id} data-testid="assignment-row">
                <Card className="flex flex-wrap items-start justify-between gap-4">
                  <div className="min-w-60 flex-1">
                    <div className="flex flex-wrap items-center gap-2">
                      <h2 className="text-lg font-semibold">
                        <Link href={`${base}/assignments/${a.id}`} className="hover:underline">
                          {a.title}
                        </Link>
                      </h2>
                      {status && <StatusBadge status={status} />}
                      {mine?.extended && <Badge className="border-brand-100 bg-brand-50 text-brand-800">Extended</Badge>}
                    </div>
                    {mine && status && (
                      <p className="mt-1 text-sm text-slate-700">
                        <StatusLine status={status} timeZone={timeZone} extended={mine.extended} />
                      </p>
                    )}
                    <p className="mt-1 text-sm text-muted">
                      Due <ZonedTime date={mine?.dueAt ?? a.dueAt} timeZone={timeZone} />
                      {mine?.extended && " (your extension)"}
                    </p>
                  </div>
                  <div className="flex flex-col items-end gap-2 text-right">
                    {mine && (
                      <p className="text-sm">
                        <span className="sr-only">Your points: </span>
                        <span className="text-lg font-semibold tabular-nums">{pointsOf(mine.total, mine.pointsPossible)}</span>{" "}
                        <ReleaseBadge released={mine.released} />
                      </p>
                    )}
                    <ButtonLink href={`${base}/assignments/${a.id}`} variant="secondary" size="sm">
                      Open<span className="sr-only"> — {a.title}</span>
                    </ButtonLink>
                  </div>
                </Card>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
