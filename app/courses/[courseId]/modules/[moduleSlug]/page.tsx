import type { Metadata } from "next";
import { findModuleContent } from "@/app/_content/modules";
import { ModuleView } from "./ModuleView";

export const metadata: Metadata = { title: "Module" };

/**
 * The reading is rendered here, on the server (KaTeX included): the browser gets its HTML, not the
 * 26 modules' text and a TeX typesetter to run. ModuleView shows it once the course says the reader may.
 */
export default async function ModulePage({ params }: { params: Promise<{ courseId: string; moduleSlug: string }> }) {
  const { courseId, moduleSlug } = await params;
  const content = findModuleContent(moduleSlug);
  const reading = content ? { minutes: content.minutes, body: <content.Body /> } : null;
  return <ModuleView courseId={courseId} moduleSlug={moduleSlug} reading={reading} />;
}
