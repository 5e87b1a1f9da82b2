import type { Metadata } from "next";
import { ResetPasswordView } from "./ResetPasswordView";

// The token is a secret: keep the page out of search engines and its address out of other sites' logs.
export const metadata: Metadata = { title: "Set a new password", robots: { index: false, follow: false }, referrer: "no-referrer" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <ResetPasswordView token={token} />;
}
