import type { Metadata } from "next";
import { quizQuestionCounts } from "@/app/_lib/quiz-counts";
import { NewAssignmentView } from "./NewAssignmentView";

export const metadata: Metadata = { title: "New assignment" };

export default async function NewAssignmentPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  return <NewAssignmentView courseId={courseId} quizCounts={quizQuestionCounts()} />;
}
