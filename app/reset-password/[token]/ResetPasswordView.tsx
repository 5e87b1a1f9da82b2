"use client";
import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Alert } from "@/app/_components/Alert";
import { Button, ButtonLink } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { ErrorState } from "@/app/_components/ErrorState";
import { NewPasswordFields, useNewPassword } from "@/app/_components/NewPasswordFields";
import { ShowPasswords } from "@/app/_components/TextField";
import { authClient } from "@/app/_lib/auth-client";
import { errorCode, errorMessage } from "@/app/_lib/errors";
import { resetSocket } from "@/app/_lib/socket";
import { api } from "@/app/_trpc/react";

/** The server takes tokens of 16–128 characters; anything else is a mangled link. */
const plausibleToken = (token: string) => token.length >= 16 && token.length <= 128;

/** A one-time link from an instructor: choose a new password, then sign in with it. */
export function ResetPasswordView({ token }: { token: string }) {
  const queryClient = useQueryClient();
  const { data: session, refetch: refetchSession } = authClient.useSession();
  const fields = useNewPassword();
  const [show, setShow] = useState(false);
  const reset = api.account.resetPassword.useMutation({
    onSuccess: async (result) => {
      fields.clear();
      // Every session of that account has ended, this browser's included if it was signed in as them.
      if (session && session.user.email.toLowerCase() === result.email.toLowerCase()) {
        resetSocket();
        queryClient.clear();
      }
      await refetchSession();
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (fields.check()) reset.mutate({ token, newPassword: fields.password });
  }

  const heading = <h1 className="text-2xl font-bold tracking-tight">Set a new password</h1>;

  if (!plausibleToken(token) || errorCode(reset.error) === "CONFLICT") {
    return (
      <div className="mx-auto max-w-md">
        {heading}
        <div className="mt-6">
          <ErrorState
            title={plausibleToken(token) ? "This reset link can't be used any more" : "This reset link is not valid"}
            action={
              <ButtonLink href="/sign-in" variant="secondary">
                Go to sign in
              </ButtonLink>
            }
          >
            <p>
              {plausibleToken(token)
                ? "A reset link works once, for 24 hours, and only the newest link for an account works. This one has expired, was already used, or was replaced by a newer one."
                : "Check that you opened the whole link you were given."}
            </p>
            <p className="mt-1">Ask an instructor of your course for a new reset link.</p>
          </ErrorState>
        </div>
      </div>
    );
  }

  if (reset.isSuccess) {
    return (
      <div className="mx-auto max-w-md">
        {heading}
        <Card className="mt-6" data-testid="reset-done">
          <div role="status">
            <p className="text-lg font-semibold text-emerald-900">Your password is set. Sign in with it.</p>
            <p className="mt-2 text-sm text-muted">
              The account is <strong className="break-all text-ink">{reset.data.email}</strong>. For safety, every device signed in to it has been signed out.
            </p>
          </div>
          <div className="mt-5">
            <ButtonLink href="/sign-in">Sign in</ButtonLink>
          </div>
        </Card>
      </div>
    );
  }

  const failed = reset.error;
  return (
    <div className="mx-auto max-w-md">
      {heading}
      <p className="mt-2 text-muted">Choose a new password for your GenLab account. This link works once; afterwards you sign in with the new password.</p>
      <Card className="mt-6">
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <NewPasswordFields
            fields={fields}
            show={show}
            onEdit={() => {
              if (reset.error) reset.reset();
            }}
            testIds={{ password: "reset-new-password", repeat: "reset-repeat-password" }}
          />
          <ShowPasswords checked={show} onChange={setShow} />
          {failed && (
            <Alert>
              Your password was not set: {errorCode(failed) ? errorMessage(failed) : "the server could not be reached. Check your connection and try again."}
            </Alert>
          )}
          <Button type="submit" className="w-full" disabled={reset.isPending} data-testid="reset-submit">
            {reset.isPending ? "Setting the password…" : "Set new password"}
          </Button>
        </form>
      </Card>
      <p className="mt-4 text-sm text-muted">
        Remembered it after all?{" "}
        <Link href="/sign-in" className="font-medium text-brand-700 underline underline-offset-2">
          Sign in
        </Link>
        .
      </p>
    </div>
  );
}
