// Messages between the scoring pool (pool.ts) and its threads (worker.ts).
import type { ScoringContext } from "@/lib/exercises/types";
import type { ArenaFitInput } from "@/lib/ml/arena/fit";
import type { DomainErrorKind } from "../services/errors";
import type { SubmissionDraft } from "../services/scoring";

// Defined beside ExerciseDefinition.score, which takes it (lib/ never imports from server/).
export type { ScoringContext };

/** `requestId`: the HTTP request the job serves, for the thread's log records (AsyncLocalStorage stays in its own thread). */
export type ScoreRequest = { id: number; requestId?: string } &
  /** Validate a draft (size, schema, config) and make its preview. */
  (
    | { kind: "check"; slug: string; draft: SubmissionDraft }
    /** Score a submission that passed "check". */
    | { kind: "score"; slug: string; submission: unknown; context?: ScoringContext }
    /** Rate an arena's entries from its votes (server/services/arena.ts); `slug` names the job in metrics. */
    | { kind: "arena"; slug: "arena"; fit: ArenaFitInput }
  );

export type ScoreResponse =
  | { id: number; ok: true; result: unknown }
  /** `kind` is set when the input was refused (a DomainError: its message is meant for people). */
  | { id: number; ok: false; error: string; kind?: DomainErrorKind };

/** Sent once by the pool's owner: load every scorer's models now rather than on the first submission. */
export const PREPARE_MESSAGE = "prepare";
