import type { ComponentProps } from "react";

/** What went wrong with a form or an action, in a red box; role="alert" so it is read out when it appears. */
export function Alert({ className = "", ...props }: ComponentProps<"p">) {
  return <p role="alert" className={`rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 ${className}`} {...props} />;
}

/** That a form did its work, in a green box. Not a live region itself: put it in one (aria-live) that is always there. */
export function Success({ className = "", ...props }: ComponentProps<"p">) {
  return <p className={`rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900 ${className}`} {...props} />;
}
