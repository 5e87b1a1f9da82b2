/**
 * Finding one's way through a module page: the previous and next module in the course's order, and
 * a table of contents (the reading's h2 headings as in-page links) at the top of long readings.
 */

/** The modules before and after `slug` in the course's order (what the course lists to this reader), or null at either end. */
export function adjacentModules<M extends { slug: string }>(modules: readonly M[], slug: string): { previous: M | null; next: M | null } {
  const i = modules.findIndex((m) => m.slug === slug);
  if (i === -1) return { previous: null, next: null };
  return { previous: modules[i - 1] ?? null, next: modules[i + 1] ?? null };
}

export interface TocEntry {
  id: string;
  text: string;
}

/** A reading this long (estimated minutes) with this many sections gets a table of contents. */
export const TOC_MIN_MINUTES = 8;
export const TOC_MIN_SECTIONS = 4;

/** The headings' links, in order: those with an id and text, each id once (a repeated id would link to its first heading). */
export function tocEntries(headings: readonly { id: string; text: string }[]): TocEntry[] {
  const seen = new Set<string>();
  const entries: TocEntry[] = [];
  for (const h of headings) {
    const text = h.text.replace(/\s+/g, " ").trim();
    if (!h.id || !text || seen.has(h.id)) continue;
    seen.add(h.id);
    entries.push({ id: h.id, text });
  }
  return entries;
}

/** Whether a reading gets a table of contents: long enough to scroll through, with enough sections to list. */
export function wantsToc(minutes: number, sections: number): boolean {
  return minutes >= TOC_MIN_MINUTES && sections >= TOC_MIN_SECTIONS;
}

/** The h2 headings under `root`, as the browser rendered them. */
export function renderedHeadings(root: ParentNode): TocEntry[] {
  return tocEntries([...root.querySelectorAll("h2")].map((h) => ({ id: h.id, text: h.textContent ?? "" })));
}
