import { findModuleContent } from "./index";

/** A module's reading by slug, or a line saying it is not written yet (the live page loads this only when the class opens a module). */
export function ModuleReading({ slug }: { slug: string }) {
  const content = findModuleContent(slug);
  return content ? <content.Body /> : <p className="text-muted">This module&apos;s text is not written yet.</p>;
}
