"use client";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { Alert, Success } from "@/app/_components/Alert";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { DataTable } from "@/app/_components/DataTable";
import { EmptyNote, EmptyState } from "@/app/_components/EmptyState";
import { QueryErrorPage } from "@/app/_components/ErrorState";
import { courseCrumbs, PageHeader } from "@/app/_components/PageHeader";
import { Loading } from "@/app/_components/Spinner";
import { failureMessage } from "@/app/_lib/errors";
import { absoluteTime, plural, relativeTime } from "@/app/_lib/format";
import { useNow } from "@/app/_lib/useNow";
import { api } from "@/app/_trpc/react";
import type { AppRouter } from "@/server/api/root";

type LmsCourse = inferRouterOutputs<AppRouter>["lti"]["courseLinks"][number];
type LinkedAssignment = LmsCourse["links"][number];
type StudentSync = LinkedAssignment["students"][number];
type RosterSync = inferRouterOutputs<AppRouter>["lti"]["syncRoster"][number];

const TITLE = "LMS";
/** While grades wait to be sent, the tables look again this often. */
const PENDING_REFETCH_MS = 10_000;

const anyPending = (lmsCourses: LmsCourse[] | undefined) => !!lmsCourses?.some((c) => c.links.some((l) => l.students.some((s) => s.status === "PENDING")));

/** Staff: the LMS courses this course is linked to, their roster syncs, and what GenLab sent to each grade column. */
export function CourseLmsView({ courseId }: { courseId: string }) {
  const lmsCourses = api.lti.courseLinks.useQuery({ courseId }, { refetchInterval: (query) => (anyPending(query.state.data) ? PENDING_REFETCH_MS : false) });
  const course = api.course.get.useQuery({ courseId });
  const now = useNow();
  const base = `/courses/${courseId}`;
  const crumbs = courseCrumbs(courseId, course.data?.title);

  if (lmsCourses.isPending || (course.isPending && !lmsCourses.error)) return <Loading label="Loading the course's LMS links…" />;
  const failed = lmsCourses.error ?? course.error;
  if (failed) {
    return (
      <QueryErrorPage
        title={TITLE}
        crumbs={crumbs}
        error={failed}
        retry={() => void Promise.all([lmsCourses.refetch(), course.refetch()])}
        backHref={base}
        backLabel="Back to the course"
      />
    );
  }

  const linked = lmsCourses.data!;
  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title={TITLE}
        description={<p>The LMS courses this course is linked to: their rosters, and the grades GenLab sends to their grade columns.</p>}
      />
      {linked.length === 0 ? (
        <EmptyState title="This course is not linked to an LMS">
          <p>Students can open this course&apos;s assignments from an LMS course, and GenLab sends their grades to its gradebook. To link one:</p>
          <ol className="mt-3 list-decimal space-y-1 pl-5 text-left text-sm">
            <li>
              One of GenLab&apos;s administrators registers the LMS on the{" "}
              <Link href="/lti" className="font-medium text-brand-700 underline underline-offset-2">
                LMS integration
              </Link>{" "}
              page (once per LMS).
            </li>
            <li>
              In the LMS course, an instructor adds GenLab from the LMS&apos;s assignment or tool picker (Deep Linking) and chooses one of this course&apos;s
              assignments. That links the LMS course to this one.
            </li>
          </ol>
        </EmptyState>
      ) : (
        <>
          <ActionsCards courseId={courseId} />
          {linked.map((lmsCourse) => (
            <LmsCourseSection key={lmsCourse.id} courseId={courseId} lmsCourse={lmsCourse} now={now} />
          ))}
        </>
      )}
    </>
  );
}

// ── Roster sync and resending grades ────────────────────────────────────────────────────────

const describeSync = (results: RosterSync[]) =>
  results.map((r) => `${plural(r.members, "member")}: ${r.enrolled} enrolled, ${r.removed} marked removed`).join("; ");

function ActionsCards({ courseId }: { courseId: string }) {
  const utils = api.useUtils();
  const sync = api.lti.syncRoster.useMutation({
    onSettled: () => Promise.all([utils.lti.courseLinks.invalidate({ courseId }), utils.roster.list.invalidate({ courseId })]),
  });
  const resend = api.lti.resendGrades.useMutation({ onSuccess: () => utils.lti.courseLinks.invalidate({ courseId }) });

  return (
    <div className="mb-10 grid gap-6 lg:grid-cols-2">
      <Card>
        <h2 className="text-lg font-semibold text-ink">Roster</h2>
        <p className="mt-1 text-sm text-muted">
          GenLab reads the LMS&apos;s roster after launches from the LMS (at most hourly): its people join this course with their LMS role, and people it no
          longer lists are marked removed, their work kept. Sync now to bring everyone in before their first launch.
        </p>
        <Button className="mt-4" onClick={() => sync.mutate({ courseId })} disabled={sync.isPending} data-testid="lms-sync-roster">
          {sync.isPending ? "Syncing the roster…" : "Sync the roster from the LMS"}
        </Button>
        <div aria-live="polite">{sync.data && <Success className="mt-3">Roster synced. {describeSync(sync.data)}.</Success>}</div>
        {sync.error && <Alert className="mt-3">The roster was not synced: {failureMessage(sync.error)}</Alert>}
      </Card>
      <Card>
        <h2 className="text-lg font-semibold text-ink">Grades</h2>
        <p className="mt-1 text-sm text-muted">
          GenLab sends a student&apos;s grade to the LMS whenever it changes. Send them all again after changing grading rules or dates; only changed grades are
          sent.
        </p>
        <Button variant="secondary" className="mt-4" onClick={() => resend.mutate({ courseId })} disabled={resend.isPending} data-testid="lms-resend-grades">
          {resend.isPending ? "Queueing the grades…" : "Send all grades again"}
        </Button>
        <div aria-live="polite">
          {resend.isSuccess && <Success className="mt-3">Queued: GenLab is working through the grades now. The tables below follow as they are sent.</Success>}
        </div>
        {resend.error && <Alert className="mt-3">The grades were not queued: {failureMessage(resend.error)}</Alert>}
      </Card>
    </div>
  );
}

// ── One LMS course ──────────────────────────────────────────────────────────────────────────

function LmsCourseSection({ courseId, lmsCourse: c, now }: { courseId: string; lmsCourse: LmsCourse; now: number }) {
  const headingId = `lms-course-${c.id}`;
  return (
    <section aria-labelledby={headingId} className="mb-10" data-testid="lms-course">
      <h2 id={headingId} className="text-xl font-semibold break-words text-ink">
        {c.title}
      </h2>
      <p className="mt-1 text-sm text-muted">
        In {c.lms}.{" "}
        {!c.rosterAvailable ? (
          "The LMS has not shared this course's roster yet; it does with the next launch from the LMS course."
        ) : c.rosterSyncedAt ? (
          <>
            Roster last synced{" "}
            <time dateTime={c.rosterSyncedAt.toISOString()} title={absoluteTime(c.rosterSyncedAt)}>
              {relativeTime(c.rosterSyncedAt, now)}
            </time>
            .
          </>
        ) : (
          "Roster never synced."
        )}
      </p>
      {c.rosterError && <Alert className="mt-2">The last roster sync failed: {c.rosterError}</Alert>}
      {c.links.length === 0 ? (
        <EmptyNote className="mt-4">
          No GenLab assignment has been added to this LMS course yet. Instructors add one from the LMS&apos;s assignment picker.
        </EmptyNote>
      ) : (
        c.links.map((link) => <LinkedAssignmentGrades key={link.id} courseId={courseId} link={link} now={now} />)
      )}
    </section>
  );
}

function LinkedAssignmentGrades({ courseId, link, now }: { courseId: string; link: LinkedAssignment; now: number }) {
  const count = (status: StudentSync["status"]) => link.students.filter((s) => s.status === status).length;
  return (
    <div className="mt-6">
      <h3 className="font-semibold break-words text-ink">
        <Link href={`/courses/${courseId}/assignments/${link.assignmentId}`} className="hover:underline">
          {link.assignmentTitle}
        </Link>
      </h3>
      {!link.gradeColumn ? (
        <p className="mt-1 text-sm text-amber-800">This link has no grade column in the LMS, so GenLab sends no grades for it.</p>
      ) : (
        link.students.length > 0 && (
          <p className="mt-1 text-sm text-muted">
            {count("POSTED")} sent, {count("PENDING")} waiting, {count("FAILED")} not sent.
          </p>
        )
      )}
      {link.gradeColumn && link.students.length === 0 ? (
        <EmptyNote className="mt-2">
          No grade sent yet. GenLab sends a student&apos;s grade once they have one: after they submit, or when the rules change.
        </EmptyNote>
      ) : (
        link.students.length > 0 && (
          <div className="mt-2">
            <DataTable
              caption={`Grades sent to the LMS for ${link.assignmentTitle}`}
              columns={[
                { label: "Student" },
                { label: "Status" },
                { label: "Points sent", numeric: true },
                { label: "Sent" },
                { label: "Attempts", numeric: true },
              ]}
            >
              {link.students.map((s) => (
                <tr key={s.userId} className="align-top">
                  <th scope="row" className="px-4 py-2.5 text-left font-medium text-ink">
                    {s.name}
                    <span className="block text-xs font-normal break-all text-muted">{s.email}</span>
                  </th>
                  <td className="min-w-48 px-4 py-2.5">
                    <SyncStatus student={s} now={now} />
                  </td>
                  <td className="px-4 py-2.5 text-right font-mono tabular-nums">{s.postedPoints ?? "—"}</td>
                  <td className="px-4 py-2.5 whitespace-nowrap text-slate-700">
                    {s.postedAt ? (
                      <time dateTime={s.postedAt.toISOString()} title={absoluteTime(s.postedAt)}>
                        {relativeTime(s.postedAt, now)}
                      </time>
                    ) : (
                      "never"
                    )}
                  </td>
                  <td className="px-4 py-2.5 text-right font-mono tabular-nums">{s.attempts}</td>
                </tr>
              ))}
            </DataTable>
          </div>
        )
      )}
    </div>
  );
}

function SyncStatus({ student: s, now }: { student: StudentSync; now: number }) {
  switch (s.status) {
    case "POSTED":
      return <span className="font-medium text-emerald-800">Sent</span>;
    case "PENDING":
      return (
        <span className="text-amber-800">
          <span className="font-medium">Waiting</span>
          {s.error && <span className="block text-xs break-words">to try again after: {s.error}</span>}
        </span>
      );
    case "FAILED":
      return (
        <span className="text-red-700">
          <span className="font-medium">Not sent</span>
          {s.error && <span className="block text-xs break-words">{s.error}</span>}
          <span className="block text-xs text-muted">
            Last tried{" "}
            <time dateTime={s.updatedAt.toISOString()} title={absoluteTime(s.updatedAt)}>
              {relativeTime(s.updatedAt, now)}
            </time>
          </span>
        </span>
      );
  }
}
