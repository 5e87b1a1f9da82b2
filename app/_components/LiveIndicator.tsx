import type { LiveStatus } from "@/app/_lib/socket";

const LOOK: Record<LiveStatus, { dot: string; text: string }> = {
  connecting: { dot: "bg-slate-400", text: "Connecting…" },
  live: { dot: "bg-emerald-500", text: "Live" },
  reconnecting: { dot: "bg-amber-500", text: "Reconnecting…" },
  offline: { dot: "bg-red-500", text: "Offline" },
};

/** Connection state of a live view; role="status" announces changes politely. */
export function LiveIndicator({ status, error }: { status: LiveStatus; error?: string | null }) {
  const look = LOOK[status];
  return (
    <p role="status" className="inline-flex items-center gap-2 rounded-full border border-line bg-white px-3 py-1 text-xs font-medium text-slate-700">
      <span aria-hidden="true" className="relative flex size-2.5">
        {status === "live" && <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-400 opacity-60" />}
        <span className={`relative inline-flex size-2.5 rounded-full ${look.dot}`} />
      </span>
      <span>
        {look.text}
        {status === "offline" && <span className="font-normal text-muted"> — not receiving live updates{error ? ` (${error})` : ""}. Reload to retry.</span>}
        {status === "reconnecting" && <span className="font-normal text-muted"> — updates resume when the connection is back.</span>}
      </span>
    </p>
  );
}
