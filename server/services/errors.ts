/** Domain errors: services throw these; server/api/trpc.ts and the socket gateway map them to codes. */
export type DomainErrorKind = "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "INVALID" | "TOO_LARGE" | "LIMIT_REACHED" | "CONFLICT";

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (message: string) => new DomainError("NOT_FOUND", message);
export const forbidden = (message: string) => new DomainError("FORBIDDEN", message);
export const invalid = (message: string) => new DomainError("INVALID", message);
