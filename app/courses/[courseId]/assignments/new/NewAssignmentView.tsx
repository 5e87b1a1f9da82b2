"use client";
import { AssignmentForm, emptyDraft } from "@/app/_components/assignment/AssignmentForm";
import { ButtonLink } from "@/app/_components/Button";
import { ErrorState, QueryErrorState } from "@/app/_components/ErrorState";
import { PageHeader } from "@/app/_components/PageHeader";
import { Loading } from "@/app/_components/Spinner";
import { api } from "@/app/_trpc/react";

export function NewAssignmentView({ courseId, quizCounts }: { courseId: string; quizCounts: Record<string, number> }) {
  const course = api.course.get.useQuery({ courseId });
  const base = `/courses/${courseId}`;
  const crumbs = [
    { href: "/courses", label: "My courses" },
    { href: base, label: course.data?.title ?? "Course" },
    { href: `${base}/assignments`, label: "Assignments" },
  ];

  if (course.isPending) return <Loading label="Loading the course…" />;
  if (course.error) {
    return (
      <>
        <PageHeader title="New assignment" crumbs={crumbs} />
        <QueryErrorState error={course.error} retry={() => course.refetch()} backHref={`${base}/assignments`} backLabel="Back to the assignments" />
      </>
    );
  }
  if (course.data.role !== "INSTRUCTOR") {
    return (
      <>
        <PageHeader title="New assignment" crumbs={crumbs} />
        <ErrorState
          title="Only instructors create assignments"
          action={
            <ButtonLink href={`${base}/assignments`} variant="secondary">
              Back to the assignments
            </ButtonLink>
          }
        >
          Ask one of the course&apos;s instructors to create or change assignments.
        </ErrorState>
      </>
    );
  }
  if (course.data.archived) {
    return (
      <>
        <PageHeader title="New assignment" crumbs={crumbs} />
        <ErrorState title="This course is archived" action={<ButtonLink href={`${base}/assignments`} variant="secondary">Back to the assignments</ButtonLink>}>
          An archived course is read-only: no assignment can be added.
        </ErrorState>
      </>
    );
  }

  return (
    <>
      <PageHeader crumbs={crumbs} title="New assignment" description={<p>Grade exercises and module quizzes of {course.data.title} with points, a due date and a late policy.</p>} />
      <AssignmentForm course={course.data} quizCounts={quizCounts} initial={emptyDraft(course.data.timeZone)} />
    </>
  );
}
