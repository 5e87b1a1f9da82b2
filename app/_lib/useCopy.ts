import { useRef, useState } from "react";

/**
 * Copying a read-only field's value: to the clipboard, or, where the browser refuses that, by
 * selecting the field's text for Ctrl+C. `state` says which happened.
 */
export function useCopy(value: string) {
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<"idle" | "copied" | "manual">("idle");
  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      input.current?.focus();
      input.current?.select();
      setState("manual");
    }
  }
  return { input, state, copy };
}
