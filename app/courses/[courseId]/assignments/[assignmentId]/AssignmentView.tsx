"use client";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Alert } from "@/app/_components/Alert";
import { Badge, Countdown, LateBadge, ReleaseBadge, StatusBadge, StatusLine, ZonedTime } from "@/app/_components/assignment/AssignmentBits";
import { Button, ButtonLink } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { DataTable } from "@/app/_components/DataTable";
import { EmptyState } from "@/app/_components/EmptyState";
import { QueryErrorPage } from "@/app/_components/ErrorState";
import { Markdown } from "@/app/_components/Markdown";
import { courseCrumbs, PageHeader, type Crumb } from "@/app/_components/PageHeader";
import { Loading } from "@/app/_components/Spinner";
import { ANSWERS_SHOWN_LABEL, COUNTING_LABEL, formatPoints, isReleased, latePenalty, pointsOf, studentStatus } from "@/app/_lib/assignments";
import { errorMessage } from "@/app/_lib/errors";
import { useExerciseCatalog } from "@/app/_lib/useExerciseCatalog";
import { useNow } from "@/app/_lib/useNow";
import { api } from "@/app/_trpc/react";
import { courseHeldoutFormat } from "@/lib/course/heldout";
import { describeLatePolicy, lastAcceptedAt } from "@/lib/grading/late";
import { describeRule } from "@/lib/grading/rules";
import { addLocalDays, formatZoned, utcToZonedLocal, zonedLocalToUtc } from "@/lib/grading/time";
import type { AppRouter } from "@/server/api/root";

type Assignment = inferRouterOutputs<AppRouter>["assignment"]["get"];

export function AssignmentView({ courseId, assignmentId }: { courseId: string; assignmentId: string }) {
  const assignment = api.assignment.get.useQuery({ assignmentId });
  const course = api.course.get.useQuery({ courseId });
  const base = `/courses/${courseId}`;
  const crumbs = courseCrumbs(courseId, course.data?.title, { href: `${base}/assignments`, label: "Assignments" });

  if (assignment.isPending) return <Loading label="Loading the assignment…" />;
  if (assignment.error) {
    return (
      <QueryErrorPage
        title="Assignment"
        crumbs={crumbs}
        error={assignment.error}
        retry={() => assignment.refetch()}
        backHref={`${base}/assignments`}
        backLabel="Back to the assignments"
      />
    );
  }
  const a = assignment.data;
  if (a.courseId !== courseId) {
    const notHere = { data: { code: "NOT_FOUND" }, message: "This assignment belongs to another course." };
    return <QueryErrorPage title="Assignment" crumbs={crumbs} error={notHere} backHref={`${base}/assignments`} backLabel="Back to the assignments" />;
  }
  return a.role === "STUDENT" ? (
    <StudentAssignment a={a} crumbs={crumbs} base={base} />
  ) : (
    <StaffAssignment a={a} crumbs={crumbs} base={base} archived={course.data?.archived ?? false} />
  );
}

// ── Shared ───────────────────────────────────────────────────────────────────────────────────

function Instructions({ a }: { a: Assignment }) {
  return (
    <section aria-labelledby="instructions-heading" className="mt-8">
      <h2 id="instructions-heading" className="mb-3 text-xl font-semibold">
        Instructions
      </h2>
      <Card data-testid="assignment-instructions-view">
        <Markdown source={a.instructions} headingBase={3} emptyText="No instructions: complete the items below." />
      </Card>
    </section>
  );
}

/** The card of an assignment's dates: a DateRow each. */
function Dates({ children }: { children: React.ReactNode }) {
  return (
    <Card>
      <h2 className="sr-only">Dates</h2>
      <dl className="space-y-2">{children}</dl>
    </Card>
  );
}

function DateRow({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5 sm:flex-row sm:gap-3">
      <dt className="w-40 shrink-0 text-sm font-medium text-muted">{label}</dt>
      <dd className="text-sm text-ink">{children}</dd>
    </div>
  );
}

function QuizSettings({ a }: { a: Assignment }) {
  if (!a.items.some((i) => i.kind === "quiz")) return null;
  return (
    <DateRow label="Quizzes">
      {a.quizAttempts} {a.quizAttempts === 1 ? "attempt" : "attempts"} per quiz; correct answers shown: {ANSWERS_SHOWN_LABEL[a.quizAnswersShown].toLowerCase()}.
    </DateRow>
  );
}

/** Exercise items with held-out data: which part of the held-out set earns their points. */
function HeldoutGrading({ a }: { a: Assignment }) {
  if (!a.items.some((i) => i.exerciseSlug && courseHeldoutFormat(i.exerciseSlug))) return null;
  return (
    <DateRow label="Held-out data">
      {a.gradedOn === "PRIVATE"
        ? "Exercises with held-out data are graded on its private part; students see those points after the exercise's due date."
        : "Exercises with held-out data are graded on its public part, the one the leaderboard ranks live."}
    </DateRow>
  );
}

// ── Students ─────────────────────────────────────────────────────────────────────────────────

function StudentAssignment({ a, crumbs, base }: { a: Assignment; crumbs: Crumb[]; base: string }) {
  const now = useNow();
  const mine = a.mine;
  const tz = a.timeZone;
  const status = mine ? studentStatus(a.openAt, mine, now) : null;
  const penaltyFor = (daysLate: number) => latePenalty(a.latePolicy, daysLate);

  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title={a.title}
        description={
          status && mine ? (
            <p className="flex flex-wrap items-center gap-2">
              <StatusBadge status={status} />
              <span className="text-slate-700">
                <StatusLine status={status} timeZone={tz} extended={mine.extended} />
              </span>
            </p>
          ) : undefined
        }
      />

      <div className="grid gap-4 lg:grid-cols-[1fr_18rem]">
        <Dates>
          <DateRow label="Opens">{a.openAt ? <ZonedTime date={a.openAt} timeZone={tz} /> : "Open now"}</DateRow>
          <DateRow label="Due">
            {mine?.extended ? (
              <span data-testid="my-extension">
                <strong>
                  Extended for you to <ZonedTime date={mine.dueAt} timeZone={tz} />
                </strong>
                <span className="block text-muted">
                  (the class&apos;s due date is <ZonedTime date={a.dueAt} timeZone={tz} />)
                </span>
              </span>
            ) : (
              <ZonedTime date={a.dueAt} timeZone={tz} />
            )}
          </DateRow>
          <DateRow label="Late work">{describeLatePolicy(a.latePolicy)}</DateRow>
          {mine && a.latePolicy.kind !== "none" && (
            <DateRow label="Closes">
              <ZonedTime date={mine.closesAt} timeZone={tz} /> <span className="text-muted">(end of the late window)</span>
            </DateRow>
          )}
          <QuizSettings a={a} />
          <HeldoutGrading a={a} />
        </Dates>
        {mine && status && (
          <Card
            tone={status.kind === "late" ? "amber" : status.kind === "open" ? "brand" : "default"}
            className="flex flex-col justify-center text-center"
            data-testid="assignment-countdown"
          >
            {status.kind === "closed" ? (
              <>
                <p className="text-sm font-medium text-muted">Closed</p>
                <p className="mt-1 text-sm text-slate-700">No more submissions count for this assignment.</p>
              </>
            ) : (
              <>
                <p className="text-sm font-medium text-slate-700">
                  {status.kind === "upcoming"
                    ? "Opens in"
                    : status.kind === "open"
                      ? mine.extended
                        ? "Your extended due date is in"
                        : "Due in"
                      : "Late window closes in"}
                </p>
                <p className="mt-1 text-2xl font-bold tracking-tight">
                  <Countdown target={status.until!} timeZone={tz} />
                </p>
                {status.kind === "late" && a.latePolicy.kind === "percentPerDay" && (
                  <p className="mt-1 text-xs text-amber-900">Work submitted now loses {a.latePolicy.percentPerDay} % of its points per day late.</p>
                )}
              </>
            )}
          </Card>
        )}
      </div>

      <Instructions a={a} />

      <section aria-labelledby="items-heading" className="mt-8">
        <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
          <h2 id="items-heading" className="text-xl font-semibold">
            Your points
          </h2>
          {mine && (
            <p
              className={`rounded-md px-3 py-1.5 text-sm ${mine.released ? "bg-emerald-50 text-emerald-900" : "bg-slate-100 text-slate-700"}`}
              data-testid="grades-release-status"
            >
              {mine.released ? "Released — these points are final." : "Provisional — your instructor has not released grades yet."}
            </p>
          )}
        </div>
        {a.items.length === 0 || !mine ? (
          <EmptyState title="Nothing to do here">This assignment has no items.</EmptyState>
        ) : (
          <DataTable
            caption={`Your points for each item of ${a.title}`}
            columns={[{ label: "Item" }, { label: "Points", numeric: true }, { label: "What counts" }, { label: "Action", hidden: true }]}
            data-testid="my-items"
            footer={
              <tfoot className="border-t-2 border-line bg-canvas">
                <tr>
                  <th scope="row" className="px-4 py-3 text-left font-semibold">
                    Total
                  </th>
                  <td className="px-4 py-3 text-right font-semibold whitespace-nowrap tabular-nums" data-testid="my-total">
                    {pointsOf(mine.total, mine.pointsPossible)}
                  </td>
                  <td className="px-4 py-3" colSpan={2}>
                    <ReleaseBadge released={mine.released} />
                  </td>
                </tr>
              </tfoot>
            }
          >
            {a.items.map((item, index) => {
              const g = mine.items.find((x) => x.itemId === item.id);
              const counted = g?.countedId ? g.attempts.find((x) => x.id === g.countedId) : undefined;
              const refused = g ? g.attempts.filter((x) => !x.accepted || x.reason) : [];
              const href = item.kind === "exercise" ? `${base}/exercises/${item.exerciseSlug}` : `${base}/assignments/${a.id}/quiz/${item.id}`;
              return (
                <tr key={item.id} data-testid={`my-item-${index}`}>
                  <th scope="row" className="px-4 py-3 text-left align-top font-medium">
                    {item.title}
                    <span className="block text-xs font-normal text-muted">
                      {item.kind === "exercise" ? "Exercise" : item.kind === "quiz" ? "Module quiz" : "In a module your instructor has not released yet"}
                    </span>
                  </th>
                  <td className="px-4 py-3 text-right align-top whitespace-nowrap tabular-nums">
                    {g?.excused ? (
                      <Badge className="border-sky-200 bg-sky-50 text-sky-900" title="Excused: this item does not count toward your total.">
                        Excused
                      </Badge>
                    ) : (
                      <span className="font-semibold">{pointsOf(g?.earned ?? null, item.points)}</span>
                    )}
                    {g?.override && !g.excused && (
                      <span className="mt-1 block text-xs text-muted" title={g.override.reason}>
                        Set by your instructor
                      </span>
                    )}
                  </td>
                  <td className="px-4 py-3 align-top">
                    {g?.privatePending ? (
                      <span className="text-muted" data-testid={`my-item-private-${index}`}>
                        Graded on the private part of the held-out data: your points show{" "}
                        {g.privatePending.revealAt ? (
                          <>
                            after <ZonedTime date={g.privatePending.revealAt} timeZone={a.timeZone} />
                          </>
                        ) : (
                          "after the exercise's due date"
                        )}
                        .
                      </span>
                    ) : counted ? (
                      <span className="flex flex-wrap items-center gap-2">
                        <span>
                          {item.kind === "exercise" ? "Submission" : "Attempt"} of <ZonedTime date={counted.at} timeZone={a.timeZone} />
                        </span>
                        <Badge>{COUNTING_LABEL[item.counting]}</Badge>
                        {g!.late && <LateBadge daysLate={g!.daysLate} penalty={penaltyFor(g!.daysLate)} />}
                      </span>
                    ) : (
                      <span className="text-muted">
                        {g && g.attempts.length > 0 ? "None of your submissions can count yet." : "Nothing submitted yet."}{" "}
                        <span className="text-xs">({COUNTING_LABEL[item.counting]} counts)</span>
                      </span>
                    )}
                    {refused.length > 0 && (
                      <span className="mt-1 block text-xs text-muted">
                        {refused.length} {refused.length === 1 ? "submission does" : "submissions do"} not count (
                        {[...new Set(refused.map((r) => r.reason).filter(Boolean))].join("; ")}).
                      </span>
                    )}
                    {g?.override?.reason && <span className="mt-1 block text-xs text-slate-700">Instructor&apos;s note: {g.override.reason}</span>}
                  </td>
                  <td className="px-4 py-3 text-right align-top">
                    {item.kind !== "unreleased" && (
                      <ButtonLink href={href} size="sm" variant={status?.kind === "closed" ? "secondary" : "primary"} data-testid={`my-item-open-${index}`}>
                        {item.kind === "exercise" ? "Go to the exercise" : status?.kind === "closed" ? "Review the quiz" : "Take the quiz"}
                        <span className="sr-only"> — {item.title}</span>
                      </ButtonLink>
                    )}
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </section>
    </>
  );
}

// ── Staff ────────────────────────────────────────────────────────────────────────────────────

function StaffAssignment({ a, crumbs, base, archived }: { a: Assignment; crumbs: Crumb[]; base: string; archived: boolean }) {
  const router = useRouter();
  const utils = api.useUtils();
  const { bySlug } = useExerciseCatalog();
  const now = useNow();
  const tz = a.timeZone;
  const instructor = a.role === "INSTRUCTOR";
  const released = isReleased(a.gradesReleasedAt, now);
  const closesAt = lastAcceptedAt(a.dueAt, a.latePolicy, tz);

  const invalidate = () =>
    Promise.all([
      utils.assignment.get.invalidate({ assignmentId: a.id }),
      utils.assignment.list.invalidate({ courseId: a.courseId }),
      utils.gradebook.get.invalidate({ courseId: a.courseId }),
    ]);
  const release = api.assignment.setReleased.useMutation({ onSuccess: invalidate });
  const remove = api.assignment.delete.useMutation({
    onSuccess: async () => {
      await utils.assignment.list.invalidate({ courseId: a.courseId });
      router.push(`${base}/assignments`);
    },
  });

  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title={a.title}
        description={
          <p>
            {a.items.length} {a.items.length === 1 ? "item" : "items"}, {formatPoints(a.pointsPossible)} points. Times in {tz}.
          </p>
        }
        actions={
          <>
            <ButtonLink href={`${base}/gradebook`} variant="secondary" data-testid="gradebook-link">
              Gradebook
            </ButtonLink>
            {instructor && !archived && (
              <>
                <ButtonLink href={`${base}/assignments/${a.id}/edit`} variant="secondary" data-testid="edit-assignment">
                  Edit
                </ButtonLink>
                <Button
                  variant="danger"
                  disabled={remove.isPending}
                  data-testid="delete-assignment"
                  onClick={() => {
                    if (window.confirm(`Delete “${a.title}”? Its overrides and extensions are deleted too; students' submissions stay.`))
                      remove.mutate({ assignmentId: a.id });
                  }}
                >
                  {remove.isPending ? "Deleting…" : "Delete"}
                </Button>
              </>
            )}
          </>
        }
      />
      {remove.error && <Alert className="mb-4">The assignment could not be deleted: {errorMessage(remove.error)}</Alert>}

      <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
        <Dates>
          <DateRow label="Opens">{a.openAt ? <ZonedTime date={a.openAt} timeZone={tz} /> : "Right away"}</DateRow>
          <DateRow label="Due">
            <ZonedTime date={a.dueAt} timeZone={tz} />{" "}
            {a.dueAt.getTime() > now ? (
              <span className="text-muted">
                (in <Countdown target={a.dueAt} timeZone={tz} />)
              </span>
            ) : (
              <span className="text-muted">(past)</span>
            )}
          </DateRow>
          <DateRow label="Late work">{describeLatePolicy(a.latePolicy)}</DateRow>
          {a.latePolicy.kind !== "none" && (
            <DateRow label="Closes">
              <ZonedTime date={closesAt} timeZone={tz} />
            </DateRow>
          )}
          <QuizSettings a={a} />
          <HeldoutGrading a={a} />
        </Dates>
        <Card tone={released ? "brand" : "default"}>
          <h2 className="text-sm font-semibold">Grades</h2>
          <div className="mt-3 flex items-center gap-3">
            <button
              type="button"
              role="switch"
              aria-checked={released}
              aria-labelledby="release-label"
              aria-describedby="release-status"
              disabled={release.isPending || archived}
              onClick={() => release.mutate({ assignmentId: a.id, released: !released })}
              data-testid="release-grades"
              className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors disabled:opacity-60 ${released ? "bg-brand-600" : "bg-slate-300"}`}
            >
              <span
                aria-hidden="true"
                className={`inline-block size-5 rounded-full bg-white shadow transition-transform ${released ? "translate-x-5.5" : "translate-x-0.5"}`}
              />
            </button>
            <span id="release-label" className="text-sm font-medium">
              Release grades
            </span>
          </div>
          <p id="release-status" className="mt-2 text-sm text-slate-700" aria-live="polite">
            {release.isPending
              ? "Saving…"
              : released
                ? `Released ${formatZoned(a.gradesReleasedAt!, tz)}: students see their final points, overrides included.`
                : "Not released: students see provisional points, without overrides."}
          </p>
          {release.error && (
            <p role="alert" className="mt-2 text-sm text-red-700">
              {errorMessage(release.error)}
            </p>
          )}
        </Card>
      </div>

      <Instructions a={a} />

      <section aria-labelledby="items-heading" className="mt-8">
        <h2 id="items-heading" className="mb-3 text-xl font-semibold">
          Items
        </h2>
        <DataTable
          caption={`Items of ${a.title} and how each is graded`}
          columns={[{ label: "Item" }, { label: "Points", numeric: true }, { label: "Counts" }, { label: "Grading" }]}
          data-testid="assignment-items"
        >
          {a.items.map((item) => (
            <tr key={item.id}>
              <th scope="row" className="px-4 py-3 text-left align-top font-medium">
                {item.kind === "exercise" ? (
                  <Link href={`${base}/exercises/${item.exerciseSlug}`} className="text-brand-700 hover:underline">
                    {item.title}
                  </Link>
                ) : (
                  <Link href={`${base}/assignments/${a.id}/quiz/${item.id}`} className="text-brand-700 hover:underline">
                    {item.title}
                  </Link>
                )}
                <span className="block text-xs font-normal text-muted">{item.kind === "exercise" ? "Exercise" : "Module quiz"}</span>
              </th>
              <td className="px-4 py-3 text-right align-top tabular-nums">{formatPoints(item.points)}</td>
              <td className="px-4 py-3 align-top">{item.counting === "BEST" ? "Best" : "Last"}</td>
              <td className="px-4 py-3 align-top text-slate-700">
                {item.kind === "exercise"
                  ? describeRule(item.rule ?? { kind: "completion" }, bySlug.get(item.exerciseSlug ?? "")?.metrics ?? [])
                  : `Share of questions correct in the counted attempt (${a.quizAttempts} ${a.quizAttempts === 1 ? "attempt" : "attempts"}).`}
              </td>
            </tr>
          ))}
        </DataTable>
      </section>

      <Extensions a={a} archived={archived} />
    </>
  );
}

function Extensions({ a, archived }: { a: Assignment; archived: boolean }) {
  const id = useId();
  const utils = api.useUtils();
  const roster = api.roster.list.useQuery({ courseId: a.courseId });
  const tz = a.timeZone;
  const [student, setStudent] = useState("");
  const [due, setDue] = useState("");
  const [done, setDone] = useState("");
  const save = api.assignment.setExtension.useMutation({
    onSuccess: async (result, input) => {
      await Promise.all([utils.assignment.get.invalidate({ assignmentId: a.id }), utils.gradebook.get.invalidate({ courseId: a.courseId })]);
      const name = nameOf(input.userId);
      setDone(result.extended ? `${name}'s due date is now ${formatZoned(result.dueAt, tz)}.` : `${name}'s extension was removed.`);
      if (result.extended) {
        setStudent("");
        setDue("");
      }
    },
  });
  const students = (roster.data?.members ?? []).filter((m) => m.role === "STUDENT");
  const nameOf = (userId: string) => students.find((s) => s.userId === userId)?.name ?? a.extensions.find((e) => e.userId === userId)?.name ?? "The student";
  const extended = new Map(a.extensions.map((e) => [e.userId, e]));

  let dueProblem: string | null = null;
  let dueInstant: Date | null = null;
  if (due) {
    try {
      dueInstant = zonedLocalToUtc(due, tz);
      if (dueInstant <= a.dueAt) dueProblem = "An extension must end after the assignment's due date.";
    } catch (error) {
      dueProblem = errorMessage(error);
    }
  }
  const plusDays = (days: number) => setDue(utcToZonedLocal(addLocalDays(a.dueAt, days, tz), tz));

  return (
    <section aria-labelledby="extensions-heading" className="mt-8">
      <h2 id="extensions-heading" className="mb-1 text-xl font-semibold">
        Extensions
      </h2>
      <p className="mb-4 text-sm text-muted">A later due date for one student; the late policy then counts from it. Times in {tz}.</p>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <h3 className="font-semibold">Grant an extension</h3>
          {roster.error ? (
            <p role="alert" className="mt-2 text-sm text-red-700">
              The roster could not be loaded: {errorMessage(roster.error)}
            </p>
          ) : (
            <form
              className="mt-3 space-y-3"
              onSubmit={(e) => {
                e.preventDefault();
                setDone("");
                if (student && due && !dueProblem) save.mutate({ assignmentId: a.id, userId: student, dueAt: due });
              }}
            >
              <div>
                <label htmlFor={`${id}-student`} className="block text-sm font-medium">
                  Student
                </label>
                <select
                  id={`${id}-student`}
                  className="mt-1.5 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
                  value={student}
                  onChange={(e) => {
                    setStudent(e.target.value);
                    const current = extended.get(e.target.value);
                    if (current) setDue(utcToZonedLocal(current.dueAt, tz));
                  }}
                  disabled={roster.isPending}
                  data-testid="extension-student"
                >
                  <option value="">
                    {roster.isPending ? "Loading the roster…" : students.length === 0 ? "No students in this course yet" : "Choose a student…"}
                  </option>
                  {students.map((s) => (
                    <option key={s.userId} value={s.userId}>
                      {s.name} ({s.email})
                    </option>
                  ))}
                </select>
                {extended.get(student) && (
                  <p className="mt-1 text-xs text-muted">
                    Already extended to <ZonedTime date={extended.get(student)!.dueAt} timeZone={tz} />: saving replaces it.
                  </p>
                )}
              </div>
              <div>
                <label htmlFor={`${id}-due`} className="block text-sm font-medium">
                  New due date ({tz})
                </label>
                <input
                  id={`${id}-due`}
                  type="datetime-local"
                  className="mt-1.5 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-invalid:border-red-500"
                  value={due}
                  onChange={(e) => setDue(e.target.value)}
                  aria-invalid={!!dueProblem}
                  aria-describedby={`${id}-due-note`}
                  data-testid="extension-due"
                />
                <p id={`${id}-due-note`} className={`mt-1 text-xs ${dueProblem ? "text-red-700" : "text-muted"}`}>
                  {dueProblem ?? (dueInstant ? formatZoned(dueInstant, tz) : `Must be after ${formatZoned(a.dueAt, tz)}.`)}
                </p>
                <div className="mt-2 flex flex-wrap gap-2" role="group" aria-label="Quick choices, counted from the assignment's due date">
                  {[1, 2, 3, 7].map((days) => (
                    <Button key={days} size="sm" variant="secondary" onClick={() => plusDays(days)} data-testid={`extension-plus-${days}`}>
                      +{days} {days === 1 ? "day" : "days"}
                    </Button>
                  ))}
                </div>
              </div>
              <Button type="submit" disabled={!student || !due || !!dueProblem || save.isPending || archived} data-testid="extension-save">
                {save.isPending ? "Saving…" : extended.has(student) ? "Change the extension" : "Grant the extension"}
              </Button>
              {save.error && (
                <p role="alert" className="text-sm text-red-700">
                  {errorMessage(save.error)}
                </p>
              )}
              <p className="text-sm text-emerald-800" aria-live="polite">
                {done}
              </p>
            </form>
          )}
        </Card>
        <Card>
          <h3 className="font-semibold">Current extensions</h3>
          {a.extensions.length === 0 ? (
            <p className="mt-2 text-sm text-muted">No student has an extension for this assignment.</p>
          ) : (
            <ul className="mt-2 divide-y divide-line" data-testid="extension-list">
              {[...a.extensions]
                .sort((x, y) => x.name.localeCompare(y.name))
                .map((e) => (
                  <li key={e.userId} className="flex flex-wrap items-center justify-between gap-2 py-2.5">
                    <div>
                      <p className="font-medium">{e.name}</p>
                      <p className="text-sm text-slate-700">
                        Due <ZonedTime date={e.dueAt} timeZone={tz} />
                      </p>
                    </div>
                    <Button
                      size="sm"
                      variant="ghost"
                      className="text-red-700 hover:bg-red-50"
                      disabled={save.isPending || archived}
                      onClick={() => {
                        setDone("");
                        save.mutate({ assignmentId: a.id, userId: e.userId, dueAt: null });
                      }}
                      data-testid="extension-remove"
                    >
                      Remove<span className="sr-only"> the extension of {e.name}</span>
                    </Button>
                  </li>
                ))}
            </ul>
          )}
        </Card>
      </div>
    </section>
  );
}
