"use client";
import Link from "next/link";
import { Badge, ReleaseBadge, StatusBadge, StatusLine, ZonedTime } from "@/app/_components/assignment/AssignmentBits";
import { ButtonLink } from "@/app/_components/Button";
import { EmptyState } from "@/app/_components/EmptyState";
import { QueryErrorPage } from "@/app/_components/ErrorState";
import { PageHeader } from "@/app/_components/PageHeader";
import { Loading } from "@/app/_components/Spinner";
import { daysLateText, pointsOf, studentStatus } from "@/app/_lib/assignments";
import { useNow } from "@/app/_lib/useNow";
import { api } from "@/app/_trpc/react";

/** Everything due for me as a student, across my courses: open and upcoming first, soonest due first. */
export function MyAssignmentsView() {
  const mine = api.assignment.mine.useQuery();
  const now = useNow();

  if (mine.isPending) return <Loading label="Loading your assignments…" />;
  if (mine.error) return <QueryErrorPage title="My assignments" error={mine.error} retry={() => mine.refetch()} />;

  const rows = mine.data;
  const openCount = rows.filter((a) => studentStatus(a.openAt, a.mine, now).kind !== "closed").length;
  return (
    <>
      <PageHeader
        title="My assignments"
        description={
          <p>
            Graded work from every course you take as a student, soonest due first.{" "}
            {rows.length > 0 && (openCount === 0 ? "Nothing is open right now." : `${openCount} still open or upcoming.`)}
          </p>
        }
      />
      {rows.length === 0 ? (
        <EmptyState
          title="Nothing due"
          action={
            <ButtonLink href="/courses" variant="secondary">
              My courses
            </ButtonLink>
          }
        >
          Assignments from the courses you take as a student appear here once your instructors create them: each with its due date, a countdown, and your points
          so far.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-line overflow-hidden rounded-xl border border-line bg-white shadow-sm" data-testid="my-assignments">
          {rows.map((a) => {
            const status = studentStatus(a.openAt, a.mine, now);
            const lateItems = a.mine.items.filter((i) => i.late && i.countedId);
            const maxDaysLate = Math.max(0, ...lateItems.map((i) => i.daysLate));
            const href = `/courses/${a.courseId}/assignments/${a.id}`;
            return (
              <li
                key={a.id}
                className={`flex flex-wrap items-center gap-x-6 gap-y-2 px-5 py-4 ${status.kind === "closed" ? "bg-canvas/60" : ""}`}
                data-testid="my-assignment-row"
              >
                <div className="min-w-64 flex-1">
                  <p className="text-xs font-medium text-muted">{a.courseTitle}</p>
                  <p className="mt-0.5 flex flex-wrap items-center gap-2">
                    <Link href={href} className="font-semibold text-ink hover:underline">
                      {a.title}
                    </Link>
                    <StatusBadge status={status} />
                    {a.mine.extended && (
                      <Badge className="border-brand-100 bg-brand-50 text-brand-800" title="You have a later due date than the class.">
                        Extended
                      </Badge>
                    )}
                    {lateItems.length > 0 && (
                      <Badge
                        className="border-amber-300 bg-amber-50 text-amber-900"
                        title={`${lateItems.length} ${lateItems.length === 1 ? "item counts" : "items count"} a late submission`}
                      >
                        Late ({daysLateText(maxDaysLate)})
                      </Badge>
                    )}
                  </p>
                  <p className="mt-1 text-sm text-slate-700">
                    <StatusLine status={status} timeZone={a.timeZone} extended={a.mine.extended} />
                  </p>
                  <p className="mt-0.5 text-xs text-muted">
                    Due <ZonedTime date={a.mine.dueAt} timeZone={a.timeZone} />
                    {a.mine.extended && " (your extension)"}
                  </p>
                </div>
                <div className="text-right">
                  <p className="text-lg font-semibold tabular-nums">
                    <span className="sr-only">Your points: </span>
                    {pointsOf(a.mine.total, a.mine.pointsPossible)}
                  </p>
                  <ReleaseBadge released={a.mine.released} />
                </div>
                <ButtonLink href={href} size="sm" variant={status.kind === "closed" ? "secondary" : "primary"}>
                  Open<span className="sr-only"> — {a.title}</span>
                </ButtonLink>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
