/**
 * Numeric answers as people type them: "0.56", ".56", "0,56", "4/51", "1e-3", "56%", "−0.5".
 * Anything that could be read two ways ("1,000.5": a thousands separator or a typo?; "1,024": one
 * thousand and twenty-four, or a decimal comma?) is refused rather than guessed.
 */

/** Longer than any number a person types: the patterns below backtrack, so longer text is refused first. */
const MAX_ANSWER_LENGTH = 64;

// Digits with an optional decimal point (".5" and "5." included) and an optional exponent.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const FRACTION = /^([+-]?(?:\d+\.?\d*|\.\d+))\s*\/\s*([+-]?(?:\d+\.?\d*|\.\d+))$/;

/** "1,024" or "-362,880": a comma that could group thousands, or be a decimal comma. */
export const looksLikeThousands = (text: string) => /^[+-]?[1-9]\d{0,2},\d{3}%?$/.test(text.trim().replace(/\u2212/g, "-"));

/** The number in `text`, or null when it is empty, ambiguous, not finite or not a number. */
export function parseNumericAnswer(text: string): number | null {
  // U+2212 (the typographic minus, as copied from a formula) counts as "-".
  let body = text.trim().replace(/\u2212/g, "-");
  if (body.length > MAX_ANSWER_LENGTH) return null;
  if (body.includes(",")) {
    // One comma and no dot is a decimal comma ("0,56"), unless it could group thousands ("1,024");
    // any other comma is ambiguous.
    if (body.includes(".") || body.indexOf(",") !== body.lastIndexOf(",") || looksLikeThousands(body)) return null;
    body = body.replace(",", ".");
  }
  const percent = body.endsWith("%");
  if (percent) body = body.slice(0, -1).trimEnd();
  let value: number;
  const fraction = FRACTION.exec(body);
  if (fraction && !percent) {
    const denominator = Number(fraction[2]);
    if (denominator === 0) return null;
    value = Number(fraction[1]) / denominator;
  } else if (DECIMAL.test(body)) {
    value = percent ? Number(body) / 100 : Number(body);
  } else {
    return null;
  }
  // + 0 turns −0 into 0.
  return Number.isFinite(value) ? value + 0 : null;
}

/** The tolerance of a numeric question in words, for the question's help text. */
export function describeTolerance(tolerance: number): string {
  if (tolerance === 0) return "only the exact answer is accepted";
  return `answers within ±${new Intl.NumberFormat("en-US", { maximumFractionDigits: 20, useGrouping: false }).format(tolerance)} are accepted`;
}
