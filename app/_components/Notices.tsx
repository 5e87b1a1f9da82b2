"use client";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { Popover } from "radix-ui";
import { useEffect, useId, useMemo, useState, useSyncExternalStore } from "react";
import { errorCode, errorMessage } from "@/app/_lib/errors";
import { absoluteTime, plural, relativeTime } from "@/app/_lib/format";
import { useNow } from "@/app/_lib/useNow";
import { api } from "@/app/_trpc/react";
import type { AppRouter } from "@/server/api/root";

type Notice = inferRouterOutputs<AppRouter>["assignment"]["notices"][number];

const REFETCH_MS = 60_000;

// ── Which notices were seen: their ids in localStorage, shared by the tabs of this browser ──────

const SEEN_KEY = "genlab:seen-notices";
const MAX_SEEN = 200;
const NONE: readonly string[] = [];
const listeners = new Set<() => void>();
let cachedRaw: string | null | undefined;
let cachedIds: readonly string[] = NONE;
/** Where localStorage is refused (some private modes), seen ids last as long as the tab. */
let memoryOnly: readonly string[] | null = null;

function parseSeen(raw: string | null): readonly string[] {
  if (!raw) return NONE;
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === "string") : NONE;
  } catch {
    return NONE;
  }
}

function readSeen(): readonly string[] {
  if (memoryOnly) return memoryOnly;
  let raw: string | null;
  try {
    raw = window.localStorage.getItem(SEEN_KEY);
  } catch {
    return NONE;
  }
  if (raw !== cachedRaw) {
    cachedRaw = raw;
    cachedIds = parseSeen(raw);
  }
  return cachedIds;
}

function subscribeSeen(onChange: () => void) {
  listeners.add(onChange);
  const onStorage = (event: StorageEvent) => {
    if (event.key === SEEN_KEY || event.key === null) onChange();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener("storage", onStorage);
  };
}

/** Adds ids to the seen list, newest last, keeping at most MAX_SEEN (those shown now are kept). */
function markSeen(ids: string[]) {
  const seen = readSeen();
  const known = new Set(seen);
  if (ids.every((id) => known.has(id))) return;
  const adding = new Set(ids);
  const next = [...seen.filter((id) => !adding.has(id)), ...adding].slice(-MAX_SEEN);
  try {
    window.localStorage.setItem(SEEN_KEY, JSON.stringify(next));
  } catch {
    memoryOnly = next;
  }
  for (const listener of listeners) listener();
}

// ── Wording ─────────────────────────────────────────────────────────────────────────────────

/** "Due in 3 hours", "Due in 1 hour 20 minutes", "Due in 5 minutes", "Due now". */
function dueLabel(dueAt: Date, now: number): string {
  const ms = dueAt.getTime() - now;
  if (ms <= 0) return "Due now";
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return "Due in less than a minute";
  if (minutes < 60) return `Due in ${plural(minutes, "minute")}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 3 && rest > 0) return `Due in ${plural(hours, "hour")} ${plural(rest, "minute")}`;
  return `Due in ${plural(Math.round(minutes / 60), "hour")}`;
}

// ── The button and its list ─────────────────────────────────────────────────────────────────

/** New assignments and those due soon, for the signed-in user: a button with the unread count, opening the list. */
export function NoticesMenu() {
  const notices = api.assignment.notices.useQuery(undefined, { refetchInterval: REFETCH_MS });
  const seen = useSyncExternalStore(subscribeSeen, readSeen, () => NONE);
  const headingId = useId();
  const [open, setOpen] = useState(false);
  // What was seen before the list was opened, to point out which notices are new.
  const [seenAtOpen, setSeenAtOpen] = useState<ReadonlySet<string>>(() => new Set());
  const seenSet = useMemo(() => new Set(seen), [seen]);
  const items = notices.data;
  const unread = items ? items.filter((n) => !seenSet.has(n.id)).length : 0;

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (next) setSeenAtOpen(seenSet);
  }

  // Opening the list marks everything in it seen, including notices that arrive while it is open.
  useEffect(() => {
    if (open && items) markSeen(items.map((n) => n.id));
  }, [open, items]);

  return (
    <Popover.Root open={open} onOpenChange={onOpenChange}>
      <Popover.Trigger asChild>
        <button
          type="button"
          className="relative inline-flex h-8 items-center gap-1.5 rounded-md border border-line bg-white px-2.5 text-sm font-medium text-ink shadow-sm transition-colors hover:bg-slate-50"
          data-testid="notices-button"
        >
          <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="size-4 text-slate-500">
            <path
              fillRule="evenodd"
              d="M10 2a6 6 0 0 0-6 6c0 1.89-.45 3.67-1.24 5.24a.75.75 0 0 0 .55 1.08c1.1.2 2.23.35 3.38.45a3.3 3.3 0 0 0 6.62 0c1.15-.1 2.28-.25 3.38-.45a.75.75 0 0 0 .55-1.08A11.45 11.45 0 0 1 16 8a6 6 0 0 0-6-6Zm0 15.25c-.86 0-1.57-.63-1.72-1.45a41 41 0 0 0 3.44 0c-.15.82-.86 1.45-1.72 1.45Z"
              clipRule="evenodd"
            />
          </svg>
          Notices
          {unread > 0 && (
            <>
              <span
                className="min-w-5 rounded-full bg-brand-600 px-1.5 text-center text-xs leading-5 font-semibold text-white tabular-nums"
                data-testid="notices-count"
              >
                {unread > 99 ? "99+" : unread}
              </span>
              <span className="sr-only"> unread</span>
            </>
          )}
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="end"
          sideOffset={8}
          collisionPadding={12}
          aria-labelledby={headingId}
          className="z-50 w-[min(24rem,calc(100vw-1.5rem))] rounded-xl border border-line bg-white text-sm shadow-lg"
          data-testid="notices-panel"
        >
          <NoticeList headingId={headingId} notices={notices} seenAtOpen={seenAtOpen} close={() => setOpen(false)} />
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

function NoticeList({
  headingId,
  notices,
  seenAtOpen,
  close,
}: {
  headingId: string;
  notices: { data?: Notice[]; isPending: boolean; error: unknown; isRefetching: boolean; refetch: () => unknown };
  seenAtOpen: ReadonlySet<string>;
  close: () => void;
}) {
  const now = useNow();
  const items = notices.data;
  return (
    <>
      <h2 id={headingId} className="border-b border-line px-4 py-3 font-semibold text-ink">
        Notices
      </h2>
      {items ? (
        items.length === 0 ? (
          <p className="px-4 py-6 text-center text-muted" data-testid="notices-empty">
            Nothing new. New assignments and those due within 24 hours appear here.
          </p>
        ) : (
          <ul className="max-h-[min(26rem,60vh)] divide-y divide-line overflow-y-auto" data-testid="notices-list">
            {items.map((n) => {
              const fresh = !seenAtOpen.has(n.id);
              return (
                <li key={n.id}>
                  <Link
                    href={`/courses/${n.courseId}/assignments/${n.assignmentId}`}
                    onClick={close}
                    className={`flex gap-3 px-4 py-3 hover:bg-slate-50 focus-visible:bg-slate-50 ${fresh ? "bg-brand-50/60" : ""}`}
                    data-testid="notice-item"
                  >
                    <span aria-hidden="true" className={`mt-1.5 size-2 shrink-0 rounded-full ${fresh ? "bg-brand-600" : "bg-transparent"}`} />
                    <span className="min-w-0">
                      <span className="block text-ink">
                        <span className={`font-semibold ${n.kind === "due-soon" ? "text-amber-800" : "text-brand-700"}`}>
                          {n.kind === "new-assignment" ? "New assignment" : dueLabel(n.dueAt, now)}:
                        </span>{" "}
                        <span className="font-medium">{n.title}</span> — {n.courseTitle}
                      </span>
                      <span className="mt-0.5 block text-xs text-muted">
                        {n.kind === "new-assignment" ? (
                          <>
                            Added {relativeTime(n.at, now)}; due {absoluteTime(n.dueAt)}
                          </>
                        ) : (
                          <>Due {absoluteTime(n.dueAt)}</>
                        )}
                        {fresh && <span className="sr-only"> (new)</span>}
                      </span>
                    </span>
                  </Link>
                </li>
              );
            })}
          </ul>
        )
      ) : notices.error ? (
        <div role="alert" className="space-y-2 px-4 py-4 text-red-800">
          <p>
            Notices could not be loaded
            {errorCode(notices.error) ? `: ${errorMessage(notices.error)}` : ". Check your connection and try again."}
          </p>
          <button
            type="button"
            onClick={() => void notices.refetch()}
            disabled={notices.isRefetching}
            className="rounded-md border border-line bg-white px-3 py-1 text-sm font-medium text-ink shadow-sm hover:bg-slate-50 disabled:opacity-60"
          >
            {notices.isRefetching ? "Trying again…" : "Try again"}
          </button>
        </div>
      ) : (
        <p role="status" className="px-4 py-6 text-center text-muted">
          Loading notices…
        </p>
      )}
      <div className="flex items-center justify-between gap-2 border-t border-line px-4 py-2.5">
        <Link href="/assignments" onClick={close} className="text-sm font-medium text-brand-700 hover:underline">
          All my assignments
        </Link>
        <Popover.Close className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100">Close</Popover.Close>
      </div>
    </>
  );
}
