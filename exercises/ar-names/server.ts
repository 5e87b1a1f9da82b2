// The server part of ar-names: bits per character on the hidden test names (lib/datasets/names.ts, Node only).
import { HeldoutInputError, HELDOUT_MAX_ENTRIES } from "@/lib/datasets/heldout-input";
import { loadNames } from "@/lib/datasets/names";
import type { ExerciseScorer } from "@/lib/exercises/types";
import { BOUNDARY_TOKEN, encodeName, MAX_NAME_LENGTH, NAME_ALPHABET } from "@/lib/ml/datasets/names";
import { charLmBitsPerChar, charLmSample } from "@/lib/ml/models/char-lm-float64";
import { AR_NAMES_PREVIEW_COUNT, AR_NAMES_PREVIEW_SEED, type ArNamesMetrics, type ArNamesSubmission } from "./spec";

/** Scores against any list of names (lower-case, characters of NAME_ALPHABET). */
export function scoreArNamesAgainst(submission: ArNamesSubmission, names: readonly string[]): ArNamesMetrics {
  return { bitsPerChar: charLmBitsPerChar(submission, names) };
}

/** A caller-supplied held-out file: a JSON array of names (lower-cased here); throws HeldoutInputError. */
export function parseHeldoutNames(json: unknown): string[] {
  if (!Array.isArray(json) || json.length === 0)
    throw new HeldoutInputError('The held-out file must be a non-empty JSON array of names, like ["emma", "olivia"].');
  if (json.length > HELDOUT_MAX_ENTRIES)
    throw new HeldoutInputError(`The held-out file has ${json.length} names; at most ${HELDOUT_MAX_ENTRIES} are accepted.`);
  return json.map((v, i) => {
    if (typeof v !== "string" || v.length === 0)
      throw new HeldoutInputError(`Held-out entry ${i + 1} must be a non-empty string (a name); it is ${JSON.stringify(v).slice(0, 40)}.`);
    // The models see names of at most MAX_NAME_LENGTH characters; a longer one would cost scoring time per character.
    if (v.length > MAX_NAME_LENGTH) throw new HeldoutInputError(`Held-out entry ${i + 1} has ${v.length} characters; names have at most ${MAX_NAME_LENGTH}.`);
    const name = v.toLowerCase();
    try {
      encodeName(name);
    } catch (error) {
      throw new HeldoutInputError(`Held-out entry ${i + 1}: ${(error as Error).message}`);
    }
    return name;
  });
}

export const arNamesScorer: ExerciseScorer<ArNamesSubmission, ArNamesMetrics> = {
  score: (submission) => scoreArNamesAgainst(submission, loadNames().test),
  trainingData: () => ({
    kind: "symbols",
    symbols: [...NAME_ALPHABET],
    // ". aaren . aarika . … ." — every training name between boundary tokens, in sorted order
    sequence: [BOUNDARY_TOKEN, ...loadNames().train.flatMap((name) => [...encodeName(name), BOUNDARY_TOKEN])],
  }),
  scoreWithHeldout: (submission, heldout) => scoreArNamesAgainst(submission, parseHeldoutNames(heldout)),
  preview: (submission) => ({ samples: charLmSample(submission, AR_NAMES_PREVIEW_COUNT, { seed: AR_NAMES_PREVIEW_SEED, temperature: 1 }) }),
};
