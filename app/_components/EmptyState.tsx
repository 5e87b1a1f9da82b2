import type { ComponentProps, ReactNode } from "react";

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
      <h2 className="text-lg font-semibold text-ink">{title}</h2>
      {children && <div className="mx-auto mt-2 max-w-md text-muted">{children}</div>}
      {action && <div className="mt-5 flex justify-center">{action}</div>}
    </div>
  );
}

/** A one-line empty state for a list within a page (EmptyState is for a page's main content). */
export function EmptyNote({ className = "", ...props }: ComponentProps<"p">) {
  return <p className={`rounded-xl border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-muted ${className}`} {...props} />;
}
