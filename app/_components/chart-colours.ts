"use client";
import { useSyncExternalStore } from "react";

const DARK = "(prefers-color-scheme: dark)";

/**
 * The theme's colours for canvas drawings, which cannot read CSS variables themselves. Colours of
 * data series that read on both schemes (orange, green, red, indigo-500) stay constants.
 */
export interface ChartColours {
  /** The plot's background: the card surface. */
  surface: string;
  /** Grid lines and the axes through zero. */
  grid: string;
  /** Frames, ticks and faint reference marks. */
  axis: string;
  /** Axis values and captions. */
  label: string;
  /** Data in the text colour (the real samples beside generated ones). */
  ink: string;
  /** The brand indigo (sample clouds, densities). */
  accent: string;
}

const read = new Map<boolean, ChartColours>();

/** The colours of the scheme the system asks for now, from app/globals.css (read once per scheme). */
export function chartColours(): ChartColours {
  const dark = window.matchMedia(DARK).matches;
  let colours = read.get(dark);
  if (!colours) {
    const style = getComputedStyle(document.documentElement);
    // Tailwind emits a theme variable only where some class uses it: the light value stands in for a missing one.
    const v = (name: string, light: string) => style.getPropertyValue(`--color-${name}`).trim() || light;
    colours = {
      surface: v("white", "#fff"),
      grid: v("slate-200", "#e2e8f0"),
      axis: v("slate-400", "#90a1b9"),
      label: v("slate-600", "#45556c"),
      ink: v("slate-900", "#0f172b"),
      accent: v("brand-600", "#4f39f6"),
    };
    read.set(dark, colours);
  }
  return colours;
}

function onSchemeChange(redraw: () => void): () => void {
  const query = window.matchMedia(DARK);
  query.addEventListener("change", redraw);
  return () => query.removeEventListener("change", redraw);
}

/**
 * chartColours() for drawings done in an effect: a new object when the system switches between light
 * and dark, so the effect that depends on it redraws; null while rendering on the server.
 */
export function useChartColours(): ChartColours | null {
  return useSyncExternalStore(onSchemeChange, chartColours, () => null);
}
