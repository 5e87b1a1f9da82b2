"use client";
// Submissions go to POST /api/submissions (server/api/submissions-http.ts) rather than through the tRPC
// client: the server reads a body of up to a few MB only after checking who sends it, so the ids travel
// in the query string and the body as plain JSON.
import type { inferRouterOutputs } from "@trpc/server";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";

export type SubmissionResult = inferRouterOutputs<AppRouter>["submission"]["submit"];

export interface SubmissionRequest {
  courseId: string;
  exerciseSlug: string;
  idempotencyKey: string;
  roundId?: string;
  body: unknown;
  config?: unknown;
}

/** A refusal from the server; `data.code` as tRPC's errors have it, so `errorCode` reads both. */
export class SubmissionError extends Error {
  readonly data: { code: string } | null;

  constructor(message: string, code: string | null) {
    super(message);
    this.name = "SubmissionError";
    this.data = code ? { code } : null;
  }
}

export async function postSubmission({ body, config, ...ticket }: SubmissionRequest): Promise<SubmissionResult> {
  const query = new URLSearchParams(Object.entries(ticket).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  const response = await fetch(`/api/submissions?${query}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ body, config }),
  });
  const answer = (await response.json().catch(() => null)) as { result?: unknown; error?: { message?: string; code?: string } } | null;
  if (!response.ok || !answer?.result) {
    throw new SubmissionError(answer?.error?.message ?? `The server answered ${response.status} ${response.statusText}.`, answer?.error?.code ?? null);
  }
  return superjson.deserialize(answer.result as never);
}
