import type { z } from "zod";

/** Turns a zod error into one sentence a student understands, naming where the problem is. */
export function describeValidationError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "The submission is not valid.";
  const where = describePath(issue.path);
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? "s" : ""})` : "";
  return `${where} ${issue.message}${more}.`.replace(/\.\.$/, ".");
}

function describePath(path: PropertyKey[]): string {
  if (path.length === 0) return "The submission";
  // samples[17][1] reads better as "samples: entry 18, coordinate y"
  const [field, index, coordinate] = path;
  if (typeof index === "number") {
    const entry = `${String(field)}: entry ${index + 1}`;
    if (typeof coordinate === "number") return `${entry}, coordinate ${coordinate === 0 ? "x" : coordinate === 1 ? "y" : coordinate + 1}`;
    return entry;
  }
  return `"${path.map(String).join(".")}"`;
}
