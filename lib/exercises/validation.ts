import type { z } from "zod";

/** Turns a zod error into one sentence a student understands, naming where the problem is (`subject`: the whole value). */
export function describeValidationError(error: z.ZodError, input?: unknown, subject = "The submission"): string {
  const issue = error.issues[0];
  if (!issue) return `${subject} is not valid.`;
  const where = describePath(issue.path, subject, tupleSize(input, issue.path));
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? "s" : ""})` : "";
  return `${where} ${issue.message}${more}.`.replace(/\.\.$/, ".");
}

/** The length of the list that holds the offending coordinate, when there is one. */
function tupleSize(input: unknown, path: PropertyKey[]): number | undefined {
  let node = input;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return Array.isArray(node) ? node.length : undefined;
}

/** Pairs read as x, y; longer tuples as x1, x2, x3, … */
function coordinateName(index: number, size: number | undefined): string {
  if (size === 2 || size === undefined) return index === 0 ? "coordinate x" : index === 1 ? "coordinate y" : `coordinate ${index + 1}`;
  return `unit x${index + 1}`;
}

function describePath(path: PropertyKey[], subject: string, size?: number): string {
  if (path.length === 0) return subject;
  // samples[17][1] reads better as "samples: entry 18, coordinate y"
  const [field, index, coordinate] = path;
  if (typeof index === "number") {
    const entry = `${String(field)}: entry ${index + 1}`;
    if (typeof coordinate === "number") return `${entry}, ${coordinateName(coordinate, size)}`;
    return entry;
  }
  return `"${path.map(String).join(".")}"`;
}
