"use client";
import { Alert, Success } from "@/app/_components/Alert";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { QueryErrorPage, SignInPrompt } from "@/app/_components/ErrorState";
import { PageHeader } from "@/app/_components/PageHeader";
import { Loading } from "@/app/_components/Spinner";
import { failureMessage } from "@/app/_lib/errors";
import { api } from "@/app/_trpc/react";

const TITLE = "Connect your LMS account";

/**
 * Opened in a new tab from GenLab's picker in the LMS: an instructor who already uses GenLab connects
 * the LMS's account to the one they are signed in with here, so the LMS's launches sign in to it.
 */
export function ConnectAccountView({ requestId }: { requestId: string }) {
  const me = api.me.useQuery();
  const connect = api.lti.connectAccount.useMutation();

  if (me.isPending) return <Loading label="Loading your account…" />;
  if (me.error) return <QueryErrorPage title={TITLE} error={me.error} retry={() => me.refetch()} />;
  if (!me.data) {
    return (
      <>
        <PageHeader title={TITLE} />
        <SignInPrompt message="Sign in with your usual GenLab account (the one that holds your courses), then connect the LMS's account to it." />
      </>
    );
  }
  return (
    <>
      <PageHeader title={TITLE} />
      <Card className="max-w-2xl space-y-4">
        <p className="text-sm text-ink">
          From now on, opening GenLab from this LMS signs in as <strong className="font-medium">{me.data.name}</strong> ({me.data.email}), with your courses.
          The account GenLab made on your first visit from the LMS is removed; it holds nothing yet.
        </p>
        <div aria-live="polite">
          {connect.isSuccess && (
            <Success>Connected. Go back to the LMS and add GenLab again from its tool picker: your courses and assignments are listed there now.</Success>
          )}
        </div>
        {connect.error && <Alert>Not connected: {failureMessage(connect.error)}</Alert>}
        {!connect.isSuccess && (
          <Button onClick={() => connect.mutate({ requestId })} disabled={connect.isPending} data-testid="connect-lms-account">
            {connect.isPending ? "Connecting…" : `Connect to ${me.data.name}`}
          </Button>
        )}
      </Card>
    </>
  );
}
