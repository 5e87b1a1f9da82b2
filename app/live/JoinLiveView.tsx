"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Button, ButtonLink } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { PageHeader } from "@/app/_components/PageHeader";
import { Loading } from "@/app/_components/Spinner";
import { authClient } from "@/app/_lib/auth-client";
import { api } from "@/app/_trpc/react";
import { LIVE_JOIN_CODE_LENGTH } from "@/lib/live/types";

/** Students type (or scan) the code on the projector; a scanned code joins at once. */
export function JoinLiveView({ initialCode }: { initialCode: string }) {
  const { data: session, isPending } = authClient.useSession();
  const router = useRouter();
  const [code, setCode] = useState(initialCode.toUpperCase());
  const join = api.live.joinByCode.useMutation({
    onSuccess: (result) => router.push(`/courses/${result.courseId}/live/${result.sessionId}`),
  });
  const autoJoined = useRef(false);
  useEffect(() => {
    if (session && initialCode.length === LIVE_JOIN_CODE_LENGTH && !autoJoined.current) {
      autoJoined.current = true;
      join.mutate({ code: initialCode });
    }
  }, [session, initialCode, join]);

  if (isPending) return <Loading label="Checking your sign-in…" />;
  const here = `/live${code ? `?code=${encodeURIComponent(code)}` : ""}`;
  return (
    <div className="mx-auto max-w-md">
      <PageHeader title="Join a live session" description={<p>Type the six-character code your instructor shows.</p>} />
      {!session ? (
        <Card className="space-y-3">
          <p>Sign in first: your answers and results are saved to your account.</p>
          <div className="flex gap-2">
            <ButtonLink href={`/sign-in?next=${encodeURIComponent(here)}`}>Sign in</ButtonLink>
            <ButtonLink href={`/sign-up?next=${encodeURIComponent(here)}`} variant="secondary">
              Create an account
            </ButtonLink>
          </div>
        </Card>
      ) : (
        <Card>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              join.mutate({ code });
            }}
          >
            <label className="block text-sm font-medium" htmlFor="live-code">
              Session code
            </label>
            <input
              id="live-code"
              className="mt-1 w-full rounded-md border border-line px-3 py-2 font-mono text-3xl tracking-[0.3em] uppercase"
              value={code}
              onChange={(e) => setCode(e.target.value.toUpperCase())}
              maxLength={16}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              aria-describedby={join.error ? "live-code-error" : undefined}
              autoFocus
            />
            <Button type="submit" className="mt-4 w-full" disabled={join.isPending || code.trim().length === 0}>
              {join.isPending ? "Joining…" : "Join session"}
            </Button>
            {join.error && (
              <p id="live-code-error" role="alert" className="mt-3 text-sm text-red-700">
                {join.error.message}
              </p>
            )}
          </form>
        </Card>
      )}
    </div>
  );
}
