"use client";
import { ButtonLink } from "@/app/_components/Button";
import { ErrorState, QueryErrorState } from "@/app/_components/ErrorState";
import { PageHeader } from "@/app/_components/PageHeader";
import { Loading } from "@/app/_components/Spinner";
import { type LiveConnection, useLiveSession } from "@/app/_lib/useLiveSession";
import { api } from "@/app/_trpc/react";
import { InstructorConsole } from "./InstructorConsole";
import { LiveSummary } from "./LiveSummary";
import { StudentLive } from "./StudentLive";

const CONNECTION_TEXT: Record<LiveConnection, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting… (your work is safe)",
  refused: "Not connected",
};

export function LiveSessionView({ courseId, sessionId }: { courseId: string; sessionId: string }) {
  const live = useLiveSession(sessionId);
  const course = api.course.get.useQuery({ courseId });
  const crumbs = [
    { href: "/courses", label: "My courses" },
    { href: `/courses/${courseId}`, label: course.data?.title ?? "Course" },
  ];
  if (live.query.isPending) return <Loading label="Joining the live session…" />;
  if (live.query.error) {
    return (
      <>
        <PageHeader title="Live session" crumbs={crumbs} />
        <QueryErrorState error={live.query.error} retry={() => void live.query.refetch()} />
      </>
    );
  }
  const data = live.query.data;
  if (data.state.courseId !== courseId) {
    return (
      <ErrorState
        title="This session belongs to another course"
        action={<ButtonLink href={`/courses/${data.state.courseId}/live/${sessionId}`}>Open it</ButtonLink>}
      >
        The link is wrong; the session itself exists.
      </ErrorState>
    );
  }
  const modules = course.data?.modules ?? [];
  const ended = data.state.endedAt !== null;
  return (
    <div>
      <PageHeader
        title={ended ? "Live session (ended)" : "Live session"}
        crumbs={crumbs}
        description={
          ended ? (
            <p>Started {new Date(data.state.startedAt).toLocaleString()}; the results below stay available.</p>
          ) : (
            <p className="flex items-center gap-2" data-testid="live-connection">
              <span aria-hidden="true" className={`size-2 rounded-full ${live.connection === "live" ? "bg-green-500" : "bg-amber-500"}`} />
              <span role="status">{CONNECTION_TEXT[live.connection]}</span>
            </p>
          )
        }
      />
      {live.refusal && !ended && (
        <p role="alert" className="mb-4 text-red-700">
          {live.refusal}
        </p>
      )}
      {ended ? (
        <LiveSummary sessionId={sessionId} isInstructor={data.me.role === "INSTRUCTOR"} />
      ) : data.me.role === "INSTRUCTOR" ? (
        <InstructorConsole live={live} data={data} modules={modules} />
      ) : (
        <StudentLive live={live} data={data} modules={modules} />
      )}
    </div>
  );
}
