"use client";
// Submissions go to POST /api/submissions (server/api/submissions-http.ts) rather than through the tRPC
// client: the server reads a body of up to a few MB only after checking who sends it, so the ids travel
// in the query string and the body as plain JSON.
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { readSubmissionAnswer, type SubmissionAnswerListener } from "@/lib/submissions/answer";

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

const RESENDS_AFTER_A_CUT = 3;

/**
 * Sends a submission and resolves with its score. `listener` hears when the server has stored it
 * (from then on it is kept and scored whatever happens to this page) and how many wait before it.
 * A connection cut after that is answered by sending the same request again: the idempotency key
 * makes the server answer with the stored submission, and its score once there.
 */
export async function postSubmission(
  { body, config, ...ticket }: SubmissionRequest,
  listener: SubmissionAnswerListener<SubmissionResult> = {},
): Promise<SubmissionResult> {
  const query = new URLSearchParams(Object.entries(ticket).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  let stored = false;
  let cuts = 0;
  for (;;) {
    const response = await fetch(`/api/submissions?${query}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ body, config }),
    }).catch(() => null);
    const answer = response
      ? await readSubmissionAnswer<SubmissionResult>(response, {
          ...listener,
          onAccepted: (accepted) => {
            stored = true;
            listener.onAccepted?.(accepted);
          },
        })
      : null;
    // Still being scored when the server stopped waiting (a long queue): ask again, as often as it takes.
    if (answer?.kind === "result" && answer.result.status === "SCORING") {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    if (answer?.kind === "result") return answer.result;
    if (answer?.kind === "refused") throw new SubmissionError(answer.refusal.message, answer.refusal.code);
    // Not stored: the page offers to retry. Stored: ask again for its score.
    if (!stored) throw new SubmissionError("The submission did not reach the server.", null);
    if (++cuts > RESENDS_AFTER_A_CUT) {
      throw new SubmissionError(
        "Your submission is stored, but the connection broke off before its score arrived: it appears under Your submissions.",
        "STORED",
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1000 * cuts));
  }
}
