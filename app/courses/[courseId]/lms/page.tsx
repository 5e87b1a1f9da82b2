import type { Metadata } from "next";
import { CourseLmsView } from "./CourseLmsView";

export const metadata: Metadata = { title: "LMS" };

export default async function CourseLmsPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  return <CourseLmsView courseId={courseId} />;
}
