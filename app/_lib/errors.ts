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

/** A same-origin path to return to after signing in; anything else falls back to /courses. */
export function safeNext(next: string | null | undefined, fallback = "/courses"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  return next;
}
