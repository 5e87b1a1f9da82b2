export function RoleBadge({ role }: { role: "INSTRUCTOR" | "STUDENT" | string }) {
  const instructor = role === "INSTRUCTOR";
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${
        instructor ? "bg-amber-100 text-amber-900" : "bg-brand-50 text-brand-800"
      }`}
    >
      {instructor ? "Instructor" : "Student"}
    </span>
  );
}
