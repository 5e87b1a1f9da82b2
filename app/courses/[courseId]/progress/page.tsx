import type { Metadata } from "next";
import { ProgressView } from "./ProgressView";

export const metadata: Metadata = { title: "Student progress" };

export default async function ProgressPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  return <ProgressView courseId={courseId} />;
}
