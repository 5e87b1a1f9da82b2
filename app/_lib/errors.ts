/** The tRPC error code of a query or mutation error (UNAUTHORIZED, FORBIDDEN, …), if any. */
export function errorCode(error: unknown): string | undefined {
  if (error && typeof error === "object" && "data" in error) {
    const data = (error as { data?: { code?: unknown } | null }).data;
    if (data && typeof data.code === "string") return data.code;
  }
  return undefined;
}

export function errorMessage(error: unknown, fallback = "Something went wrong."): string {
  if (error instanceof Error && error.message) return error.message;
  if (error && typeof error === "object" && "message" in error && typeof error.message === "string") return error.message;
  return fallback;
}

// Browsers drop tabs and newlines from URLs and read "\" as "/": "/\t/evil.example" navigates to
// //evil.example, another site. Such characters never appear in GenLab's own paths.
const UNSAFE_IN_PATH = /[\u0000-\u001f\u007f\\]/;
const SAME_ORIGIN_PROBE = "https://same-origin.invalid";

/** A same-origin path to return to after signing in; anything else falls back to /courses. */
export function safeNext(next: string | null | undefined, fallback = "/courses"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || UNSAFE_IN_PATH.test(next)) return fallback;
  // Resolved against a stand-in origin, a same-origin path stays on it; whatever escapes is refused,
  // and so is a path that normalises into "//host" ("/..//evil.example"), which a router would follow.
  const url = new URL(next, SAME_ORIGIN_PROBE);
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (url.origin !== SAME_ORIGIN_PROBE || path.startsWith("//")) return fallback;
  return path;
}

const OFFLINE = "The server could not be reached. Check your connection and try again.";
const SESSION_ENDED = "Your session has ended. Sign in again, then try once more.";

/**
 * What a failed call tells the person: the server's words, or that it could not be reached.
 * `sessionEnded` replaces the sign-in advice where signing in again is not the way (an LMS's frame).
 */
export function failureMessage(error: unknown, sessionEnded = SESSION_ENDED): string {
  if (errorCode(error) === "UNAUTHORIZED") return sessionEnded;
  return errorCode(error) ? errorMessage(error) : OFFLINE;
}
