import type { QuizQuestion } from "../quiz";

export const latentVariableModelsQuiz: QuizQuestion[] = [
  {
    id: "ppca-marginal",
    kind: "choice",
    prompt: "In probabilistic PCA, z ∼ N(0, I) and x = Wz + μ + ε with ε ∼ N(0, σ²I). What is the marginal distribution of x?",
    choices: ["N(μ, WᵀW + σ²I)", "N(Wμ, σ²I)", "N(0, WWᵀ)", "N(μ, WWᵀ + σ²I)"],
    answer: 3,
    explanation:
      "x is a linear function of Gaussians, so it is Gaussian with mean E[x] = μ and covariance W·E[zzᵀ]·Wᵀ + σ²I = WWᵀ + σ²I (a d × d matrix; WᵀW is q × q).",
  },
  {
    id: "ppca-covariance-entry",
    kind: "numeric",
    prompt: "PPCA with d = 2, q = 1, W = (2, 1)ᵀ and σ² = 0.5. What is the variance of x₁, i.e. the (1,1) entry of the covariance of x?",
    answer: 4.5,
    tolerance: 1e-6,
    explanation: "C = WWᵀ + σ²I; WWᵀ has (1,1) entry 2·2 = 4, plus σ² = 0.5 gives 4.5.",
  },
  {
    id: "sigma-ml",
    kind: "numeric",
    prompt:
      "The sample covariance of 4-dimensional data has eigenvalues 5, 2, 0.6 and 0.4. Fitting PPCA with q = 2 latent dimensions by maximum likelihood, what is σ²_ML?",
    answer: 0.5,
    tolerance: 1e-6,
    explanation: "σ²_ML is the average of the discarded eigenvalues: (0.6 + 0.4)/(4 − 2) = 0.5.",
  },
  {
    id: "gaussian-prior",
    kind: "choice",
    prompt: "Why is a standard Gaussian prior p(z) = N(0, I) not a real limitation for latent variable models?",
    choices: [
      "A flexible enough mapping g(z) can turn Gaussian noise into (almost) any distribution",
      "Real data are always Gaussian",
      "The posterior p(z | x) is always Gaussian whatever the decoder",
      "It makes the integral ∫ p(z) p(x | z) dz tractable for any decoder",
    ],
    answer: 0,
    explanation:
      "The complexity can live in the map from z to x (e.g. the inverse-CDF trick in 1-D, or a neural network). The integral and the posterior are tractable only in special cases such as the linear-Gaussian PPCA model.",
  },
  {
    id: "rotation",
    kind: "choice",
    prompt: "In probabilistic PCA, replacing W by WR for an orthogonal q × q matrix R…",
    choices: [
      "changes the noise variance σ²",
      "changes the mean μ",
      "leaves the distribution of x unchanged, because (WR)(WR)ᵀ = WWᵀ",
      "is only allowed when σ² = 0",
    ],
    answer: 2,
    explanation:
      "The marginal N(μ, WWᵀ + σ²I) depends on W only through WWᵀ, and RRᵀ = I. So W is identifiable only up to a rotation of the latent space — the R in W_ML = U_q(Λ_q − σ²I)^½ R.",
  },
];
