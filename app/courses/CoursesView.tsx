"use client";
import { Label } from "radix-ui";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { Alert, Success } from "@/app/_components/Alert";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { CourseTimeZoneField, TitleAndTermFields, useTitleAndTerm } from "@/app/_components/course/CourseFields";
import { EmptyState } from "@/app/_components/EmptyState";
import { QueryErrorPage, QueryErrorState } from "@/app/_components/ErrorState";
import { PageHeader } from "@/app/_components/PageHeader";
import { RoleBadge } from "@/app/_components/RoleBadge";
import { Loading } from "@/app/_components/Spinner";
import { useBrowserTimeZone } from "@/app/_components/TimeZoneSelect";
import { errorCode, errorMessage } from "@/app/_lib/errors";
import { api } from "@/app/_trpc/react";

export function CoursesView() {
  const courses = api.course.mine.useQuery();

  if (errorCode(courses.error) === "UNAUTHORIZED") return <QueryErrorPage title="My courses" error={courses.error} />;

  return (
    <>
      <PageHeader
        title="My courses"
        description="The courses you teach or take. Join another with the code your instructor gives you, or start a new one to teach."
      />
      <div className="grid gap-8 lg:grid-cols-[1fr_20rem]">
        <section aria-labelledby="courses-heading" className="order-2 lg:order-1">
          <h2 id="courses-heading" className="sr-only">
            Your courses
          </h2>
          {courses.isPending ? (
            <Loading inline label="Loading your courses…" />
          ) : courses.error ? (
            <QueryErrorState error={courses.error} retry={() => courses.refetch()} backHref="/" backLabel="Home" />
          ) : courses.data.length === 0 ? (
            <EmptyState title="You are not in any course yet">
              Ask your instructor for the course&apos;s join code — six letters and digits, like <strong>GENAI1</strong> — and enter it in the “Join a course”
              form. To teach, start one with “New course”.
            </EmptyState>
          ) : (
            <ul className="grid gap-4 sm:grid-cols-2">
              {courses.data.map((c) => (
                <li key={c.id}>
                  <Card className="relative flex h-full flex-col gap-3 transition-shadow focus-within:shadow-md hover:shadow-md">
                    <div className="flex flex-wrap items-center justify-between gap-2">
                      <span className="flex flex-wrap items-center gap-1.5">
                        <RoleBadge role={c.role} />
                        {c.archived && (
                          <span className="inline-flex items-center rounded-full bg-slate-200 px-2 py-0.5 text-xs font-medium text-slate-800">Archived</span>
                        )}
                      </span>
                      <span className="text-xs text-muted">
                        {c.modules} {c.modules === 1 ? "module" : "modules"} · {c.members} {c.members === 1 ? "member" : "members"}
                      </span>
                    </div>
                    <h3 className="text-lg font-semibold">
                      <Link href={`/courses/${c.id}`} className="after:absolute after:inset-0 after:rounded-xl hover:underline">
                        {c.title}
                      </Link>
                    </h3>
                    {c.term && <p className="-mt-2 text-sm font-medium text-slate-700">{c.term}</p>}
                    <p className="flex-1 text-sm text-muted">{c.description}</p>
                    {c.joinCode && (
                      <p className="text-sm text-slate-700">
                        Join code: <span className="font-mono font-semibold tracking-widest text-ink">{c.joinCode}</span>
                      </p>
                    )}
                  </Card>
                </li>
              ))}
            </ul>
          )}
        </section>
        <aside className="order-1 space-y-6 lg:order-2">
          <JoinCourseForm />
          <NewCourseForm />
        </aside>
      </div>
    </>
  );
}

function JoinCourseForm() {
  const id = useId();
  const utils = api.useUtils();
  const [code, setCode] = useState("");
  const join = api.course.join.useMutation({
    onSuccess: async () => {
      setCode("");
      await utils.course.mine.invalidate();
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (code.trim().length === 0) return;
    join.mutate({ joinCode: code.trim() });
  }

  return (
    <Card>
      <h2 className="text-lg font-semibold">Join a course</h2>
      <form onSubmit={onSubmit} className="mt-3 space-y-3">
        <div className="space-y-1.5">
          <Label.Root htmlFor={id} className="block text-sm font-medium">
            Join code
          </Label.Root>
          <input
            id={id}
            name="joinCode"
            value={code}
            onChange={(e) => {
              setCode(e.target.value.toUpperCase().replace(/\s+/g, ""));
              if (join.error || join.data) join.reset();
            }}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            required
            minLength={4}
            maxLength={16}
            placeholder="GENAI1"
            aria-invalid={join.error ? true : undefined}
            aria-describedby={`${id}-hint${join.error ? ` ${id}-error` : ""}`}
            className="block h-11 w-full rounded-md border border-slate-300 bg-white px-3 font-mono text-lg tracking-widest uppercase shadow-sm placeholder:text-slate-300 focus-visible:border-brand-600 aria-invalid:border-red-500"
          />
          <p id={`${id}-hint`} className="text-xs text-muted">
            Your instructor gives you this code.
          </p>
        </div>
        {join.error && <Alert id={`${id}-error`}>{errorCode(join.error) === "UNAUTHORIZED" ? "Please sign in first." : errorMessage(join.error)}</Alert>}
        <div aria-live="polite">
          {join.data && !join.error && (
            <Success>
              You are in <strong>{join.data.title}</strong>
              {join.data.role === "INSTRUCTOR" ? " (as an instructor)" : join.data.role === "TEACHING_ASSISTANT" ? " (as a teaching assistant)" : ""}.{" "}
              <Link href={`/courses/${join.data.courseId}`} className="font-medium underline underline-offset-2">
                Open the course
              </Link>
            </Success>
          )}
        </div>
        <Button type="submit" className="w-full" disabled={join.isPending || code.trim().length === 0}>
          {join.isPending ? "Joining…" : "Join course"}
        </Button>
      </form>
    </Card>
  );
}

/** Starts a course the user teaches: it comes with the lecture's modules and exercises. */
function NewCourseForm() {
  const id = useId();
  const router = useRouter();
  const utils = api.useUtils();
  const browserZone = useBrowserTimeZone();
  const titleAndTerm = useTitleAndTerm({ title: "", term: "" });
  const [chosenZone, setChosenZone] = useState<string | null>(null);
  const timeZone = chosenZone ?? browserZone ?? "UTC";
  const create = api.course.create.useMutation({
    onSuccess: async (course) => {
      await utils.course.mine.invalidate();
      router.push(`/courses/${course.id}`);
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!titleAndTerm.complete) return;
    create.mutate({ ...titleAndTerm.value, timeZone });
  }

  const clearError = () => {
    if (create.error) create.reset();
  };
  const forbidden = errorCode(create.error) === "FORBIDDEN";
  return (
    <Card>
      <h2 className="text-lg font-semibold">New course</h2>
      <p className="mt-1 text-sm text-muted">Teach a course: it starts with the lecture&apos;s modules and exercises, and you are its instructor.</p>
      <form onSubmit={onSubmit} className="mt-3 space-y-3" aria-describedby={create.error ? `${id}-error` : undefined}>
        <TitleAndTermFields
          fields={titleAndTerm}
          onEdit={clearError}
          titlePlaceholder="Generative AI"
          testIds={{ title: "new-course-title", term: "new-course-term" }}
        />
        <CourseTimeZoneField
          timeZone={timeZone}
          setTimeZone={setChosenZone}
          onEdit={clearError}
          hint="Due dates are set and shown in this zone."
          testId="new-course-timezone"
        />
        {create.error && (
          <Alert id={`${id}-error`}>
            {errorCode(create.error) === "UNAUTHORIZED"
              ? "Please sign in first."
              : forbidden
                ? errorMessage(create.error)
                : `The course could not be created: ${errorMessage(create.error)}`}
          </Alert>
        )}
        <Button type="submit" className="w-full" disabled={create.isPending || !titleAndTerm.complete} data-testid="new-course-submit">
          {create.isPending ? "Creating…" : "Create course"}
        </Button>
      </form>
    </Card>
  );
}
