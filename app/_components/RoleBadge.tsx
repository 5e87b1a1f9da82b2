const ROLES: Record<string, { label: string; className: string }> = {
  INSTRUCTOR: { label: "Instructor", className: "bg-amber-100 text-amber-900" },
  TEACHING_ASSISTANT: { label: "Teaching assistant", className: "bg-emerald-100 text-emerald-900" },
  STUDENT: { label: "Student", className: "bg-brand-50 text-brand-800" },
};

export function RoleBadge({ role }: { role: "INSTRUCTOR" | "TEACHING_ASSISTANT" | "STUDENT" | string }) {
  const { label, className } = ROLES[role] ?? ROLES.STUDENT;
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${className}`}>{label}</span>;
}
