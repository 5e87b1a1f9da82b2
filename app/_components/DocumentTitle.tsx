"use client";
import { useEffect } from "react";

/**
 * Names the browser tab and history entry after the page ("Leaderboard · Gaussian GANs · GenLab"):
 * the pages are client components, which cannot export Next's metadata.
 */
export function DocumentTitle({ parts }: { parts: (string | undefined)[] }) {
  const title = [...parts.filter((p): p is string => !!p), "GenLab"].join(" · ");
  useEffect(() => {
    document.title = title;
  }, [title]);
  return null;
}
