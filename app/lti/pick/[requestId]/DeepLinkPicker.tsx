"use client";
import type { inferRouterOutputs } from "@trpc/server";
import { useId, useRef, useState, type FormEvent } from "react";
import { Alert, Success } from "@/app/_components/Alert";
import { Button, ButtonLink } from "@/app/_components/Button";
import { EmptyState } from "@/app/_components/EmptyState";
import { ErrorState } from "@/app/_components/ErrorState";
import { PageHeader } from "@/app/_components/PageHeader";
import { Loading } from "@/app/_components/Spinner";
import { errorCode, failureMessage } from "@/app/_lib/errors";
import { absoluteTime, plural } from "@/app/_lib/format";
import { api } from "@/app/_trpc/react";
import type { AppRouter } from "@/server/api/root";

type Choices = inferRouterOutputs<AppRouter>["lti"]["deepLinkChoices"];

const TITLE = "Add a GenLab assignment";
// Inside the LMS's frame one cannot sign in again: a new launch from the LMS makes a new session.
const failure = (error: unknown) => failureMessage(error, "Your GenLab session in this window has ended. Add GenLab again from the LMS.");

/** A new tab of GenLab, out of the LMS's frame, to create what is missing. */
function NewTabLink({ href, children }: { href: string; children: string }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" className="font-medium text-brand-700 underline underline-offset-2">
      {children}
      <span className="sr-only"> (opens a new tab)</span>
    </a>
  );
}

/**
 * Inside the LMS's frame, after an instructor adds GenLab from the LMS's tool picker (Deep Linking):
 * they pick one of their GenLab assignments, and GenLab's answer goes back to the LMS.
 */
export function DeepLinkPicker({ requestId }: { requestId: string }) {
  // An answered request refuses a second look: no refetch when the window gets the focus back.
  const choices = api.lti.deepLinkChoices.useQuery({ requestId }, { refetchOnWindowFocus: false });

  if (choices.isPending) return <Loading label="Loading your GenLab assignments…" />;
  if (choices.error) {
    const code = errorCode(choices.error);
    const final = code === "UNAUTHORIZED" || code === "NOT_FOUND" || code === "CONFLICT" || code === "FORBIDDEN";
    return (
      <>
        <PageHeader title={TITLE} />
        <ErrorState
          title={final ? "This request from the LMS cannot be answered" : "This could not be loaded"}
          action={final ? undefined : <Button onClick={() => choices.refetch()}>Try again</Button>}
        >
          {failure(choices.error)}
        </ErrorState>
      </>
    );
  }
  return <Picker requestId={requestId} choices={choices.data} />;
}

/**
 * An instructor whose courses are under their usual GenLab account: that account shows a code (in a
 * tab of its own), typed here, which connects this LMS account to it.
 */
function ConnectForm({ requestId }: { requestId: string }) {
  const id = useId();
  const [code, setCode] = useState("");
  const connect = api.lti.connectAccount.useMutation();
  if (connect.data)
    return (
      <Success className="mt-3">Connected to {connect.data.connectedTo}. Add GenLab again from the LMS: your courses and assignments are listed then.</Success>
    );
  return (
    <form
      className="mt-3 space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        connect.mutate({ requestId, code });
      }}
    >
      <p>
        Your courses are under another GenLab account? <NewTabLink href="/lti/connect">Show a code there</NewTabLink> and type it here.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={id} className="text-sm font-medium text-ink">
          Code
        </label>
        <input
          id={id}
          value={code}
          onChange={(event) => setCode(event.target.value)}
          autoComplete="one-time-code"
          spellCheck={false}
          maxLength={20}
          className="h-9 w-36 rounded-md border border-slate-300 bg-white px-2 font-mono text-sm tracking-widest text-ink uppercase shadow-sm"
          data-testid="lti-connect-code-input"
        />
        <Button type="submit" variant="secondary" disabled={connect.isPending || code.trim() === ""} data-testid="lti-connect-submit">
          {connect.isPending ? "Connecting…" : "Connect"}
        </Button>
      </div>
      {connect.error && <Alert>Not connected: {failure(connect.error)}</Alert>}
    </form>
  );
}

function Picker({ requestId, choices }: { requestId: string; choices: Choices }) {
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [choiceError, setChoiceError] = useState<string | null>(null);
  const answer = api.lti.answerDeepLink.useMutation({
    // That page posts GenLab's signed answer to the LMS, which then closes its picker.
    onSuccess: ({ returnPath }) => window.location.assign(returnPath),
  });

  const { lmsCourseTitle, linkedCourseId, courses } = choices;
  const linkedCourse = linkedCourseId ? courses.find((c) => c.id === linkedCourseId) : undefined;
  const offered = courses.filter((c) => c.assignments.length > 0);
  const sending = answer.isPending || answer.isSuccess;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!chosen) {
      setChoiceError("Choose the assignment to add.");
      form.current?.querySelector<HTMLInputElement>('input[name="assignment"]')?.focus();
      return;
    }
    answer.mutate({ requestId, assignmentId: chosen });
  }

  const header = (
    <PageHeader
      title={TITLE}
      description={
        <>
          <p>
            Adding to <strong className="font-medium text-ink">{lmsCourseTitle}</strong> in the LMS. Students open it from there, and GenLab sends their grades
            to its grade column.
          </p>
          {linkedCourseId && (
            <p className="mt-1">
              {linkedCourse ? (
                <>
                  This LMS course is linked to the GenLab course <strong className="font-medium text-ink">{linkedCourse.title}</strong>, so only its assignments
                  are listed.
                </>
              ) : (
                "This LMS course is linked to a GenLab course you do not teach: ask its instructors to add the assignment, or to make you an instructor."
              )}
            </p>
          )}
        </>
      }
    />
  );

  if (offered.length === 0) {
    const createHref = linkedCourse ? `/courses/${linkedCourse.id}/assignments` : "/courses";
    return (
      <>
        {header}
        <EmptyState
          title="No assignment to add yet"
          action={
            <ButtonLink href={createHref} target="_blank" rel="noopener noreferrer" variant="secondary">
              Open GenLab in a new tab
            </ButtonLink>
          }
        >
          <p>
            {linkedCourse
              ? `The GenLab course “${linkedCourse.title}” has no assignments yet.`
              : "Your GenLab account for this LMS has no course with assignments yet."}{" "}
            Create the assignment in GenLab first (open GenLab in a new tab), then add it again from the LMS.
          </p>
          {!linkedCourse && <ConnectForm requestId={requestId} />}
        </EmptyState>
      </>
    );
  }

  return (
    <>
      {header}
      <form ref={form} onSubmit={onSubmit} noValidate className="max-w-2xl space-y-4" data-testid="deep-link-picker">
        <fieldset aria-describedby={choiceError ? `${id}-error` : undefined}>
          <legend className="text-sm font-semibold text-ink">Assignment to add</legend>
          <div className="mt-2 space-y-4">
            {offered.map((course) => (
              <fieldset key={course.id}>
                <legend className="text-xs font-semibold tracking-wide text-muted uppercase">
                  {course.title}
                  {course.term && <span className="font-normal normal-case"> · {course.term}</span>}
                </legend>
                <ul className="mt-1 divide-y divide-line rounded-lg border border-line bg-white">
                  {course.assignments.map((a) => (
                    <li key={a.id}>
                      <label className="flex cursor-pointer items-start gap-3 px-3 py-2 hover:bg-slate-50 has-checked:bg-brand-50">
                        <input
                          type="radio"
                          name="assignment"
                          value={a.id}
                          checked={chosen === a.id}
                          onChange={() => {
                            setChosen(a.id);
                            setChoiceError(null);
                            if (answer.error) answer.reset();
                          }}
                          disabled={sending}
                          className="mt-1 size-4 shrink-0 accent-brand-600"
                        />
                        <span className="min-w-0">
                          <span className="block font-medium break-words text-ink">{a.title}</span>
                          <span className="block text-xs text-muted">
                            Due {absoluteTime(a.dueAt)} · {plural(a.points, "point")}
                          </span>
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              </fieldset>
            ))}
          </div>
          {choiceError && (
            <p id={`${id}-error`} className="mt-2 text-sm text-red-700">
              {choiceError}
            </p>
          )}
        </fieldset>
        {answer.error && <Alert>The assignment was not added: {failure(answer.error)}</Alert>}
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={sending} data-testid="deep-link-add">
            {sending ? "Adding it to the LMS…" : "Add to the LMS"}
          </Button>
          <p className="text-xs text-muted">
            Missing one? Create it in <NewTabLink href={linkedCourse ? `/courses/${linkedCourse.id}/assignments` : "/courses"}>GenLab</NewTabLink>, then add
            GenLab again from the LMS.
          </p>
        </div>
      </form>
    </>
  );
}
