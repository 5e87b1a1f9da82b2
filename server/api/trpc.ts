// 1. Context: the database, the auth instance, the signed-in user (if any) and the realtime publisher.
// 2. Setup: superjson, zod errors flattened, domain errors mapped to tRPC codes in one place.
// 3. Procedures: public, authed (a signed-in user), and the role checks live in services per course.
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Auth } from "../auth";
import type { Db } from "../db";
import type { Actor } from "../services/courses";
import { DomainError, type DomainErrorKind } from "../services/errors";
import type { RealtimePublisher } from "../realtime/publisher";
import type { PoolQueue } from "../pool/queue";
import type { Scorer } from "../scoring/pool";

export interface Context {
  db: Db;
  auth: Auth | null;
  user: Actor | null;
  realtime: RealtimePublisher;
  /** Runs exercise scorers (a thread pool in the server). */
  score: Scorer;
  /** The worker pool's queue (pg-boss). */
  pool: PoolQueue;
}

export async function createContext(base: Omit<Context, "user">, headers: Headers): Promise<Context> {
  const session = base.auth ? await base.auth.api.getSession({ headers }) : null;
  const user = session ? { id: session.user.id, name: session.user.name, email: session.user.email } : null;
  return { ...base, user };
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    return {
      ...shape,
      // Unexpected errors are logged on the server, not shown: their text is not meant for people.
      message: zodError ? describeZodInput(zodError) : error.code === "INTERNAL_SERVER_ERROR" ? "Something went wrong on the server. Please try again." : shape.message,
      data: { ...shape.data, stack: undefined },
    };
  },
});

function describeZodInput(error: ZodError): string {
  const issue = error.issues[0];
  const where = issue?.path.length ? `"${issue.path.join(".")}"` : "The request";
  return `${where}: ${issue?.message ?? "is not valid"}`;
}

const CODE_BY_KIND: Record<DomainErrorKind, TRPCError["code"]> = {
  UNAUTHENTICATED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  INVALID: "BAD_REQUEST",
  TOO_LARGE: "PAYLOAD_TOO_LARGE",
  LIMIT_REACHED: "TOO_MANY_REQUESTS",
  CONFLICT: "CONFLICT",
};

/** Maps domain errors to tRPC codes (and so HTTP statuses); anything else stays a 500. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    throw new TRPCError({ code: CODE_BY_KIND[result.error.cause.kind], message: result.error.cause.message, cause: result.error.cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(domainErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in first." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});
