import type { Metadata } from "next";
import { quizQuestionCounts } from "@/app/_lib/quiz-counts";
import { EditAssignmentView } from "./EditAssignmentView";

export const metadata: Metadata = { title: "Edit assignment" };

export default async function EditAssignmentPage({ params }: { params: Promise<{ courseId: string; assignmentId: string }> }) {
  const { courseId, assignmentId } = await params;
  return <EditAssignmentView courseId={courseId} assignmentId={assignmentId} quizCounts={quizQuestionCounts()} />;
}
