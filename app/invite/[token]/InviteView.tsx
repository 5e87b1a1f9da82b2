"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/app/_components/Alert";
import { Button, ButtonLink } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { ErrorState } from "@/app/_components/ErrorState";
import { Loading } from "@/app/_components/Spinner";
import { authClient } from "@/app/_lib/auth-client";
import { errorCode, errorMessage } from "@/app/_lib/errors";
import { resetSocket } from "@/app/_lib/socket";
import { api } from "@/app/_trpc/react";

const ROLE_PHRASES: Record<string, string> = { STUDENT: "a student", TEACHING_ASSISTANT: "a teaching assistant", INSTRUCTOR: "an instructor" };
const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** An invite link: which course and role, then sign in (or sign up) with the invited address and accept. */
export function InviteView({ token }: { token: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const utils = api.useUtils();
  const { data: session, isPending: sessionPending } = authClient.useSession();
  // Once accepted the invite is used up: a refetch would only say so, so it is fetched once.
  const invite = api.roster.describeInvite.useQuery({ token }, { retry: false, staleTime: Infinity, refetchOnWindowFocus: false, refetchOnReconnect: false });
  const [opening, setOpening] = useState(false);
  const [switching, setSwitching] = useState(false);
  const accept = api.roster.acceptInvite.useMutation({
    onSuccess: async (result) => {
      setOpening(true);
      await utils.course.mine.invalidate();
      router.push(`/courses/${result.courseId}`);
    },
  });
  const here = `/invite/${token}`;
  const next = encodeURIComponent(here);

  async function switchAccount() {
    setSwitching(true);
    try {
      await authClient.signOut();
      resetSocket();
      queryClient.clear();
      router.push(`/sign-in?next=${next}`);
    } finally {
      setSwitching(false);
    }
  }

  if (invite.isPending) return <Loading label="Opening the invite…" />;
  if (invite.error) return <InviteProblem error={invite.error} retry={() => invite.refetch()} />;

  const { courseTitle, term, role, email } = invite.data;
  const mismatch = session && !sameEmail(session.user.email, email);
  return (
    <div className="mx-auto max-w-xl">
      <h1 className="text-2xl font-bold tracking-tight">You are invited to a course</h1>
      <Card className="mt-6" data-testid="invite-card">
        <p className="text-lg">
          You are invited to <strong className="font-semibold">{courseTitle}</strong>
          {term ? <span className="text-muted"> ({term})</span> : null} as <strong className="font-semibold">{ROLE_PHRASES[role] ?? role}</strong>{" "}
          <span className="text-slate-700">(for {email})</span>.
        </p>

        <div className="mt-5">
          {sessionPending ? (
            <Loading inline label="Checking whether you are signed in…" />
          ) : !session ? (
            <>
              <p className="text-sm text-muted">
                Sign in with <strong className="text-ink">{email}</strong> to accept, or create an account with that address if you don&apos;t have one yet. You
                come back here afterwards.
              </p>
              <div className="mt-4 flex flex-wrap gap-2">
                <ButtonLink href={`/sign-in?next=${next}`} data-testid="invite-sign-in">
                  Sign in
                </ButtonLink>
                <ButtonLink href={`/sign-up?next=${next}`} variant="secondary" data-testid="invite-sign-up">
                  Create account
                </ButtonLink>
              </div>
            </>
          ) : mismatch ? (
            <div role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
              <p>
                You are signed in as <strong>{session.user.email}</strong>, but this invite is for <strong>{email}</strong>. Only that account can accept it.
              </p>
              <p className="mt-2">
                Sign out and sign in (or create an account) with {email}, then open this link again. If the address is wrong, ask whoever invited you for a new
                link.
              </p>
              <div className="mt-3">
                <Button variant="secondary" onClick={switchAccount} disabled={switching}>
                  {switching ? "Signing out…" : `Sign out and sign in as ${email}`}
                </Button>
              </div>
            </div>
          ) : (
            <>
              <p className="text-sm text-muted">
                You are signed in as <strong className="text-ink">{session.user.email}</strong>.
              </p>
              {accept.error && (
                <div className="mt-3">
                  <AcceptProblem error={accept.error} />
                </div>
              )}
              <div className="mt-4" aria-live="polite">
                {opening ? (
                  <p className="text-sm text-emerald-800">You joined {courseTitle}. Opening the course…</p>
                ) : (
                  <Button onClick={() => accept.mutate({ token })} disabled={accept.isPending} data-testid="accept-invite">
                    {accept.isPending ? "Accepting…" : "Accept invite"}
                  </Button>
                )}
              </div>
            </>
          )}
        </div>
      </Card>
    </div>
  );
}

/** The invite could not be read: not valid, used, expired, or the server did not answer. */
function InviteProblem({ error, retry }: { error: unknown; retry: () => void }) {
  const code = errorCode(error);
  const courses = (
    <ButtonLink href="/courses" variant="secondary">
      Go to my courses
    </ButtonLink>
  );
  if (code === "NOT_FOUND" || code === "BAD_REQUEST") {
    return (
      <ErrorState title="This invite link is not valid" action={courses}>
        Check that you opened the whole link from the message you received. If it still does not work, ask whoever invited you for a new link.
      </ErrorState>
    );
  }
  if (code === "CONFLICT") {
    const used = /already used/i.test(errorMessage(error));
    return (
      <ErrorState title={used ? "This invite link was already used" : "This invite link can't be used"} action={courses}>
        <p>{errorMessage(error)}</p>
        <p className="mt-1">
          {used
            ? "If you accepted it, the course is on “My courses”. Otherwise ask whoever invited you for a new link."
            : "Ask whoever invited you for a new link."}
        </p>
      </ErrorState>
    );
  }
  return (
    <ErrorState
      title="The invite could not be opened"
      action={
        <>
          <Button onClick={retry}>Try again</Button>
          {courses}
        </>
      }
    >
      {code ? errorMessage(error) : "The server could not be reached or gave an unexpected answer. Check your connection and try again."}
    </ErrorState>
  );
}

function AcceptProblem({ error }: { error: unknown }) {
  const code = errorCode(error);
  const message = errorMessage(error);
  const advice =
    code === "UNAUTHORIZED"
      ? "Your session has ended: sign in again, then accept."
      : code === "FORBIDDEN"
        ? null // the server's message says which address to use
        : code === "CONFLICT"
          ? "Ask whoever invited you for a new link."
          : code
            ? null
            : "The server could not be reached. Check your connection and try again.";
  return (
    <Alert>
      {code ? message : "The invite was not accepted."} {advice}
    </Alert>
  );
}
