"use client";
import type { inferRouterOutputs } from "@trpc/server";
import { Label } from "radix-ui";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { Alert, Success } from "@/app/_components/Alert";
import { Button, ButtonLink } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { CourseTimeZoneField, TitleAndTermFields, useTitleAndTerm } from "@/app/_components/course/CourseFields";
import { EmptyState } from "@/app/_components/EmptyState";
import { ErrorState, QueryErrorPage } from "@/app/_components/ErrorState";
import { courseCrumbs, PageHeader } from "@/app/_components/PageHeader";
import { Loading } from "@/app/_components/Spinner";
import { errorMessage } from "@/app/_lib/errors";
import { api } from "@/app/_trpc/react";
import { formatZoned, utcToZonedLocal, zonedLocalToUtc } from "@/lib/grading/time";
import type { AppRouter } from "@/server/api/root";
import { HeldoutDataSection } from "./HeldoutDataSection";

type Course = inferRouterOutputs<AppRouter>["course"]["get"];
type CourseModule = Course["modules"][number];

const inputClass =
  "block h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-base text-ink shadow-sm placeholder:text-slate-400 focus-visible:border-brand-600 disabled:bg-slate-50 disabled:text-slate-500 sm:text-sm";

/** Instructors: the course's details, join code, module visibility, copy, archive and delete. */
export function SettingsView({ courseId }: { courseId: string }) {
  const course = api.course.get.useQuery({ courseId });
  const base = `/courses/${courseId}`;
  const crumbs = courseCrumbs(courseId, course.data?.title);

  if (course.isPending) return <Loading label="Loading the course settings…" />;
  if (course.error) return <QueryErrorPage title="Course settings" crumbs={crumbs} error={course.error} retry={() => course.refetch()} />;
  const c = course.data;
  if (c.role !== "INSTRUCTOR") {
    return (
      <>
        <PageHeader title="Course settings" crumbs={crumbs} />
        <ErrorState
          title="Only instructors change a course's settings"
          action={
            <ButtonLink href={base} variant="secondary">
              Back to the course
            </ButtonLink>
          }
        >
          {c.role === "TEACHING_ASSISTANT"
            ? "As a teaching assistant you manage students on the roster; ask an instructor of the course to change its settings."
            : "Ask your instructor if something about the course needs changing."}
        </ErrorState>
      </>
    );
  }

  return (
    <>
      <PageHeader crumbs={crumbs} title="Course settings" description={<p>Everything about “{c.title}” that instructors decide.</p>} />
      {c.archived && (
        <div role="status" className="mb-8 rounded-xl border border-slate-300 bg-slate-100 px-5 py-4 text-slate-800">
          <p className="font-semibold">Archived — read-only</p>
          <p className="mt-1 text-sm">
            The details, join code and module visibility can&apos;t change while the course is archived. Unarchive it below to change them; copying and deleting
            still work.
          </p>
        </div>
      )}
      <div className="space-y-8">
        <DetailsSection course={c} />
        <JoinCodeSection course={c} />
        <ModuleVisibilitySection course={c} />
        <HeldoutDataSection courseId={c.id} archived={c.archived} />
        <CopySection course={c} />
        <ArchiveSection course={c} />
        <DeleteSection course={c} />
      </div>
    </>
  );
}

// ── Building blocks ─────────────────────────────────────────────────────────────────────────

function Section({ title, description, children, danger = false }: { title: string; description?: ReactNode; children: ReactNode; danger?: boolean }) {
  const id = useId();
  const body = (
    <>
      <h2 id={id} className={`text-lg font-semibold ${danger ? "text-red-800" : ""}`}>
        {title}
      </h2>
      {description && <div className={`mt-1 max-w-prose text-sm ${danger ? "text-red-900/80" : "text-muted"}`}>{description}</div>}
      <div className="mt-4">{children}</div>
    </>
  );
  return (
    <section aria-labelledby={id}>
      {danger ? <div className="rounded-xl border border-red-300 bg-red-50/40 p-5 shadow-sm">{body}</div> : <Card>{body}</Card>}
    </section>
  );
}

function useInvalidateCourse(courseId: string) {
  const utils = api.useUtils();
  return () => Promise.all([utils.course.get.invalidate({ courseId }), utils.course.mine.invalidate()]);
}

// ── Details ─────────────────────────────────────────────────────────────────────────────────

function DetailsSection({ course }: { course: Course }) {
  const id = useId();
  const invalidate = useInvalidateCourse(course.id);
  const titleAndTerm = useTitleAndTerm({ title: course.title, term: course.term ?? "" });
  const [description, setDescription] = useState(course.description);
  const [timeZone, setTimeZone] = useState(course.timeZone);
  const [names, setNames] = useState(course.leaderboardNames);
  const update = api.course.update.useMutation({ onSuccess: invalidate });
  const edited = () => {
    if (update.error || update.isSuccess) update.reset();
  };

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!titleAndTerm.complete) return;
    update.mutate({ courseId: course.id, ...titleAndTerm.value, description, timeZone, leaderboardNames: names });
  }

  return (
    <Section title="Course details" description="What students see at the top of the course, and how dates and leaderboards work.">
      <form onSubmit={onSubmit}>
        <fieldset disabled={course.archived} className="space-y-4">
          <legend className="sr-only">Course details</legend>
          <div className="grid gap-4 sm:grid-cols-2">
            <TitleAndTermFields fields={titleAndTerm} onEdit={edited} testIds={{ title: "course-settings-title", term: "course-settings-term" }} />
          </div>
          <div className="space-y-1.5">
            <Label.Root htmlFor={`${id}-description`} className="block text-sm font-medium">
              Description
            </Label.Root>
            <textarea
              id={`${id}-description`}
              name="description"
              value={description}
              onChange={(e) => {
                setDescription(e.target.value);
                edited();
              }}
              rows={3}
              maxLength={2000}
              className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-ink shadow-sm focus-visible:border-brand-600 disabled:bg-slate-50 sm:text-sm"
              data-testid="course-settings-description"
            />
          </div>
          <CourseTimeZoneField
            className="sm:max-w-sm"
            timeZone={timeZone}
            setTimeZone={setTimeZone}
            onEdit={edited}
            hint="Due dates and release dates are entered and shown in this zone. Changing it keeps existing dates at the same moment, so they show at a different clock time."
            testId="course-settings-timezone"
          />
          <fieldset className="space-y-2" aria-describedby={`${id}-names-hint`}>
            <legend className="text-sm font-medium">Names on leaderboards</legend>
            {(
              [
                ["PSEUDONYM", "Pseudonyms (e.g. Blue Heron 17)"],
                ["NAME", "Real names"],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name="leaderboardNames"
                  value={value}
                  checked={names === value}
                  onChange={() => {
                    setNames(value);
                    edited();
                  }}
                  className="size-4 accent-brand-600"
                  data-testid={`leaderboard-names-${value.toLowerCase()}`}
                />
                {label}
              </label>
            ))}
            <p id={`${id}-names-hint`} className="text-xs text-muted">
              What students see of each other. Instructors and teaching assistants always see students&apos; real names and email addresses.
            </p>
          </fieldset>
          {update.error && <Alert>The details were not saved: {errorMessage(update.error)}</Alert>}
          <div aria-live="polite">{update.isSuccess && <Success>The course details are saved.</Success>}</div>
          <Button type="submit" disabled={update.isPending || !titleAndTerm.complete} data-testid="course-settings-save">
            {update.isPending ? "Saving…" : "Save details"}
          </Button>
        </fieldset>
      </form>
    </Section>
  );
}

// ── Join code ───────────────────────────────────────────────────────────────────────────────

function JoinCodeSection({ course }: { course: Course }) {
  const invalidate = useInvalidateCourse(course.id);
  const regenerate = api.course.regenerateJoinCode.useMutation({ onSuccess: invalidate });
  const toggle = api.course.update.useMutation({ onSuccess: invalidate });
  const error = regenerate.error ?? toggle.error;

  function onRegenerate() {
    if (!window.confirm("Make a new join code? The current code stops working at once; students already in the course stay in.")) return;
    toggle.reset();
    regenerate.mutate({ courseId: course.id });
  }

  return (
    <Section title="Join code" description="Students join with this code on “My courses”. Invite links from the roster work whether joining is open or closed.">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div aria-live="polite">
          {course.joinOpen && course.joinCode ? (
            <p className="font-mono text-3xl font-bold tracking-[0.2em] text-ink select-all" data-testid="settings-join-code">
              <span aria-hidden="true">{course.joinCode}</span>
              <span className="sr-only">Join code: {course.joinCode.split("").join(" ")}</span>
            </p>
          ) : (
            <p className="text-sm font-medium text-slate-800">Joining with a code is closed: the code is not accepted until you open joining again.</p>
          )}
        </div>
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" onClick={onRegenerate} disabled={course.archived || regenerate.isPending} data-testid="regenerate-join-code">
            {regenerate.isPending ? "Regenerating…" : "Regenerate"}
          </Button>
          <Button
            variant="secondary"
            onClick={() => {
              regenerate.reset();
              toggle.mutate({ courseId: course.id, joinOpen: !course.joinOpen });
            }}
            disabled={course.archived || toggle.isPending}
            data-testid="toggle-join-open"
          >
            {course.joinOpen ? "Close joining" : "Open joining"}
          </Button>
        </div>
      </div>
      {regenerate.isSuccess && <p className="mt-3 text-sm text-emerald-800">A new code is in place; the old one no longer works.</p>}
      {error && (
        <div className="mt-3">
          <Alert>{errorMessage(error)}</Alert>
        </div>
      )}
    </Section>
  );
}

// ── Module visibility ───────────────────────────────────────────────────────────────────────

function ModuleVisibilitySection({ course }: { course: Course }) {
  return (
    <Section
      title="Module visibility"
      description={
        <>
          Hide modules students should not see yet, or release them at a date and time (in the course&apos;s time zone, {course.timeZone}). Changes save as you
          make them. Staff always see every module.
        </>
      }
    >
      {course.modules.length === 0 ? (
        <EmptyState title="No modules">This course has no modules.</EmptyState>
      ) : (
        <div role="region" aria-label="Module visibility" tabIndex={0} className="overflow-x-auto rounded-lg border border-line">
          <table className="w-full min-w-[40rem] border-collapse text-left text-sm">
            <caption className="sr-only">Visibility of each module to students</caption>
            <thead className="border-b border-line bg-slate-50 text-xs tracking-wide text-slate-600 uppercase">
              <tr>
                <th scope="col" className="px-3 py-2.5 font-semibold">
                  Module
                </th>
                <th scope="col" className="px-3 py-2.5 font-semibold">
                  Visibility
                </th>
                <th scope="col" className="px-3 py-2.5 font-semibold">
                  Release date ({course.timeZone})
                </th>
                <th scope="col" className="px-3 py-2.5 font-semibold">
                  Students see it
                </th>
              </tr>
            </thead>
            <tbody>
              {course.modules.map((m) => (
                <ModuleRow key={m.id} courseId={course.id} module={m} timeZone={course.timeZone} disabled={course.archived} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

type Mode = "visible" | "hidden" | "release";
const SAVE_DATE_AFTER_MS = 600;

function ModuleRow({ courseId, module, timeZone, disabled }: { courseId: string; module: CourseModule; timeZone: string; disabled: boolean }) {
  const invalidate = useInvalidateCourse(courseId);
  const [mode, setMode] = useState<Mode>(module.hidden ? "hidden" : module.releaseAt ? "release" : "visible");
  const [local, setLocal] = useState(() => (module.releaseAt ? utcToZonedLocal(module.releaseAt, timeZone) : ""));
  const [dateError, setDateError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const save = api.course.setModuleVisibility.useMutation({ onSuccess: invalidate });
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  function send(hidden: boolean, releaseAt: Date | null) {
    save.mutate({ courseId, moduleSlug: module.slug, hidden, releaseAt });
  }

  /** The instant the date input names in the course's zone; null (with a message) when incomplete. */
  function releaseDate(value: string): Date | null {
    if (!value) {
      setDateError("Pick a date and time to release the module.");
      return null;
    }
    try {
      const date = zonedLocalToUtc(value, timeZone);
      setDateError(null);
      return date;
    } catch {
      setDateError("Enter a full date and time, like 2027-03-01 09:00.");
      return null;
    }
  }

  function onMode(next: Mode) {
    setMode(next);
    if (timer.current) clearTimeout(timer.current);
    setDateError(null);
    if (next === "visible") send(false, null);
    else if (next === "hidden") send(true, null);
    else if (local) {
      const date = releaseDate(local);
      if (date) send(false, date);
    } else {
      save.reset();
    }
  }

  function onDate(value: string) {
    setLocal(value);
    if (timer.current) clearTimeout(timer.current);
    // Typing a date fires a change per field: save once the input has settled.
    timer.current = setTimeout(() => {
      const date = releaseDate(value);
      if (date) send(false, date);
    }, SAVE_DATE_AFTER_MS);
  }

  const now = new Date();
  const status = module.hidden
    ? "No — hidden"
    : module.releaseAt && module.releaseAt > now
      ? `From ${formatZoned(module.releaseAt, timeZone)}`
      : module.visibleToStudents
        ? "Yes"
        : "No";
  const label = `“${module.title}”`;
  return (
    <tr className="border-b border-line align-top last:border-b-0" data-testid={`module-row-${module.slug}`}>
      <th scope="row" className="px-3 py-3 font-medium">
        {module.title}
      </th>
      <td className="px-3 py-3">
        <select
          aria-label={`Visibility of ${label}`}
          value={mode}
          onChange={(e) => onMode(e.target.value as Mode)}
          disabled={disabled}
          className="h-9 rounded-md border border-slate-300 bg-white px-2 text-sm shadow-sm focus-visible:border-brand-600 disabled:bg-slate-50"
          data-testid={`module-visibility-${module.slug}`}
        >
          <option value="visible">Visible</option>
          <option value="hidden">Hidden</option>
          <option value="release">Release on date</option>
        </select>
      </td>
      <td className="px-3 py-3">
        {mode === "release" ? (
          <div className="space-y-1">
            <input
              type="datetime-local"
              aria-label={`Release date and time of ${label} (${timeZone})`}
              value={local}
              onChange={(e) => onDate(e.target.value)}
              onBlur={() => {
                // Leaving the field saves at once rather than after the pause.
                if (timer.current) {
                  clearTimeout(timer.current);
                  timer.current = null;
                  const date = releaseDate(local);
                  if (date) send(false, date);
                }
              }}
              disabled={disabled}
              aria-invalid={dateError ? true : undefined}
              className="h-9 rounded-md border border-slate-300 bg-white px-2 text-sm shadow-sm focus-visible:border-brand-600 aria-invalid:border-red-500 disabled:bg-slate-50"
              data-testid={`module-release-${module.slug}`}
            />
            {dateError && (
              <p role="alert" className="text-xs text-red-700">
                {dateError}
              </p>
            )}
          </div>
        ) : (
          <span className="text-muted">—</span>
        )}
      </td>
      <td className="px-3 py-3">
        <span className={module.visibleToStudents ? "text-emerald-800" : "text-slate-700"}>{status}</span>
        <span aria-live="polite" className="block text-xs">
          {save.isPending ? (
            <span className="text-muted">Saving…</span>
          ) : save.error ? (
            <span role="alert" className="text-red-700">
              Not saved: {errorMessage(save.error)}
            </span>
          ) : save.isSuccess ? (
            <span className="text-emerald-800">Saved</span>
          ) : null}
        </span>
      </td>
    </tr>
  );
}

// ── Copy ────────────────────────────────────────────────────────────────────────────────────

function CopySection({ course }: { course: Course }) {
  const id = useId();
  const router = useRouter();
  const utils = api.useUtils();
  const titleAndTerm = useTitleAndTerm({ title: course.title, term: "" });
  const [shift, setShift] = useState("0");
  const copy = api.course.copy.useMutation({
    onSuccess: async (created) => {
      await utils.course.mine.invalidate();
      router.push(`/courses/${created.id}`);
    },
  });
  const shiftDays = Number(shift);
  const shiftValid = shift.trim() !== "" && Number.isInteger(shiftDays) && Math.abs(shiftDays) <= 3660;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!titleAndTerm.complete || !shiftValid) return;
    copy.mutate({ courseId: course.id, ...titleAndTerm.value, shiftDays });
  }

  const edited = () => {
    if (copy.error) copy.reset();
  };
  return (
    <Section
      title="Copy to a new term"
      description="A new course with this one's description, time zone, leaderboard setting, module visibility, assignments and held-out data. Members, submissions and grades stay here; you become the new course's instructor, and it gets its own join code."
    >
      <form onSubmit={onSubmit} className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <TitleAndTermFields
            fields={titleAndTerm}
            onEdit={edited}
            titleLabel="Title of the new course"
            names={{ title: "copyTitle", term: "copyTerm" }}
            termPlaceholder="Spring 2028"
            testIds={{ title: "copy-course-title", term: "copy-course-term" }}
          />
        </div>
        <div className="space-y-1.5 sm:max-w-xs">
          <Label.Root htmlFor={`${id}-shift`} className="block text-sm font-medium">
            Shift dates by (days)
          </Label.Root>
          <input
            id={`${id}-shift`}
            name="shiftDays"
            type="number"
            inputMode="numeric"
            step={1}
            min={-3660}
            max={3660}
            value={shift}
            onChange={(e) => {
              setShift(e.target.value);
              edited();
            }}
            aria-describedby={`${id}-shift-hint`}
            aria-invalid={shiftValid ? undefined : true}
            className={`${inputClass} aria-invalid:border-red-500`}
            data-testid="copy-course-shift"
          />
        </div>
        <p id={`${id}-shift-hint`} className="max-w-prose text-xs text-muted">
          Due dates, opening dates and release dates move by this many calendar days (a negative number moves them earlier). They keep their wall-clock time in
          the course&apos;s time zone: an assignment due at 23:59 is still due at 23:59, even across a daylight-saving change. 364 days is 52 weeks: the same
          weekday a year later.
        </p>
        {!shiftValid && <Alert>Enter a whole number of days between −3660 and 3660.</Alert>}
        {copy.error && <Alert>The course was not copied: {errorMessage(copy.error)}</Alert>}
        <Button type="submit" disabled={copy.isPending || !titleAndTerm.complete || !shiftValid} data-testid="copy-course-submit">
          {copy.isPending ? "Copying…" : "Copy the course"}
        </Button>
      </form>
    </Section>
  );
}

// ── Archive ─────────────────────────────────────────────────────────────────────────────────

function ArchiveSection({ course }: { course: Course }) {
  const invalidate = useInvalidateCourse(course.id);
  const archive = api.course.setArchived.useMutation({ onSuccess: invalidate });
  return (
    <Section
      title={course.archived ? "Archived" : "Archive"}
      description={
        course.archived
          ? "The course is read-only for everyone: students still read the modules and see their results, but nobody submits work or changes anything. Unarchive it to make it live again."
          : "Archive a course when its term is over: it becomes read-only for everyone. Students still read the modules and see their results, but nobody can submit work, join, or change the course. You can unarchive it at any time."
      }
    >
      <Button
        variant="secondary"
        onClick={() => archive.mutate({ courseId: course.id, archived: !course.archived })}
        disabled={archive.isPending}
        data-testid="archive-course"
      >
        {archive.isPending ? (course.archived ? "Unarchiving…" : "Archiving…") : course.archived ? "Unarchive the course" : "Archive the course"}
      </Button>
      {archive.error && (
        <div className="mt-3">
          <Alert>{errorMessage(archive.error)}</Alert>
        </div>
      )}
    </Section>
  );
}

// ── Delete ──────────────────────────────────────────────────────────────────────────────────

function DeleteSection({ course }: { course: Course }) {
  const id = useId();
  const router = useRouter();
  const utils = api.useUtils();
  const [typed, setTyped] = useState("");
  const remove = api.course.delete.useMutation({
    onSuccess: async () => {
      router.replace("/courses");
      await utils.course.mine.invalidate();
    },
  });
  const matches = typed.trim() === course.title.trim();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!matches) return;
    remove.mutate({ courseId: course.id, confirmTitle: typed });
  }

  return (
    <Section
      danger
      title="Danger zone: delete the course"
      description="Deleting removes the course and everything in it — members, submissions, grades, assignments and live sessions — for good. It cannot be undone. To keep the results, archive the course instead."
    >
      <form onSubmit={onSubmit} className="space-y-3">
        <div className="space-y-1.5 sm:max-w-md">
          <Label.Root htmlFor={`${id}-confirm`} className="block text-sm font-medium text-red-900">
            Type the course&apos;s title, <strong className="font-semibold">{course.title}</strong>, to confirm
          </Label.Root>
          <input
            id={`${id}-confirm`}
            name="confirmTitle"
            value={typed}
            onChange={(e) => {
              setTyped(e.target.value);
              if (remove.error) remove.reset();
            }}
            autoComplete="off"
            spellCheck={false}
            className={inputClass}
            data-testid="delete-course-title"
          />
        </div>
        {remove.error && <Alert>{errorMessage(remove.error)}</Alert>}
        <Button type="submit" variant="danger" disabled={!matches || remove.isPending} data-testid="delete-course-confirm">
          {remove.isPending ? "Deleting…" : "Delete this course"}
        </Button>
      </form>
    </Section>
  );
}
