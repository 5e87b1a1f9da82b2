import type { QuizQuestion } from "../quiz";

export const gmmEmQuiz: QuizQuestion[] = [
  {
    id: "responsibility",
    kind: "numeric",
    prompt:
      "1-D mixture of two Gaussians with weights ½ and ½, means 0 and 2, both with variance 1. What is the responsibility of component 1 (mean 0) for the point x = 0.5? (3 decimals)",
    answer: 1 / (1 + Math.exp(-1)),
    tolerance: 0.002,
    explanation:
      "γ₁ = e^(−0.5²/2) / (e^(−0.5²/2) + e^(−1.5²/2)) = e^(−0.125) / (e^(−0.125) + e^(−1.125)) = 1/(1 + e^(−1)) ≈ 0.731. Equal weights and variances cancel.",
  },
  {
    id: "m-step-weight",
    kind: "choice",
    prompt: "In the M step, how is the mixing weight π_k updated?",
    choices: [
      "π_k = N_k / N with N_k = Σ_n γ_nk, the summed responsibilities",
      "π_k = 1/K for every component",
      "π_k is the fraction of points whose nearest mean is μ_k",
      "π_k is left unchanged; only means and covariances are updated",
    ],
    answer: 0,
    explanation: "Each point contributes its responsibility to each component; π_k is the component's effective share of the N points.",
  },
  {
    id: "monotone",
    kind: "choice",
    prompt: "What does EM guarantee about the data log-likelihood ln p(X | θ) across iterations?",
    choices: [
      "It never decreases, and EM converges to a local maximum (not necessarily the global one)",
      "It always reaches the global maximum",
      "It decreases until the responsibilities stop changing",
      "Nothing: it can go up or down",
    ],
    answer: 0,
    explanation:
      "The E step makes a lower bound tight at the current θ; the M step raises the bound, so the log-likelihood cannot fall. The result depends on initialisation.",
  },
  {
    id: "param-count",
    kind: "numeric",
    prompt: "How many free parameters does a GMM with K = 3 full-covariance components in d = 2 dimensions have (the m in BIC)?",
    answer: 17,
    tolerance: 0.5,
    explanation: "(K − 1) mixing weights + K·d mean entries + K·d(d+1)/2 covariance entries = 2 + 6 + 9 = 17.",
  },
  {
    id: "singularity",
    kind: "choice",
    prompt: "Why can the GMM likelihood become infinite during fitting?",
    choices: [
      "A component can centre on a single data point and shrink its variance to zero, making that point's density unbounded",
      "The mixing weights can become negative",
      "The responsibilities can exceed one",
      "The number of components grows during EM",
    ],
    answer: 0,
    explanation: "N(x_n | μ = x_n, σ²) grows without bound as σ² → 0. A small diagonal floor on Σ_k, or a prior, prevents this degenerate solution.",
  },
];
