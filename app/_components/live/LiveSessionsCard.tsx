"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Button, ButtonLink } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { api } from "@/app/_trpc/react";

/** On the course page: start (instructors, TAs) or join (students) the running live session; past ones' results. */
export function LiveSessionsCard({ courseId }: { courseId: string }) {
  const router = useRouter();
  const list = api.live.list.useQuery({ courseId });
  const start = api.live.start.useMutation({ onSuccess: (s) => router.push(`/courses/${courseId}/live/${s.sessionId}`) });
  if (!list.data) return null;
  const { role, sessions } = list.data;
  const running = sessions.find((s) => !s.endedAt);
  const past = sessions.filter((s) => s.endedAt);
  // Instructors and teaching assistants run live sessions; students join them.
  const staff = role !== "STUDENT";
  if (!staff && sessions.length === 0) return null;
  return (
    <Card tone={running ? "brand" : "default"} className="mb-8" data-testid="live-sessions">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 className="font-semibold">Live sessions</h2>
          <p className="text-sm text-muted">
            {running
              ? `A session is running (code ${running.joinCode}).`
              : staff
                ? "Teach live: pace the modules, run polls and timed training rounds."
                : "No session is running now."}
          </p>
        </div>
        {running ? (
          <ButtonLink href={`/courses/${courseId}/live/${running.id}`}>{staff ? "Open the live session" : "Join the live session"}</ButtonLink>
        ) : (
          staff && (
            <Button onClick={() => start.mutate({ courseId })} disabled={start.isPending}>
              Start a live session
            </Button>
          )
        )}
      </div>
      {start.error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {start.error.message}
        </p>
      )}
      {past.length > 0 && (
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer text-muted">Past sessions ({past.length})</summary>
          <ul className="mt-2 space-y-1">
            {past.map((s) => (
              <li key={s.id}>
                <Link className="underline" href={`/courses/${courseId}/live/${s.id}`}>
                  {new Date(s.startedAt).toLocaleString()}
                </Link>{" "}
                — {s.participants} students, {s.rounds} rounds, {s.polls} polls
              </li>
            ))}
          </ul>
        </details>
      )}
    </Card>
  );
}
