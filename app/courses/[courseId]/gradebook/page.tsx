import type { Metadata } from "next";
import { GradebookView } from "./GradebookView";

export const metadata: Metadata = { title: "Gradebook" };

export default async function GradebookPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  return <GradebookView courseId={courseId} />;
}
