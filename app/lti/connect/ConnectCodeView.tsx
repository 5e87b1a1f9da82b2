"use client";
import { Alert } from "@/app/_components/Alert";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { QueryErrorPage, SignInPrompt } from "@/app/_components/ErrorState";
import { PageHeader } from "@/app/_components/PageHeader";
import { Loading } from "@/app/_components/Spinner";
import { failureMessage } from "@/app/_lib/errors";
import { absoluteTime } from "@/app/_lib/format";
import { api } from "@/app/_trpc/react";

const TITLE = "Connect your LMS account";

/**
 * Opened in a tab of its own from GenLab's picker in the LMS: one's usual GenLab account shows a
 * one-time code, which its owner types into the picker. That connects the LMS's account to this one.
 */
export function ConnectCodeView() {
  const me = api.me.useQuery();
  const code = api.lti.createConnectCode.useMutation();

  if (me.isPending) return <Loading label="Loading your account…" />;
  if (me.error) return <QueryErrorPage title={TITLE} error={me.error} retry={() => me.refetch()} />;
  if (!me.data) {
    return (
      <>
        <PageHeader title={TITLE} />
        <SignInPrompt message="Sign in with your usual GenLab account (the one that holds your courses) to show a code for the LMS." />
      </>
    );
  }
  return (
    <>
      <PageHeader title={TITLE} />
      <Card className="max-w-2xl space-y-4">
        <p className="text-sm text-ink">
          Show a code, then type it into GenLab&apos;s window in your LMS. From then on, opening GenLab from that LMS signs in as{" "}
          <strong className="font-medium">{me.data.name}</strong> ({me.data.email}), with your courses.
        </p>
        <p className="text-sm text-amber-800">Type the code yourself and never give it to anyone: whoever types it into an LMS signs in as you from there.</p>
        <div aria-live="polite">
          {code.data && (
            <p className="text-sm text-ink">
              Your code:{" "}
              <strong className="font-mono text-2xl tracking-widest" data-testid="lti-connect-code">
                {code.data.code}
              </strong>{" "}
              <span className="text-muted">(it works once, until {absoluteTime(code.data.expiresAt)})</span>
            </p>
          )}
        </div>
        {code.error && <Alert>No code: {failureMessage(code.error)}</Alert>}
        <Button onClick={() => code.mutate({})} disabled={code.isPending} variant={code.data ? "secondary" : "primary"} data-testid="lti-connect-show-code">
          {code.isPending ? "Making a code…" : code.data ? "Show a new code" : "Show a code"}
        </Button>
      </Card>
    </>
  );
}
