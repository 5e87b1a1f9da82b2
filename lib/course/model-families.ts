/**
 * The families of generative models the course teaches, placed on the taxonomy of Goodfellow's
 * "NIPS 2016 Tutorial: Generative Adversarial Networks" (arXiv:1701.00160, §2.3 and Fig. 9: models
 * trained by maximum likelihood, or that can be seen so, split into explicit density — tractable, or
 * approximate by variational or Markov chain methods — and implicit density — direct, or through a
 * Markov chain), with diffusion models (which postdate it) placed by their variational training
 * objective (Ho et al. 2020), and the classical models of Part 3 beside the deep ones. Each family
 * carries a graded trade-off table (2 best, 0 worst) with a short justification per cell, for the
 * "types-of-generative-models" module's family map. Pure data and functions.
 */

/** The leaves of Goodfellow's tree. */
export type TaxonomyLeaf = "tractable" | "variational" | "markov-explicit" | "direct" | "markov-implicit";

export interface TaxonomyBranch {
  id: "explicit" | "implicit";
  title: string;
  note: string;
  leaves: { id: TaxonomyLeaf; title: string; note: string }[];
}

export const TAXONOMY: readonly TaxonomyBranch[] = [
  {
    id: "explicit",
    title: "Explicit density",
    note: "The model defines p(x) by a formula.",
    leaves: [
      { id: "tractable", title: "Tractable density", note: "p(x) can be computed exactly and maximised directly." },
      { id: "variational", title: "Approximate: variational", note: "A lower bound on log p(x) is maximised instead." },
      { id: "markov-explicit", title: "Approximate: Markov chain", note: "The normaliser is intractable; MCMC estimates the gradient and draws samples." },
    ],
  },
  {
    id: "implicit",
    title: "Implicit density",
    note: "Only a way to draw samples, no formula for p(x).",
    leaves: [
      { id: "direct", title: "Direct", note: "A network maps noise to a sample in one pass." },
      { id: "markov-implicit", title: "Markov chain", note: "Samples come from running a learned Markov chain." },
    ],
  },
];

/** The trade-offs the table compares. */
export type Criterion = "likelihood" | "sampling" | "latent" | "stability" | "quality";

export const CRITERIA: readonly { id: Criterion; title: string; best: string }[] = [
  { id: "likelihood", title: "Exact likelihood", best: "exact likelihood" },
  { id: "sampling", title: "Fast sampling", best: "fast sampling" },
  { id: "latent", title: "Latent space", best: "a latent space" },
  { id: "stability", title: "Training stability", best: "stable training" },
  { id: "quality", title: "Sample quality", best: "high sample quality" },
];

/** One cell: a grade (2 best, 0 worst), its word, and why. */
export interface TradeOff {
  grade: 0 | 1 | 2;
  value: string;
  why: string;
}

export interface ModelFamily {
  id: string;
  name: string;
  examples: string;
  leaf: TaxonomyLeaf;
  /** The course module that teaches it (a slug of COURSE_MODULES), or null when the course only mentions it. */
  moduleSlug: string | null;
  classical: boolean;
  trade: Record<Criterion, TradeOff>;
}

export const MODEL_FAMILIES: readonly ModelFamily[] = [
  {
    id: "autoregressive",
    name: "Autoregressive models",
    examples: "PixelCNN, WaveNet, GPT",
    leaf: "tractable",
    moduleSlug: "autoregressive-models",
    classical: false,
    trade: {
      likelihood: { grade: 2, value: "Exact", why: "The chain rule makes p(x) a product of normalised conditionals, all computed in one pass." },
      sampling: { grade: 1, value: "Sequential", why: "One network pass per dimension or token, one after another." },
      latent: { grade: 0, value: "None", why: "Every variable is observed; there is no code to edit or interpolate." },
      stability: { grade: 2, value: "Stable", why: "Plain maximum likelihood: a cross-entropy loss, as in supervised learning." },
      quality: { grade: 2, value: "High", why: "The state of the art for text; strong but slow for images and audio." },
    },
  },
  {
    id: "flows",
    name: "Normalizing flows",
    examples: "NICE, RealNVP, Glow",
    leaf: "tractable",
    moduleSlug: "normalizing-flows",
    classical: false,
    trade: {
      likelihood: { grade: 2, value: "Exact", why: "Change of variables: log p_z(f⁻¹(x)) plus the log-determinant of the Jacobian." },
      sampling: { grade: 2, value: "One pass", why: "x = f(z) for coupling flows (autoregressive flows such as MAF sample one dimension at a time)." },
      latent: { grade: 2, value: "Exact", why: "z = f⁻¹(x) is computed exactly, but it has as many dimensions as x: no compression." },
      stability: { grade: 2, value: "Stable", why: "Exact maximum likelihood; the invertible layers need care with numerical precision." },
      quality: { grade: 1, value: "Moderate", why: "Invertibility limits the architecture: image samples lag behind GANs and diffusion." },
    },
  },
  {
    id: "vae",
    name: "Variational auto-encoders",
    examples: "VAE, hierarchical VAEs",
    leaf: "variational",
    moduleSlug: "autoencoders-vae",
    classical: false,
    trade: {
      likelihood: { grade: 1, value: "Lower bound", why: "The ELBO bounds log p(x) from below; importance sampling tightens the estimate." },
      sampling: { grade: 2, value: "One pass", why: "Draw z from the prior and decode it." },
      latent: { grade: 2, value: "Yes, with encoder", why: "The encoder q(z | x) gives a low-dimensional code for every input." },
      stability: { grade: 2, value: "Stable", why: "One objective to maximise; a strong decoder can ignore z (posterior collapse)." },
      quality: { grade: 1, value: "Moderate", why: "Samples from a Gaussian decoder tend to be blurry." },
    },
  },
  {
    id: "diffusion",
    name: "Diffusion models",
    examples: "DDPM, score-based models",
    leaf: "variational",
    moduleSlug: "hierarchical-vae-diffusion",
    classical: false,
    trade: {
      likelihood: {
        grade: 1,
        value: "Lower bound",
        why: "Trained on a variational bound (in practice a denoising loss); exact only through the slow probability-flow ODE.",
      },
      sampling: { grade: 0, value: "Many steps", why: "Hundreds to thousands of denoising passes, fewer with DDIM or distillation." },
      latent: { grade: 1, value: "Noise, same size", why: "x_T has the size of x; the deterministic DDIM sampler maps it back, without compression." },
      stability: { grade: 2, value: "Stable", why: "A regression loss: predict the added noise at a random time step." },
      quality: { grade: 2, value: "High", why: "The state of the art for images, audio and video." },
    },
  },
  {
    id: "boltzmann",
    name: "Boltzmann machines and RBMs",
    examples: "Boltzmann machine, RBM, DBM",
    leaf: "markov-explicit",
    moduleSlug: "boltzmann-machines",
    classical: false,
    trade: {
      likelihood: {
        grade: 1,
        value: "Up to Z",
        why: "For an RBM, p(x) = exp(−F(x)) / Z with a closed-form free energy F: ratios p(x)/p(x′) are exact, but Z sums over every state and can only be estimated.",
      },
      sampling: { grade: 0, value: "Markov chain", why: "Block Gibbs sampling must run until the chain mixes." },
      latent: { grade: 2, value: "Hidden units", why: "p(h | x) factorises over the hidden units, so the code is cheap to compute." },
      stability: { grade: 1, value: "Delicate", why: "Contrastive divergence gives a biased gradient; the chain length and learning rate need tuning." },
      quality: { grade: 0, value: "Low", why: "Fine for small binary images such as digits; does not scale to natural images." },
    },
  },
  {
    id: "gan",
    name: "Generative adversarial networks",
    examples: "GAN, DCGAN, StyleGAN",
    leaf: "direct",
    moduleSlug: "gan",
    classical: false,
    trade: {
      likelihood: { grade: 0, value: "None", why: "Implicit: the generator gives samples but no formula for p(x)." },
      sampling: { grade: 2, value: "One pass", why: "x = G(z): a single pass of the generator." },
      latent: { grade: 1, value: "No encoder", why: "z maps to x, but finding the z of a given x needs an extra encoder or an optimisation." },
      stability: { grade: 0, value: "Unstable", why: "A two-player game: oscillation, mode collapse, sensitivity to hyperparameters." },
      quality: { grade: 2, value: "High", why: "Sharp images (StyleGAN), but some modes of the data may be missing." },
    },
  },
  {
    id: "gsn",
    name: "Generative stochastic networks",
    examples: "GSN (Bengio et al. 2014)",
    leaf: "markov-implicit",
    moduleSlug: null,
    classical: false,
    trade: {
      likelihood: { grade: 0, value: "None", why: "The distribution is the stationary distribution of a learned chain, with no formula." },
      sampling: { grade: 0, value: "Markov chain", why: "A learned denoising step is applied over and over." },
      latent: { grade: 1, value: "Chain state", why: "The chain may carry hidden state, with no encoder to a fixed code." },
      stability: { grade: 2, value: "Stable", why: "Each step is trained as a denoising auto-encoder, a supervised loss." },
      quality: { grade: 0, value: "Low", why: "Chains mix slowly in high dimensions; the family is rarely used today." },
    },
  },
  {
    id: "gmm",
    name: "Gaussian mixtures",
    examples: "GMM fitted by EM",
    leaf: "tractable",
    moduleSlug: "gmm-em",
    classical: true,
    trade: {
      likelihood: { grade: 2, value: "Exact", why: "A weighted sum of K Gaussian densities." },
      sampling: { grade: 2, value: "Direct", why: "Pick a component by its weight, then draw from its Gaussian." },
      latent: { grade: 1, value: "One discrete label", why: "Which component generated x, with its posterior (the responsibilities)." },
      stability: {
        grade: 1,
        value: "Local optima",
        why: "EM never lowers the likelihood, but finds a local optimum and a component can collapse onto one point.",
      },
      quality: { grade: 0, value: "Low", why: "One blob per component: fine in a few dimensions, useless for images." },
    },
  },
  {
    id: "hmm",
    name: "Hidden Markov models",
    examples: "HMM fitted by Baum–Welch",
    leaf: "tractable",
    moduleSlug: "hmm",
    classical: true,
    trade: {
      likelihood: { grade: 2, value: "Exact", why: "The forward algorithm sums over every state path in O(TK²)." },
      sampling: { grade: 2, value: "Direct", why: "Run the hidden chain forward and emit one symbol per step: cheap ancestral sampling." },
      latent: { grade: 1, value: "Discrete states", why: "A hidden state per step, decoded by Viterbi or forward–backward." },
      stability: { grade: 1, value: "Local optima", why: "Baum–Welch (EM) never lowers the likelihood, but depends on where it starts." },
      quality: { grade: 0, value: "Low", why: "A few discrete states remember little: samples have only short-range structure." },
    },
  },
  {
    id: "kde",
    name: "Kernel density estimation",
    examples: "Parzen windows",
    leaf: "tractable",
    moduleSlug: "non-parametric-density-estimation",
    classical: true,
    trade: {
      likelihood: { grade: 2, value: "Exact", why: "The average of n kernels centred on the training points (n kernel evaluations per point)." },
      sampling: { grade: 2, value: "Direct", why: "Pick a training point at random and add kernel noise." },
      latent: { grade: 0, value: "None", why: "Non-parametric: the model is the data set itself." },
      stability: { grade: 2, value: "No training", why: "Only the bandwidth is chosen, for example by held-out likelihood." },
      quality: { grade: 0, value: "Low", why: "Good in one or two dimensions; in high dimensions samples are noisy copies of training points." },
    },
  },
];

export type SortDirection = "descending" | "ascending";

/** The families sorted by one criterion's grade (best first when descending); ties keep the list's order. */
export function sortFamilies(families: readonly ModelFamily[], criterion: Criterion | null, direction: SortDirection = "descending"): ModelFamily[] {
  if (criterion === null) return [...families];
  const sign = direction === "descending" ? -1 : 1;
  return [...families].sort((a, b) => sign * (a.trade[criterion].grade - b.trade[criterion].grade));
}

/** The families that get the best grade on every one of `required`, and sit under `branch` of the tree when one is given. */
export function filterFamilies(families: readonly ModelFamily[], required: readonly Criterion[], branch: TaxonomyBranch["id"] | null = null): ModelFamily[] {
  const leaves = branch === null ? null : new Set(TAXONOMY.find((b) => b.id === branch)!.leaves.map((l) => l.id));
  return families.filter((f) => required.every((c) => f.trade[c].grade === 2) && (leaves === null || leaves.has(f.leaf)));
}

/** The families under one leaf of the tree, in list order. */
export function familiesAt(leaf: TaxonomyLeaf): ModelFamily[] {
  return MODEL_FAMILIES.filter((f) => f.leaf === leaf);
}
