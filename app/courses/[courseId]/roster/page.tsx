import type { Metadata } from "next";
import { RosterView } from "./RosterView";

export const metadata: Metadata = { title: "Roster" };

export default async function RosterPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  return <RosterView courseId={courseId} />;
}
