"use client";
import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { authClient } from "@/app/_lib/auth-client";
import { resetSocket } from "@/app/_lib/socket";
import { forgetAllRuns } from "@/app/_components/trainer/saved-runs";
import { Button, ButtonLink } from "./Button";
import { NoticesMenu } from "./Notices";

/** An entry of the main navigation, marked as the current page where one is on it. */
function NavLink({ href, active, children }: { href: string; active: boolean | undefined; children: ReactNode }) {
  return (
    <li>
      <Link
        href={href}
        aria-current={active ? "page" : undefined}
        className={`rounded-md px-3 py-2 text-sm font-medium hover:bg-slate-100 ${active ? "text-brand-700" : "text-slate-700"}`}
      >
        {children}
      </Link>
    </li>
  );
}

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
      await forgetAllRuns();
      router.push("/");
    } finally {
      setSigningOut(false);
    }
  }

  const coursesActive = pathname?.startsWith("/courses");
  const assignmentsActive = pathname === "/assignments" || pathname?.startsWith("/assignments/");
  const accountActive = pathname === "/account";
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
          <ul className="flex flex-wrap items-center gap-1">
            <NavLink href="/courses" active={coursesActive}>
              My courses
            </NavLink>
            {session && (
              <NavLink href="/assignments" active={assignmentsActive}>
                My assignments
              </NavLink>
            )}
            {session && (
              <NavLink href="/live" active={pathname === "/live"}>
                Join live session
              </NavLink>
            )}
          </ul>
        </nav>
        <div className="flex min-h-10 items-center gap-2 text-sm">
          {isPending ? null : session ? (
            <>
              <NoticesMenu />
              <Link
                href="/account"
                aria-current={accountActive ? "page" : undefined}
                className={`max-w-[12rem] truncate rounded-md px-2 py-1.5 hover:bg-slate-100 ${accountActive ? "text-brand-700" : "text-slate-700"}`}
                data-testid="account-link"
              >
                <span className="hidden sm:inline">Signed in as </span>
                <span className={`font-medium ${accountActive ? "text-brand-700" : "text-ink"}`}>{session.user.name}</span>
                <span className="sr-only"> — your account</span>
              </Link>
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
