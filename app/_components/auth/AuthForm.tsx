"use client";
import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { resetSocket } from "@/app/_lib/socket";
import { authClient } from "@/app/_lib/auth-client";
import { safeNext } from "@/app/_lib/errors";
import { checkDisplayName, DISPLAY_NAME_MAX_CHARACTERS } from "@/lib/users/display-name";
import { Button } from "../Button";
import { Card } from "../Card";
import { TextField } from "../TextField";

/** Sign-in and sign-up share one form: Better Auth's error message goes in an alert region. */
export function AuthForm({ mode, next }: { mode: "sign-in" | "sign-up"; next?: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const destination = safeNext(next);
  const nextQuery = next ? `?next=${encodeURIComponent(destination)}` : "";

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    setError(null);
    const name = mode === "sign-up" ? checkDisplayName(form.get("name")) : null;
    if (name && !name.ok) return setError(name.message);
    setPending(true);
    try {
      const result = name?.ok ? await authClient.signUp.email({ name: name.name, email, password }) : await authClient.signIn.email({ email, password });
      if (result.error) {
        setError(result.error.message ?? (mode === "sign-in" ? "Could not sign you in." : "Could not create your account."));
        return;
      }
      resetSocket(); // a socket opened before signing in was refused, or belongs to another user
      await queryClient.invalidateQueries(); // queries answered UNAUTHORIZED before now
      router.push(destination);
    } catch {
      setError("The server could not be reached. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  const signIn = mode === "sign-in";
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold tracking-tight">{signIn ? "Sign in to GenLab" : "Create your GenLab account"}</h1>
      <p className="mt-2 text-muted">
        {signIn ? "Welcome back. " : "You will join your course with the code your instructor gives you. "}
        {signIn ? (
          <>
            New here?{" "}
            <Link href={`/sign-up${nextQuery}`} className="font-medium text-brand-700 underline underline-offset-2">
              Create an account
            </Link>
            .
          </>
        ) : (
          <>
            Already have one?{" "}
            <Link href={`/sign-in${nextQuery}`} className="font-medium text-brand-700 underline underline-offset-2">
              Sign in
            </Link>
            .
          </>
        )}
      </p>
      <Card className="mt-6">
        <form onSubmit={onSubmit} className="space-y-4">
          {!signIn && (
            <TextField
              label="Your name"
              name="name"
              autoComplete="name"
              required
              hint={`Shown on leaderboards; up to ${DISPLAY_NAME_MAX_CHARACTERS} characters.`}
            />
          )}
          <TextField label="Email" name="email" type="email" autoComplete="email" required />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete={signIn ? "current-password" : "new-password"}
            required
            minLength={signIn ? undefined : 8}
            hint={signIn ? undefined : "At least 8 characters."}
          />
          {error && (
            <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
              {error}
            </p>
          )}
          <Button type="submit" className="w-full" disabled={pending}>
            {pending ? (signIn ? "Signing in…" : "Creating account…") : signIn ? "Sign in" : "Create account"}
          </Button>
          {signIn && (
            <p className="text-center text-sm">
              <Link href="/forgot-password" className="text-brand-700 underline underline-offset-2">
                Forgot your password?
              </Link>
            </p>
          )}
        </form>
      </Card>
    </div>
  );
}
