import type { Metadata } from "next";
import { InviteView } from "./InviteView";

// The token is a secret: keep the page out of search engines and its address out of other sites' logs.
export const metadata: Metadata = { title: "Course invite", robots: { index: false, follow: false }, referrer: "no-referrer" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <InviteView token={token} />;
}
