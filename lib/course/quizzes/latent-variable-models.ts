import type { QuizQuestion } from "../quiz";

export const latentVariableModelsQuiz: QuizQuestion[] = [
  {
    id: "ppca-marginal",
    kind: "choice",
    prompt: "In probabilistic PCA, z ∼ N(0, I) and x = Wz + μ + ε with ε ∼ N(0, σ²I). What is the marginal distribution of x?",
    choices: ["N(μ, WᵀW + σ²I)", "N(Wμ, σ²I)", "N(0, WWᵀ)", "N(μ, WWᵀ + σ²I)"],
    answer: 3,
    explanation:
      "x is a linear function of Gaussians, so it is Gaussian with mean E[x] = μ and covariance W·E[zzᵀ]·Wᵀ + σ²I = WWᵀ + σ²I (a d × d matrix; WᵀW is d_z × d_z).",
  },
  {
    id: "ppca-covariance-entry",
    kind: "numeric",
    prompt: "PPCA with d = 2, d_z = 1, W = (2, 1)ᵀ and σ² = 0.5. What is the variance of x₁, i.e. the (1,1) entry of the covariance of x?",
    answer: 4.5,
    tolerance: 1e-6,
    explanation: "C = WWᵀ + σ²I; WWᵀ has (1,1) entry 2·2 = 4, plus σ² = 0.5 gives 4.5.",
  },
  {
    id: "sigma-ml",
    kind: "numeric",
    prompt:
      "The sample covariance of 4-dimensional data has eigenvalues 5, 2, 0.6 and 0.4. Fitting PPCA with d_z = 2 latent dimensions by maximum likelihood, what is σ²_ML?",
    answer: 0.5,
    tolerance: 1e-6,
    explanation: "σ²_ML is the average of the discarded eigenvalues: (0.6 + 0.4)/(4 − 2) = 0.5.",
  },
  {
    id: "gaussian-prior",
    kind: "choice",
    prompt: "Why does a standard Gaussian prior p(z) = N(0, I) hardly limit which marginal distributions p(x) a latent variable model can represent?",
    choices: [
      "A flexible enough map g(z), together with the noise of p(x | z), can turn Gaussian noise into (almost) any distribution of x",
      "Real data are always Gaussian",
      "The posterior p(z | x) is always Gaussian whatever the decoder",
      "It makes the integral ∫ p(z) p(x | z) dz tractable for any decoder",
    ],
    answer: 0,
    explanation:
      "The complexity can live in the map from z to x (e.g. the inverse-CDF trick in 1-D, or a neural network). The integral and the posterior are tractable only in special cases such as the linear-Gaussian PPCA model. Note what this does not say: the map is not unique (rotating z leaves N(0, I) unchanged), so the coordinates of z need not mean anything.",
  },
  {
    id: "rotation",
    kind: "choice",
    prompt: "In probabilistic PCA, replacing W by WR for an orthogonal d_z × d_z matrix R…",
    choices: [
      "changes the noise variance σ²",
      "changes the mean μ",
      "leaves the distribution of x unchanged, because (WR)(WR)ᵀ = WWᵀ",
      "is only allowed when σ² = 0",
    ],
    answer: 2,
    explanation:
      "The marginal N(μ, WWᵀ + σ²I) depends on W only through WWᵀ, and RRᵀ = I. So W is identifiable only up to a rotation of the latent space — the R in W_ML = U(Λ − σ²I)^½ R. No data can tell WR from W, so single latent coordinates have no meaning of their own.",
  },
];
