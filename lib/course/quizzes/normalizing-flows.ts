import type { QuizQuestion } from "../quiz";

export const normalizingFlowsQuiz: QuizQuestion[] = [
  {
    id: "change-of-variables-1d",
    kind: "numeric",
    prompt: "A one-layer flow maps z ∼ N(0, 1) to x = 2z + 1. By the change of variables, what is the density p(x) at x = 1? Give four decimals.",
    answer: 0.1995,
    tolerance: 0.0005,
    explanation: "z = (x − 1)/2 = 0 and |dz/dx| = 1/2, so p(1) = (1/√(2π)) · ½ ≈ 0.3989 / 2 ≈ 0.1995 — the density of N(1, 4) at its mean.",
  },
  {
    id: "log-likelihood-1d",
    kind: "numeric",
    prompt: "Same flow. What is log p(x) at x = 3 (natural log)? Give three decimals.",
    answer: -2.112,
    tolerance: 0.002,
    explanation:
      "The normalising direction gives z = f(3) = (3 − 1)/2 = 1 and |dz/dx| = ½, so log p(x) = log N(1; 0, 1) + log ½ = −½ log(2π) − ½ − log 2 ≈ −0.919 − 0.5 − 0.693 = −2.112.",
  },
  {
    id: "coupling-logdet",
    kind: "numeric",
    prompt:
      "An affine coupling layer y_b = x_b ⊙ exp(s(x_a)) + t(x_a) computes s(x_a) = (0.5, −0.2, 0.1) and t(x_a) = (3, 1, −2) for some input. What is log|det ∂y/∂x|?",
    answer: 0.4,
    tolerance: 1e-6,
    explanation:
      "The Jacobian is triangular with diagonal (1, …, 1, exp(s₁), exp(s₂), exp(s₃)), so log|det| = Σ sⱼ = 0.5 − 0.2 + 0.1 = 0.4. The shift t does not change volume.",
  },
  {
    id: "coupling-why",
    kind: "choice",
    prompt: "Why do flows such as RealNVP use coupling layers instead of arbitrary invertible networks?",
    choices: [
      "They require s and t to be invertible networks",
      "Their inverse is explicit and their Jacobian is triangular, so the log-determinant is a cheap sum",
      "They reduce the dimension of z below that of x",
      "They make the base distribution unnecessary",
    ],
    answer: 1,
    explanation:
      "A general d × d log-determinant costs O(d³). In a coupling layer one half passes through unchanged, so the inverse needs no inversion of s or t, and log|det| = Σ s(x_a). z always has the same dimension as x.",
  },
  {
    id: "flow-tradeoff",
    kind: "choice",
    prompt: "Which pair of properties do coupling-based normalizing flows offer?",
    choices: [
      "No likelihood and one-pass sampling",
      "Exact likelihood but sampling one dimension at a time",
      "Exact log-likelihood and one-pass (parallel) sampling",
      "A lower bound on the likelihood and sequential sampling",
    ],
    answer: 2,
    explanation:
      "The change-of-variables formula gives log p(x) exactly, and sampling applies the explicit inverse layers to z ∼ N(0, I) in a single pass. (VAEs give a bound; GANs no likelihood; autoregressive models and MAF sample sequentially.)",
  },
];
