// What people may be shown when the server refuses something: a sentence written for them, not a
// stack trace, an object dump, or the JavaScript engine's own words about the server's internals.
import assert from "node:assert/strict";

/** Phrasings of V8's TypeError / SyntaxError / RangeError messages: the engine talking, not GenLab. */
const ENGINE_PHRASES =
  /is not a function|Cannot (read|set|destructure|convert)|of (undefined|null)\b|Unexpected (token|end of JSON)|in JSON at position|Maximum call stack|Invalid string length/;

function isJsonDump(text: string): boolean {
  if (/^(\{"|\[\{|\[")/.test(text)) return true;
  try {
    return typeof JSON.parse(text) === "object";
  } catch {
    return false;
  }
}

/** Why `message` is not readable, or null when it is. */
export function unreadableReason(message: unknown): string | null {
  if (typeof message !== "string") return `not a string: ${String(message).slice(0, 80)}`;
  const text = message.trim();
  if (text.length === 0) return "empty";
  if (text.length > 500) return `${text.length} characters long`;
  if (/\n\s+at /.test(text) || /\(\/[^)]*:\d+:\d+\)/.test(text)) return "a stack trace";
  if (text.includes("[object ")) return "an object printed as [object …]";
  if (isJsonDump(text)) return "a raw JSON dump";
  if (ENGINE_PHRASES.test(text)) return "the JavaScript engine's own error text";
  if (!/[A-Za-z]{2,}/.test(text)) return "no words";
  return null;
}

export function assertReadable(message: unknown, what: string) {
  const reason = unreadableReason(message);
  assert.equal(reason, null, `${what}: the message is not readable (${reason}): ${JSON.stringify(message)?.slice(0, 200)}`);
}
