import type { Metadata } from "next";
import { ArenaView } from "./ArenaView";

export const metadata: Metadata = { title: "Sample arena" };

export default async function ArenaPage({ params }: { params: Promise<{ courseId: string; slug: string }> }) {
  const { courseId, slug } = await params;
  return <ArenaView courseId={courseId} exerciseSlug={slug} />;
}
