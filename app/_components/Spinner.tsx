/** A small spinning ring; decorative, so screen readers rely on the label next to it. */
export function Spinner({ className = "size-5" }: { className?: string }) {
  return (
    <svg className={`animate-spin text-brand-600 ${className}`} viewBox="0 0 24 24" fill="none" aria-hidden="true">
      <circle cx="12" cy="12" r="10" stroke="currentColor" strokeOpacity="0.25" strokeWidth="4" />
      <path d="M22 12a10 10 0 0 0-10-10" stroke="currentColor" strokeWidth="4" strokeLinecap="round" />
    </svg>
  );
}

/**
 * A loading state that says what it is waiting for. In place of a whole page it holds the window's
 * height, so the page that replaces it grows in place instead of pushing the footer down; `inline`
 * inside a section.
 */
export function Loading({ label = "Loading…", inline = false }: { label?: string; inline?: boolean }) {
  return (
    <div role="status" className={`flex items-start gap-3 py-10 text-muted ${inline ? "" : "min-h-[70vh]"}`}>
      <Spinner />
      <span>{label}</span>
    </div>
  );
}
