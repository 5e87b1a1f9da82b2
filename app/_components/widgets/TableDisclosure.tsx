"use client";
import { useId, useState, type ReactNode } from "react";
import { Button } from "@/app/_components/Button";

/**
 * A figure's numbers as a table, behind "Show as table" (for screen readers and for reading exact
 * values). `children` are the table's head and body; its scroll box takes keyboard focus when wide.
 */
export function TableDisclosure({ caption, children }: { caption: string; children: ReactNode }) {
  const id = useId();
  const [shown, setShown] = useState(false);
  return (
    <div className="mt-2">
      <Button size="sm" variant="ghost" onClick={() => setShown((v) => !v)} aria-expanded={shown} aria-controls={id}>
        {shown ? "Hide table" : "Show as table"}
      </Button>
      {shown && (
        <div id={id} className="mt-2 relative overflow-x-auto" tabIndex={0} role="region" aria-label={caption}>
          <table className="w-full text-right tabular-nums">
            <caption className="sr-only">{caption}</caption>
            {children}
          </table>
        </div>
      )}
    </div>
  );
}
