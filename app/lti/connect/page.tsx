import type { Metadata } from "next";
import { ConnectCodeView } from "./ConnectCodeView";

export const metadata: Metadata = { title: "Connect your LMS account" };

export default function ConnectCodePage() {
  return <ConnectCodeView />;
}
