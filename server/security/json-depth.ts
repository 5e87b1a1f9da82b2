/** Deeper than any GenLab input (a submission is at most ~4 levels). */
export const MAX_INPUT_DEPTH = 32;

/**
 * Whether a parsed JSON value nests deeper than MAX_INPUT_DEPTH, found without recursion: deep values
 * overflow the stacks of whatever walks them later (structured clone, JSON.stringify, superjson), and
 * this check must not overflow either.
 */
export function nestsTooDeep(value: unknown): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== "object" || node === null) continue;
    if (depth >= MAX_INPUT_DEPTH) return true;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}
