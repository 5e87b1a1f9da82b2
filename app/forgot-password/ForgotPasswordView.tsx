"use client";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Alert } from "@/app/_components/Alert";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { TextField } from "@/app/_components/TextField";
import { errorMessage } from "@/app/_lib/errors";
import { api } from "@/app/_trpc/react";

/** "Forgot your password?": a reset link by email when this GenLab sends email, else who to ask. */
export function ForgotPasswordView() {
  const [email, setEmail] = useState("");
  const request = api.account.requestPasswordReset.useMutation();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (email.trim()) request.mutate({ email: email.trim() });
  }

  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold tracking-tight">Forgot your password?</h1>
      <p className="mt-2 text-sm text-muted">Enter the email address you signed up with; GenLab mails it a link that sets a new password.</p>
      <Card className="mt-6">
        {request.data ? (
          <div role="status" data-testid="forgot-password-result" className="space-y-3 text-sm">
            {request.data.emailConfigured ? (
              <p>
                If an account uses <strong>{email.trim()}</strong>, a link is on its way to it. It works once, within 24 hours. Nothing arrived after a few
                minutes? Look in your spam folder, or ask an instructor of your course for a reset link.
              </p>
            ) : (
              <p>
                This GenLab does not send email. Ask an instructor of your course (or the person who runs this GenLab) for a reset link: they can make one on
                the course&apos;s roster.
              </p>
            )}
            <p>
              <Link href="/sign-in" className="font-medium text-brand-700 underline underline-offset-2">
                Back to sign in
              </Link>
            </p>
          </div>
        ) : (
          <form onSubmit={onSubmit} className="space-y-4">
            <TextField
              label="Email"
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              data-testid="forgot-password-email"
            />
            {request.error && <Alert>{errorMessage(request.error)}</Alert>}
            <Button type="submit" className="w-full" disabled={request.isPending} data-testid="forgot-password-submit">
              {request.isPending ? "Sending…" : "Send me a reset link"}
            </Button>
          </form>
        )}
      </Card>
    </div>
  );
}
