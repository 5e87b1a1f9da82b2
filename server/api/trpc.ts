// 1. Context: the database, the auth instance, the signed-in user (if any) and the realtime publisher.
// 2. Setup: superjson (refusing what makes a small request expensive), zod errors flattened, domain
//    errors mapped to tRPC codes in one place, a body-size cap per procedure (meta).
// 3. Procedures: public, authed (a signed-in user), and the role checks live in services per course.
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import type { Auth } from "../auth";
import type { Db } from "../db";
import type { Mailer } from "../mail";
import { observeTrpcCall } from "../observability/metrics";
import type { Actor, CourseCreation } from "../services/courses";
import { DomainError, type DomainErrorKind } from "../services/errors";
import type { RealtimePublisher } from "../realtime/publisher";
import type { PoolQueue } from "../pool/queue";
import type { LtiTool } from "../lti/tool";
import type { SubmissionScoring } from "../services/submission-scoring";
import type { ArenaFitter } from "../services/arena";
import { requestSafeSuperjson } from "./transformer";

export interface Context {
  db: Db;
  auth: Auth | null;
  user: Actor | null;
  realtime: RealtimePublisher;
  /** Checks submissions and scores them once stored, off the event loop (services/submission-scoring.ts). */
  submissions: SubmissionScoring;
  /** Rates arenas' entries off the event loop (the scoring threads; inline in tests). */
  fitArena: ArenaFitter;
  /** Bytes of the HTTP request body read so far; absent for calls made in-process (tests). */
  requestBytes?: () => number;
  /** The worker pool's queue (pg-boss). */
  pool: PoolQueue;
  /** Who may create courses; absent (tests): anyone signed in. */
  courseCreation?: CourseCreation;
  /** Email (invites, password resets); null or absent: none is sent. */
  mail?: Mailer | null;
  /** GenLab's public address, for links in emails (absent: http://localhost). */
  publicOrigin?: string;
  /** The LTI tool (keys, LMS services, grade passback); absent: LMS integration is off (some tests). */
  lti?: LtiTool;
}

export async function createContext(base: Omit<Context, "user">, headers: Headers): Promise<Context> {
  const session = base.auth ? await base.auth.api.getSession({ headers }) : null;
  const user = session ? { id: session.user.id, name: session.user.name, email: session.user.email } : null;
  return { ...base, user };
}

export interface ProcedureMeta {
  /** The largest request body this procedure accepts, checked while the body streams in (default DEFAULT_MAX_BODY_BYTES). */
  maxBodyBytes?: number;
}

/** Every procedure but submit takes a few ids and settings. */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024;
/** tRPC batches (the pages' httpBatchLink sends at most this many calls together). */
export const MAX_BATCH_CALLS = 10;

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    transformer: requestSafeSuperjson,
    errorFormatter({ shape, error }) {
      return { ...shape, message: readableErrorMessage(error), data: { ...shape.data, stack: undefined } };
    },
  });

/**
 * What a person is told: input errors say which field and why; tRPC's own messages name codes, not
 * what to do; unexpected errors are logged on the server, not shown.
 */
export function readableErrorMessage(error: TRPCError): string {
  if (error.cause instanceof ZodError) return describeZodInput(error.cause);
  if (error.code === "INTERNAL_SERVER_ERROR") return "Something went wrong on the server. Please try again.";
  if (error.code === "PAYLOAD_TOO_LARGE") return error.message === error.code ? "This request is larger than this call accepts." : error.message;
  if (error.message === "Batch call exceeds maximum size") return `At most ${MAX_BATCH_CALLS} calls may be sent in one request.`;
  if (error.cause instanceof SyntaxError) return "The request body is not valid JSON.";
  if (error.code === "NOT_FOUND" && /^No procedure found/.test(error.message)) return "There is no such API call.";
  return error.message;
}

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

/** Times each call, also inside a batch, with its result as the client sees it (after domainErrors). */
const timed = t.middleware(async ({ path, next }) => {
  const started = performance.now();
  const result = await next();
  observeTrpcCall(path, result.ok ? "ok" : result.error.code, (performance.now() - started) / 1000);
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(timed).use(domainErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in first." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});
