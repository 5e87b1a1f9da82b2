import type { Metadata } from "next";
import { AssignmentView } from "./AssignmentView";

export const metadata: Metadata = { title: "Assignment" };

export default async function AssignmentPage({ params }: { params: Promise<{ courseId: string; assignmentId: string }> }) {
  const { courseId, assignmentId } = await params;
  return <AssignmentView courseId={courseId} assignmentId={assignmentId} />;
}
