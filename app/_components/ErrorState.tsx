"use client";
import { usePathname } from "next/navigation";
import type { ComponentProps, ReactNode } from "react";
import { errorCode, errorMessage } from "@/app/_lib/errors";
import { Button, ButtonLink } from "./Button";
import { PageHeader, type Crumb } from "./PageHeader";

/** A message box for something that went wrong; role="alert" so it is announced when it appears. */
export function ErrorState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div role="alert" className="rounded-xl border border-red-200 bg-red-50 px-5 py-5 text-red-900">
      <h2 className="font-semibold">{title}</h2>
      {children && <div className="mt-1 text-sm text-red-800">{children}</div>}
      {action && <div className="mt-4 flex flex-wrap gap-2">{action}</div>}
    </div>
  );
}

/** Friendly prompt for pages that need a signed-in user. */
export function SignInPrompt({ message = "Please sign in to see this page." }: { message?: string }) {
  const pathname = usePathname();
  const next = encodeURIComponent(pathname ?? "/courses");
  return (
    <div className="rounded-xl border border-line bg-white px-6 py-10 text-center shadow-sm">
      <h2 className="text-lg font-semibold">You are not signed in</h2>
      <p className="mx-auto mt-2 max-w-md text-muted">{message}</p>
      <div className="mt-5 flex justify-center gap-2">
        <ButtonLink href={`/sign-in?next=${next}`}>Sign in</ButtonLink>
        <ButtonLink href={`/sign-up?next=${next}`} variant="secondary">
          Create an account
        </ButtonLink>
      </div>
    </div>
  );
}

/**
 * Explains a failed tRPC query by its code: sign in (UNAUTHORIZED), not allowed (FORBIDDEN),
 * not found (NOT_FOUND), or a generic failure with a retry button.
 */
export function QueryErrorState({
  error,
  retry,
  backHref = "/courses",
  backLabel = "Back to my courses",
}: {
  error: unknown;
  retry?: () => void;
  backHref?: string;
  backLabel?: string;
}) {
  const code = errorCode(error);
  const message = errorMessage(error);
  const back = (
    <ButtonLink href={backHref} variant="secondary">
      {backLabel}
    </ButtonLink>
  );
  switch (code) {
    case "UNAUTHORIZED":
      return <SignInPrompt />;
    case "FORBIDDEN":
      return (
        <ErrorState title="You don't have access to this page" action={back}>
          {message}
        </ErrorState>
      );
    case "NOT_FOUND":
      return (
        <ErrorState title="Not found" action={back}>
          {message}
        </ErrorState>
      );
    default:
      return (
        <ErrorState
          title="This could not be loaded"
          action={
            <>
              {retry && <Button onClick={retry}>Try again</Button>}
              {back}
            </>
          }
        >
          {code ? message : "The server could not be reached or gave an unexpected answer. Check your connection and try again."}
        </ErrorState>
      );
  }
}

/** A page whose data could not be loaded: its header, so one still sees where one is, then why. */
export function QueryErrorPage({ title, crumbs, ...state }: { title: string; crumbs?: Crumb[] } & ComponentProps<typeof QueryErrorState>) {
  return (
    <>
      <PageHeader title={title} crumbs={crumbs} />
      <QueryErrorState {...state} />
    </>
  );
}
