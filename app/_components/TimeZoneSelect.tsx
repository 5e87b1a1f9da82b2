"use client";
import { useSyncExternalStore, type ComponentProps } from "react";

const subscribe = () => () => {};
let cachedZones: string[] | null = null;

/** Every IANA time zone the browser knows, "UTC" first (some engines leave it out of the list). */
function browserTimeZones(): string[] {
  if (!cachedZones) {
    let zones: string[] = [];
    try {
      zones = Intl.supportedValuesOf("timeZone");
    } catch {
      zones = [];
    }
    cachedZones = ["UTC", ...zones.filter((z) => z !== "UTC")];
  }
  return cachedZones;
}

/**
 * The browser's own time zone ("Europe/Berlin"); null while rendering on the server and during
 * hydration, so the server's zone never ends up in the page.
 */
export function useBrowserTimeZone(): string | null {
  return useSyncExternalStore(
    subscribe,
    () => {
      try {
        return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
      } catch {
        return "UTC";
      }
    },
    () => null,
  );
}

function useTimeZones(): string[] | null {
  return useSyncExternalStore(subscribe, browserTimeZones, () => null);
}

/**
 * A `<select>` of time zones. The list comes from the browser (Intl.supportedValuesOf), so it is
 * filled in after hydration; the current value is always an option, even when the list lacks it
 * (an alias such as Asia/Calcutta, or a zone the browser does not know).
 */
export function TimeZoneSelect({ value, ...props }: Omit<ComponentProps<"select">, "value" | "children"> & { value: string }) {
  const zones = useTimeZones();
  const options = zones ? (value && !zones.includes(value) ? [value, ...zones] : zones) : value ? [value] : [];
  return (
    <select
      value={value}
      className="block h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-base text-ink shadow-sm focus-visible:border-brand-600 sm:text-sm"
      {...props}
    >
      {options.map((zone) => (
        <option key={zone} value={zone}>
          {zone.replaceAll("_", " ")}
        </option>
      ))}
    </select>
  );
}
