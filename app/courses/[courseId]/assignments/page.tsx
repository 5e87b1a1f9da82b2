import type { Metadata } from "next";
import { AssignmentsView } from "./AssignmentsView";

export const metadata: Metadata = { title: "Assignments" };

export default async function AssignmentsPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  return <AssignmentsView courseId={courseId} />;
}
