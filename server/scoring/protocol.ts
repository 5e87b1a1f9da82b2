// Messages between the scoring pool (pool.ts) and its threads (worker.ts).
import type { DomainErrorKind } from "../services/errors";
import type { SubmissionDraft } from "../services/scoring";

export type ScoreRequest =
  /** Validate a draft (size, schema, config) and make its preview. */
  | { id: number; kind: "check"; slug: string; draft: SubmissionDraft }
  /** Score a submission that passed "check". */
  | { id: number; kind: "score"; slug: string; submission: unknown };

export type ScoreResponse =
  | { id: number; ok: true; result: unknown }
  /** `kind` is set when the input was refused (a DomainError: its message is meant for people). */
  | { id: number; ok: false; error: string; kind?: DomainErrorKind };

/** Sent once by the pool's owner: load every scorer's models now rather than on the first submission. */
export const PREPARE_MESSAGE = "prepare";
