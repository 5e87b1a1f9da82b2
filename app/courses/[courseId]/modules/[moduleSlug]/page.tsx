import type { Metadata } from "next";
import { ModuleView } from "./ModuleView";

export const metadata: Metadata = { title: "Module" };

export default async function ModulePage({ params }: { params: Promise<{ courseId: string; moduleSlug: string }> }) {
  const { courseId, moduleSlug } = await params;
  return <ModuleView courseId={courseId} moduleSlug={moduleSlug} />;
}
