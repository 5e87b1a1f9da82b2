/**
 * Inline math in plain-text strings (quiz questions, their choices and explanations, live polls):
 * `$…$` is TeX, everything else is text. The rules follow Pandoc's, so prices and lone dollars stay
 * text: the opening `$` is followed by a non-space, the closing `$` is preceded by a non-space and
 * not followed by a digit; `\$` is a literal dollar; a `$` without a partner is text. `$$…$$` is
 * math too (typeset in display style, still inline).
 */
export type MathSegment = { kind: "text"; text: string } | { kind: "math"; tex: string; display: boolean };

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

/** Where the math opened at `start` (just after its delimiter) closes, or -1. */
function closingDollar(text: string, start: number, double: boolean): number {
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") {
      i++; // an escaped character (\$, \\) never closes
      continue;
    }
    if (c !== "$") continue;
    if (double) {
      if (text[i + 1] === "$" && i > start) return i;
      continue;
    }
    if (i > start && !isSpace(text[i - 1]) && !isDigit(text[i + 1])) return i;
  }
  return -1;
}

export function splitInlineMath(text: string): MathSegment[] {
  const segments: MathSegment[] = [];
  let plain = "";
  const flush = () => {
    if (plain) segments.push({ kind: "text", text: plain });
    plain = "";
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\" && text[i + 1] === "$") {
      plain += "$";
      i += 2;
      continue;
    }
    if (c === "$") {
      const double = text[i + 1] === "$";
      const start = i + (double ? 2 : 1);
      if (!isSpace(text[start])) {
        const end = closingDollar(text, start, double);
        if (end !== -1) {
          flush();
          segments.push({ kind: "math", tex: text.slice(start, end), display: double });
          i = end + (double ? 2 : 1);
          continue;
        }
      }
      if (double) {
        plain += "$$";
        i += 2;
        continue;
      }
    }
    plain += c;
    i++;
  }
  flush();
  return segments;
}

/** The text with its math as bare TeX (no delimiters): for places that take plain text only (screen-reader announcements, <option>s). */
export function inlineMathAsPlainText(text: string): string {
  if (!text.includes("$")) return text;
  return splitInlineMath(text)
    .map((s) => (s.kind === "text" ? s.text : s.tex))
    .join("");
}
