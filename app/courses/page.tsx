import type { Metadata } from "next";
import { CoursesView } from "./CoursesView";

export const metadata: Metadata = { title: "My courses" };

export default function CoursesPage() {
  return <CoursesView />;
}
