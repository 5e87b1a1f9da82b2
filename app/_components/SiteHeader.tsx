"use client";
import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/app/_lib/auth-client";
import { resetSocket } from "@/app/_lib/socket";
import { Button, ButtonLink } from "./Button";

export function SiteHeader() {
  const { data: session, isPending } = authClient.useSession();
  const router = useRouter();
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const [signingOut, setSigningOut] = useState(false);

  async function signOut() {
    setSigningOut(true);
    try {
      await authClient.signOut();
      resetSocket();
      queryClient.clear(); // nothing cached for the previous user survives
      router.push("/");
    } finally {
      setSigningOut(false);
    }
  }

  const coursesActive = pathname?.startsWith("/courses");
  return (
    <header className="border-b border-line bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="flex items-center gap-2 text-lg font-bold tracking-tight text-ink">
          <span aria-hidden="true" className="grid size-7 place-items-center rounded-md bg-brand-600 text-sm text-white">
            G
          </span>
          GenLab
        </Link>
        <nav aria-label="Main" className="flex-1">
          <ul className="flex items-center gap-1">
            <li>
              <Link
                href="/courses"
                aria-current={coursesActive ? "page" : undefined}
                className={`rounded-md px-3 py-2 text-sm font-medium hover:bg-slate-100 ${coursesActive ? "text-brand-700" : "text-slate-700"}`}
              >
                My courses
              </Link>
            </li>
            {session && (
              <li>
                <Link
                  href="/live"
                  aria-current={pathname === "/live" ? "page" : undefined}
                  className={`rounded-md px-3 py-2 text-sm font-medium hover:bg-slate-100 ${pathname === "/live" ? "text-brand-700" : "text-slate-700"}`}
                >
                  Join live session
                </Link>
              </li>
            )}
          </ul>
        </nav>
        <div className="flex min-h-10 items-center gap-2 text-sm">
          {isPending ? null : session ? (
            <>
              <span className="max-w-[12rem] truncate text-slate-700">
                <span className="hidden sm:inline">Signed in as </span>
                <span className="font-medium text-ink">{session.user.name}</span>
              </span>
              <Button variant="secondary" size="sm" onClick={signOut} disabled={signingOut}>
                {signingOut ? "Signing out…" : "Sign out"}
              </Button>
            </>
          ) : (
            <>
              <ButtonLink href="/sign-in" variant="ghost" size="sm">
                Sign in
              </ButtonLink>
              <ButtonLink href="/sign-up" size="sm">
                Sign up
              </ButtonLink>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
