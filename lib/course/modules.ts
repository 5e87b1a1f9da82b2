/**
 * The course's modules, in lecture order. Seeded into each course; the text lives with the pages.
 * Exercises name their module by slug in the registry (lib/exercises).
 */
export interface ModuleDefinition {
  slug: string;
  title: string;
  part: string;
}

export const COURSE_MODULES: readonly ModuleDefinition[] = [
  { slug: "learning-paradigms", title: "Supervised, unsupervised and reinforcement learning", part: "Part 1 — Introduction" },
  { slug: "discriminative-vs-generative", title: "Discriminative vs generative models", part: "Part 1 — Introduction" },
  { slug: "why-generative", title: "Why generative modelling: P_model ≈ P_data", part: "Part 1 — Introduction" },
  { slug: "timeline", title: "From GMMs and HMMs to today's models", part: "Part 2 — Historical perspective" },
  { slug: "pretraining-strategies", title: "Pre-training strategies", part: "Part 2 — Historical perspective" },
  { slug: "encoder-decoder-attention", title: "Encoder–decoder models and attention", part: "Part 2 — Historical perspective" },
  { slug: "self-attention-transformers", title: "Self-attention and vision transformers", part: "Part 2 — Historical perspective" },
  { slug: "sampling", title: "Sampling: discrete variables and the inverse CDF", part: "Part 3 — Generative models" },
  { slug: "markov-chains-mcmc", title: "Markov chains and MCMC", part: "Part 3 — Generative models" },
  { slug: "gibbs-sampling", title: "Gibbs sampling", part: "Part 3 — Generative models" },
  { slug: "types-of-generative-models", title: "Types of generative models", part: "Part 3 — Generative models" },
  { slug: "parametric-density-estimation", title: "Parametric density estimation and maximum likelihood", part: "Part 3 — Generative models" },
  { slug: "non-parametric-density-estimation", title: "Non-parametric density estimation: histogram, Parzen window, KNN", part: "Part 3 — Generative models" },
  { slug: "gmm-em", title: "Gaussian mixtures and the EM algorithm", part: "Part 3 — Generative models" },
  { slug: "hmm", title: "Sequential data and hidden Markov models", part: "Part 3 — Generative models" },
  { slug: "graphical-models", title: "Graphical models and Markov random fields", part: "Part 3 — Generative models" },
  { slug: "boltzmann-machines", title: "Boltzmann machines", part: "Part 3 — Generative models" },
  { slug: "rbm-dbm-dbn", title: "Hidden units, learning in MRFs, RBMs, DBMs and DBNs", part: "Part 3 — Generative models" },
  { slug: "latent-variable-models", title: "Continuous latent variables and probabilistic PCA", part: "Part 3 — Generative models" },
  { slug: "autoencoders-vae", title: "Auto-encoders and variational auto-encoders", part: "Part 3 — Generative models" },
  { slug: "adversarial-examples", title: "Adversarial examples and ML security", part: "Part 3 — Generative models" },
  { slug: "gan", title: "Generative adversarial networks", part: "Part 3 — Generative models" },
  { slug: "adversarial-autoencoders", title: "Adversarial auto-encoders", part: "Part 3 — Generative models" },
  { slug: "conditional-gans", title: "Conditional GANs", part: "Part 3 — Generative models" },
  { slug: "image-to-image-translation", title: "Image-to-image translation", part: "Part 3 — Generative models" },
  { slug: "hierarchical-vae-diffusion", title: "Hierarchical VAEs and diffusion models", part: "Part 3 — Generative models" },
  { slug: "autoregressive-models", title: "Autoregressive models: RNNs, dynamical VAEs, deep AR models", part: "Part 3 — Generative models" },
  { slug: "transformer-families", title: "Encoder-only, decoder-only and encoder–decoder transformers", part: "Part 3 — Generative models" },
  { slug: "normalizing-flows", title: "Normalizing flows", part: "Part 3 — Generative models" },
];

export const DEMO_COURSE = {
  slug: "generative-ai",
  title: "Generative AI",
  description: "From sampling and density estimation to GANs, diffusion and transformers — train the models yourself, in your browser.",
  joinCode: "GENAI1",
} as const;

export const DEMO_ACCOUNTS = [
  { name: "Ada Instructor", email: "instructor@genlab.local", role: "INSTRUCTOR" },
  { name: "Alice Student", email: "alice@genlab.local", role: null },
  { name: "Bob Student", email: "bob@genlab.local", role: null },
  { name: "Carol Student", email: "carol@genlab.local", role: null },
] as const;
