import type { Metadata } from "next";
import { GradedQuizView } from "./GradedQuizView";

export const metadata: Metadata = { title: "Graded quiz" };

export default async function GradedQuizPage({ params }: { params: Promise<{ courseId: string; assignmentId: string; itemId: string }> }) {
  const { courseId, assignmentId, itemId } = await params;
  return <GradedQuizView courseId={courseId} assignmentId={assignmentId} itemId={itemId} />;
}
