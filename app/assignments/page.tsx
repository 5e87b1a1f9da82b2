import type { Metadata } from "next";
import { MyAssignmentsView } from "./MyAssignmentsView";

export const metadata: Metadata = { title: "My assignments" };

export default function MyAssignmentsPage() {
  return <MyAssignmentsView />;
}
