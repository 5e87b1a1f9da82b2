import type { Metadata } from "next";
import { JoinLiveView } from "./JoinLiveView";

export const metadata: Metadata = { title: "Join a live session" };

export default async function JoinLivePage({ searchParams }: { searchParams: Promise<{ code?: string | string[] }> }) {
  const { code } = await searchParams;
  return <JoinLiveView initialCode={typeof code === "string" ? code : ""} />;
}
