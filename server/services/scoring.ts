import { describeValidationError } from "@/lib/exercises/validation";
import type { ExerciseDefinition } from "@/lib/exercises/types";
import { DomainError, invalid } from "./errors";
import { requireDefinition } from "./exercises";
import type { Scorer } from "../scoring/pool";

/**
 * Checks a submission body against its exercise: size first (cheap), then the exercise's schema.
 * The API and the CLI both go through here, so they refuse the same input with the same words.
 */
export function parseSubmissionBody<T>(definition: ExerciseDefinition<T>, body: unknown, bytes = Buffer.byteLength(JSON.stringify(body ?? null))): T {
  if (bytes > definition.limits.maxBodyBytes) {
    throw new DomainError("TOO_LARGE", `The submission is ${Math.ceil(bytes / 1024)} KB; this exercise accepts at most ${definition.limits.maxBodyBytes / 1024} KB.`);
  }
  const parsed = definition.submissionSchema.safeParse(body);
  if (!parsed.success) throw invalid(describeValidationError(parsed.error, body));
  return parsed.data;
}

/** Scores on the calling thread: for the CLI and tests; the web server uses the thread pool. */
export const scoreInline: Scorer = async (slug, submission) => (await requireDefinition(slug).score(submission)) as Record<string, number>;

/** The server's score for a submission body, as `genlab score` prints it. */
export function scoreSubmissionBody(slug: string, body: unknown, bytes?: number): Promise<Record<string, number>> {
  return scoreInline(slug, parseSubmissionBody(requireDefinition(slug), body, bytes));
}
