import type { Metadata } from "next";
import { LiveSessionView } from "./LiveSessionView";

export const metadata: Metadata = { title: "Live session" };

export default async function LiveSessionPage({ params }: { params: Promise<{ courseId: string; sessionId: string }> }) {
  const { courseId, sessionId } = await params;
  return <LiveSessionView courseId={courseId} sessionId={sessionId} />;
}
