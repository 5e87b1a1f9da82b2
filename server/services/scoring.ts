import { createHash } from "node:crypto";
import { describeValidationError } from "@/lib/exercises/validation";
import { MAX_CONFIG_BYTES } from "@/exercises/registry";
import type { ExerciseDefinition, ScoringContext } from "@/lib/exercises/types";
import { MAX_INPUT_DEPTH, nestsTooDeep } from "../security/json-depth";
import { DomainError, invalid } from "./errors";
import { requireDefinition } from "./exercises";
import type { Scorer } from "../scoring/pool";

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value ?? null));

/**
 * Checks a submission body against its exercise: size first (cheap), then the exercise's schema.
 * The API and the CLI both go through here, so they refuse the same input with the same words.
 * `bytes` defaults to the body's JSON size; measuring walks the value, so the web server calls this
 * only in its scoring threads, on bodies whose size the transport already bounded.
 */
export function parseSubmissionBody<T>(definition: ExerciseDefinition<T>, body: unknown, bytes = jsonBytes(body)): T {
  if (bytes > definition.limits.maxBodyBytes) {
    throw new DomainError(
      "TOO_LARGE",
      `The submission is ${Math.ceil(bytes / 1024)} KB; this exercise accepts at most ${definition.limits.maxBodyBytes / 1024} KB.`,
    );
  }
  const parsed = definition.submissionSchema.safeParse(body);
  if (!parsed.success) throw invalid(describeValidationError(parsed.error, body));
  return parsed.data;
}

/**
 * A submission as it arrives: its body and, optionally, the training config the client reports —
 * parsed already (in-process callers, small tRPC calls), or the JSON text of `{"body", "config"}` an
 * upload carried (POST /api/submissions), parsed here, in a scoring thread.
 */
export type SubmissionDraft = { body: unknown; config?: unknown } | { json: Uint8Array };

/** An upload's `{"body": …, "config": …}`, parsed and bounded like every request's input. */
function readUpload(json: Uint8Array): { body: unknown; config?: unknown } {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(json));
  } catch {
    throw invalid('The submission is not valid JSON: send {"body": …, "config": …}.');
  }
  if (typeof value !== "object" || value === null || Array.isArray(value) || !("body" in value))
    throw invalid('The submission must be a JSON object {"body": …, "config": …}.');
  if (nestsTooDeep(value)) throw invalid(`The submission is nested more than ${MAX_INPUT_DEPTH} levels deep.`);
  return value as { body: unknown; config?: unknown };
}

/** A draft that passed its exercise's checks, with the leaderboard's preview of it. */
export interface CheckedSubmission {
  submission: unknown;
  config: unknown;
  preview: unknown;
  /** The submission's canonical JSON, as stored (made here, so the event loop never walks a large body). */
  submissionJson: string;
  /** SHA-256 of submissionJson: the same answer from two accounts shows to the staff. */
  contentHash: string;
}

/** JSON with every object's keys sorted, at every level: equal values give equal text, whatever order their keys came in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** SHA-256 (hex) of a submission's canonical JSON (Submission.contentHash). */
export function contentHashOf(submission: unknown): string {
  return sha256(canonicalJson(submission));
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Validates a draft (body size and schema, config) and makes its preview: what the scoring threads run before scoring. */
export function checkSubmission(slug: string, draft: SubmissionDraft): CheckedSubmission {
  const definition = requireDefinition(slug);
  const { body, config: rawConfig } = "json" in draft ? readUpload(draft.json) : draft;
  const submission = parseSubmissionBody(definition, body);
  let config: unknown = null;
  if (rawConfig !== undefined && rawConfig !== null) {
    if (jsonBytes(rawConfig) > MAX_CONFIG_BYTES) throw new DomainError("TOO_LARGE", `The training config may be at most ${MAX_CONFIG_BYTES / 1024} KB.`);
    const parsedConfig = definition.configSchema.safeParse(rawConfig);
    if (!parsedConfig.success) throw invalid(`The training config is not valid: ${describeValidationError(parsedConfig.error)}`);
    config = parsedConfig.data;
  }
  const submissionJson = canonicalJson(submission);
  return { submission, config, preview: definition.preview(submission), submissionJson, contentHash: sha256(submissionJson) };
}

/** Scores on the calling thread: for the CLI, the scoring threads and tests; the web server uses the thread pool. */
export const scoreInline: Scorer = async (slug, submission, context) => {
  const definition = requireDefinition(slug);
  // A part of the course's held-out set replaces the default one (server/services/heldout.ts).
  if (context?.heldout) {
    if (!definition.scoreWithHeldout) throw new Error(`"${slug}" has no held-out set to replace.`);
    return definition.scoreWithHeldout(submission, context.heldout) as Record<string, number>;
  }
  return (await definition.score(submission, context)) as Record<string, number>;
};

/** Checks on the calling thread: for tests, like scoreInline. */
export const checkInline = async (slug: string, draft: SubmissionDraft): Promise<CheckedSubmission> => checkSubmission(slug, draft);

/** The server's score for a submission body, as `genlab score` prints it. */
export function scoreSubmissionBody(slug: string, body: unknown, bytes?: number, context?: ScoringContext): Promise<Record<string, number>> {
  return scoreInline(slug, parseSubmissionBody(requireDefinition(slug), body, bytes), context);
}
