// tRPC over real HTTP, as the browser's client sends it (superjson envelope; queries by GET, mutations
// by POST) and as no client would (raw bodies, wrong methods, batches), plus Better Auth session
// cookies made without going through the sign-in endpoint (and its rate limit).
import superjson from "superjson";
import { readSubmissionAnswer } from "@/lib/submissions/answer";
import type { createAuth } from "@/server/auth";

export interface HttpReply {
  status: number;
  statusText: string;
  /** The body as received. */
  text: string;
  /** The tRPC error's message and code (the first error's, for a batch). */
  message?: string;
  code?: string;
  /** The deserialized result of a successful single call. */
  data?: unknown;
  /** A submission's acknowledgement (POST /api/submissions): it was stored, whatever followed. */
  accepted?: unknown;
}

export interface RawRequest {
  /** "course.get", or "me,me" with `batch`. */
  path: string;
  method: "GET" | "POST";
  /** The URL's `input` parameter (already JSON text). */
  query?: string;
  body?: string | Uint8Array<ArrayBuffer>;
  batch?: boolean;
  cookie?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** One request to the tRPC endpoint; a server that does not answer within the timeout fails it. */
export async function trpcRequest(baseUrl: string, request: RawRequest): Promise<HttpReply> {
  const params = new URLSearchParams();
  if (request.batch) params.set("batch", "1");
  if (request.query !== undefined) params.set("input", request.query);
  const search = params.size ? `?${params}` : "";
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/api/trpc/${request.path}${search}`, {
      method: request.method,
      headers: { "content-type": "application/json", ...(request.cookie ? { cookie: request.cookie } : {}), ...request.headers },
      body: request.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    throw new Error(name === "TimeoutError" ? `${request.path}: no answer within ${timeoutMs / 1000} s` : `${request.path}: ${String(error)}`);
  }
  const text = await response.text();
  return { status: response.status, statusText: response.statusText, text, ...readEnvelope(text) };
}

function readEnvelope(text: string): Pick<HttpReply, "message" | "code" | "data"> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  const first = (Array.isArray(parsed) ? (parsed.find((p) => p?.error) ?? parsed[0]) : parsed) as {
    error?: { json?: { message?: string; data?: { code?: string } } };
    result?: { data?: unknown };
  } | null;
  if (first?.error) return { message: first.error.json?.message, code: first.error.json?.data?.code };
  if (first?.result && !Array.isArray(parsed)) return { data: superjson.deserialize(first.result.data as never) };
  return {};
}

/** A call as the browser's tRPC client makes it. */
export function trpcCall(baseUrl: string, path: string, input: unknown, { kind, cookie }: { kind: "query" | "mutation"; cookie?: string }) {
  const envelope = JSON.stringify(superjson.serialize(input));
  return kind === "query"
    ? trpcRequest(baseUrl, { path, method: "GET", query: envelope, cookie })
    : trpcRequest(baseUrl, { path, method: "POST", body: envelope, cookie });
}

/** A Better Auth session cookie for `user`, signed with the auth instance's secret (any server sharing it accepts it). */
export async function sessionCookie(auth: ReturnType<typeof createAuth>, user: { email: string; password: string }): Promise<string> {
  const { headers } = await auth.api.signInEmail({ body: { email: user.email, password: user.password }, returnHeaders: true });
  return headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** A submission as the pages send it: POST /api/submissions, ids in the query, {body, config} as the JSON body. */
export function submissionRequest(
  baseUrl: string,
  {
    body,
    config,
    rawBody,
    ...ticket
  }: { courseId: string; exerciseSlug: string; idempotencyKey: string; roundId?: string; body?: unknown; config?: unknown; rawBody?: string },
  cookie?: string,
  headers: Record<string, string> = {},
): Promise<HttpReply> {
  const query = new URLSearchParams(Object.entries(ticket).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  return fetch(`${baseUrl}/api/submissions?${query}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}), ...headers },
    body: rawBody ?? JSON.stringify({ body, config }),
    signal: AbortSignal.timeout(DEFAULT_TIMEOUT_MS * 3),
  }).then(async (response) => {
    const text = await response.text();
    const answer = await readSubmissionAnswer(new Response(text, { status: response.status, statusText: response.statusText }));
    return {
      status: response.status,
      statusText: response.statusText,
      text,
      message: answer.kind === "refused" ? answer.refusal.message : undefined,
      code: answer.kind === "refused" ? (answer.refusal.code ?? undefined) : undefined,
      data: answer.kind === "result" ? answer.result : undefined,
      accepted: answer.accepted ?? undefined,
    };
  });
}
