import type { Metadata } from "next";
import { LmsAdminView } from "./LmsAdminView";

export const metadata: Metadata = { title: "LMS integration" };

export default function LmsIntegrationPage() {
  return <LmsAdminView />;
}
