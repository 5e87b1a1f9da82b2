import type { Metadata } from "next";
import { StudentRecordView } from "./StudentRecordView";

export const metadata: Metadata = { title: "Student record" };

export default async function StudentRecordPage({ params }: { params: Promise<{ courseId: string; userId: string }> }) {
  const { courseId, userId } = await params;
  return <StudentRecordView courseId={courseId} userId={userId} />;
}
