"use client";
import { AssignmentForm, draftFromAssignment } from "@/app/_components/assignment/AssignmentForm";
import { ButtonLink } from "@/app/_components/Button";
import { ErrorState, QueryErrorPage } from "@/app/_components/ErrorState";
import { courseCrumbs, PageHeader } from "@/app/_components/PageHeader";
import { Loading } from "@/app/_components/Spinner";
import { api } from "@/app/_trpc/react";

export function EditAssignmentView({ courseId, assignmentId, quizCounts }: { courseId: string; assignmentId: string; quizCounts: Record<string, number> }) {
  const course = api.course.get.useQuery({ courseId });
  // Not refetched behind the instructor's back: the form keeps what they typed.
  const assignment = api.assignment.get.useQuery({ assignmentId }, { refetchOnWindowFocus: false });
  const base = `/courses/${courseId}`;
  const page = `${base}/assignments/${assignmentId}`;
  const crumbs = courseCrumbs(
    courseId,
    course.data?.title,
    { href: `${base}/assignments`, label: "Assignments" },
    { href: page, label: assignment.data?.title ?? "Assignment" },
  );

  if (course.isPending || assignment.isPending) return <Loading label="Loading the assignment…" />;
  const error = course.error ?? assignment.error;
  if (error) {
    return (
      <QueryErrorPage
        title="Edit assignment"
        crumbs={crumbs}
        error={error}
        retry={() => {
          void course.refetch();
          void assignment.refetch();
        }}
        backHref={`${base}/assignments`}
        backLabel="Back to the assignments"
      />
    );
  }
  const back = (
    <ButtonLink href={page} variant="secondary">
      Back to the assignment
    </ButtonLink>
  );
  if (assignment.data!.courseId !== courseId) {
    return (
      <>
        <PageHeader title="Edit assignment" crumbs={crumbs} />
        <ErrorState title="Not found" action={back}>
          This assignment belongs to another course.
        </ErrorState>
      </>
    );
  }
  if (course.data!.role !== "INSTRUCTOR") {
    return (
      <>
        <PageHeader title="Edit assignment" crumbs={crumbs} />
        <ErrorState title="Only instructors change assignments" action={back}>
          Ask one of the course&apos;s instructors to change this assignment.
        </ErrorState>
      </>
    );
  }

  const a = assignment.data!;
  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title={`Edit “${a.title}”`}
        description={
          <p>
            Changes apply at once: points are computed whenever they are read, so every student&apos;s grade follows the new settings. Items kept keep their
            overrides.
          </p>
        }
      />
      <AssignmentForm course={course.data!} quizCounts={quizCounts} initial={draftFromAssignment(a, a.timeZone)} assignmentId={assignmentId} />
    </>
  );
}
