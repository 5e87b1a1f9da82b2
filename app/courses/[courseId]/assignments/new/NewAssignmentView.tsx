"use client";
import { AssignmentForm, emptyDraft } from "@/app/_components/assignment/AssignmentForm";
import { ButtonLink } from "@/app/_components/Button";
import { ErrorState, QueryErrorPage } from "@/app/_components/ErrorState";
import { courseCrumbs, PageHeader } from "@/app/_components/PageHeader";
import { Loading } from "@/app/_components/Spinner";
import { api } from "@/app/_trpc/react";

export function NewAssignmentView({ courseId, quizCounts }: { courseId: string; quizCounts: Record<string, number> }) {
  const course = api.course.get.useQuery({ courseId });
  const base = `/courses/${courseId}`;
  const crumbs = courseCrumbs(courseId, course.data?.title, { href: `${base}/assignments`, label: "Assignments" });

  if (course.isPending) return <Loading label="Loading the course…" />;
  if (course.error) {
    return (
      <QueryErrorPage
        title="New assignment"
        crumbs={crumbs}
        error={course.error}
        retry={() => course.refetch()}
        backHref={`${base}/assignments`}
        backLabel="Back to the assignments"
      />
    );
  }
  const back = (
    <ButtonLink href={`${base}/assignments`} variant="secondary">
      Back to the assignments
    </ButtonLink>
  );
  if (course.data.role !== "INSTRUCTOR") {
    return (
      <>
        <PageHeader title="New assignment" crumbs={crumbs} />
        <ErrorState title="Only instructors create assignments" action={back}>
          Ask one of the course&apos;s instructors to create or change assignments.
        </ErrorState>
      </>
    );
  }
  if (course.data.archived) {
    return (
      <>
        <PageHeader title="New assignment" crumbs={crumbs} />
        <ErrorState title="This course is archived" action={back}>
          An archived course is read-only: no assignment can be added.
        </ErrorState>
      </>
    );
  }

  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title="New assignment"
        description={<p>Grade exercises and module quizzes of {course.data.title} with points, a due date and a late policy.</p>}
      />
      <AssignmentForm course={course.data} quizCounts={quizCounts} initial={emptyDraft(course.data.timeZone)} />
    </>
  );
}
