import type { Metadata } from "next";
import { ConnectAccountView } from "./ConnectAccountView";

export const metadata: Metadata = { title: "Connect your LMS account" };

export default async function ConnectAccountPage({ params }: { params: Promise<{ requestId: string }> }) {
  const { requestId } = await params;
  return <ConnectAccountView requestId={requestId} />;
}
