/**
 * Exercise "rbm-digits" (module "rbm-dbm-dbn"): a binary RBM trained with contrastive divergence on
 * binarised digits; 1,000 digits drawn from its Gibbs chains are scored by the digit evaluator (FID
 * and classifier score, lib/exercises/digit-images.ts). Browser-safe: its scorer is server.ts.
 */
import { imageSamplesSpec, type ImageSamplesSubmission, type SampleMetrics } from "@/lib/exercises/digit-images";
import { SHARED_CONFIG_LABELS } from "@/lib/exercises/config-labels";
import type { ExerciseSpec } from "@/lib/exercises/types";
import { DEFAULT_RBM_CONFIG, rbmConfigSchema } from "@/lib/ml/configs/rbm";

export const rbmDigitsSpec: ExerciseSpec<ImageSamplesSubmission, SampleMetrics> = imageSamplesSpec({
  slug: "rbm-digits",
  title: "Restricted Boltzmann machine on digits",
  moduleSlug: "rbm-dbm-dbn",
  summary:
    "Train a binary RBM with contrastive divergence (CD-k) on binarised digits, watch its free energy and reconstructions, then draw 1,000 digits from Gibbs chains and submit them.",
  modelFamily: "Restricted Boltzmann machine (CD-k, Gibbs sampling)",
  defaultHyperparameters: DEFAULT_RBM_CONFIG,
  configSchema: rbmConfigSchema,
  configLabels: {
    hidden: SHARED_CONFIG_LABELS.hiddenUnits,
    k: { label: "Gibbs steps per update (CD-k)", unit: "steps", hint: "Length of the negative phase." },
    learningRate: { label: "Learning rate", hint: "Step size of the CD updates." },
    momentum: { label: "Momentum", hint: "Share of the previous update carried into the next." },
    weightDecay: { label: "Weight decay", hint: "L2 cost on the weights W (biases are not decayed)." },
    batchSize: SHARED_CONFIG_LABELS.batchSize,
    seed: SHARED_CONFIG_LABELS.seed,
    persistent: { label: "Persistent chains (PCD)", hint: "The negative chains carry over from one update to the next." },
  },
  // Measured (200 Gibbs steps per digit): 56–74 after 500–1,000 steps of the default config, worse
  // later (214 after the page's 3,000: the free-running chains settle on few digits); PPCA's q = 2
  // samples 299, untrained 431.
  defaultRun: { value: 65, label: "the default RBM after 500–1,000 steps" },
  defaultGrading: { kind: "linear", metric: "fid", full: 75, zero: 300 },
});
