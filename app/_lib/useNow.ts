"use client";
import { useEffect, useState } from "react";

const DEFAULT_TICK_MS = 30_000;

/** The current time, refreshed every tickMs so relative times ("2 minutes ago") stay right. */
export function useNow(tickMs = DEFAULT_TICK_MS): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), tickMs);
    return () => clearInterval(id);
  }, [tickMs]);
  return now;
}
