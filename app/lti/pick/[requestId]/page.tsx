import type { Metadata } from "next";
import { DeepLinkPicker } from "./DeepLinkPicker";

export const metadata: Metadata = { title: "Add a GenLab assignment" };

export default async function DeepLinkPickerPage({ params }: { params: Promise<{ requestId: string }> }) {
  const { requestId } = await params;
  return <DeepLinkPicker requestId={requestId} />;
}
