import type { QuizQuestion } from "../quiz";

export const samplingQuiz: QuizQuestion[] = [
  {
    id: "discrete-draw",
    kind: "choice",
    prompt:
      "X takes values a, b, c with probabilities 0.2, 0.5, 0.3. You draw u = 0.63 from U(0,1). Which value does the cumulative-probability sampler return?",
    choices: ["a", "b", "c", "It cannot be decided without sorting the probabilities first"],
    answer: 1,
    explanation: "The cumulative probabilities are 0.2, 0.7, 1.0. The first one that exceeds 0.63 is 0.7, which belongs to b.",
  },
  {
    id: "pmf-not-pdf",
    kind: "choice",
    prompt: "What describes the distribution of a discrete random variable?",
    choices: [
      "A probability mass function: P(X = x_k) = p_k, non-negative and summing to one",
      "A probability density function whose values can exceed one",
      "A cumulative distribution function that must be continuous",
      "A uniform distribution on (0, 1)",
    ],
    answer: 0,
    explanation: "A discrete variable has a PMF: each p_k is a genuine probability and the p_k sum to one. Densities belong to continuous variables.",
  },
  {
    id: "exponential-inverse",
    kind: "numeric",
    prompt: "An exponential variable with rate λ = 2 has the CDF F(x) = 1 − e^(−λx). Sampling it by inversion, which x does u = 0.5 give? (3 decimals)",
    answer: 0.3466,
    tolerance: 0.001,
    explanation:
      "Solving u = 1 − e^(−λx) gives x = −ln(1 − u)/λ = −ln(0.5)/2 = ln 2 / 2 ≈ 0.347. This is the median of the distribution, as it should be for u = 0.5.",
  },
  {
    id: "laplace-inverse",
    kind: "numeric",
    prompt:
      "The standard Laplace distribution (μ = 0, b = 1) has the CDF F(x) = ½eˣ for x < 0 and 1 − ½e^(−x) for x ≥ 0. Sampling it by inversion, which x does u = 0.2 give? (3 decimals)",
    answer: -0.9163,
    tolerance: 0.001,
    explanation:
      "u = 0.2 < ½, so x is on the left branch: ½eˣ = 0.2 gives x = ln 0.4 ≈ −0.916. The one-line formula x = −sgn(u − ½) ln(1 − 2|u − ½|) agrees: −(−1) · ln(1 − 0.6) = ln 0.4.",
  },
  {
    id: "why-inversion-works",
    kind: "choice",
    prompt: "Why does X = F⁻¹(U) with U ~ U(0,1) have the CDF F (for strictly increasing F)?",
    choices: [
      "Because P(F⁻¹(U) ≤ x) = P(U ≤ F(x)) = F(x)",
      "Because F⁻¹ is linear",
      "Because the density p(x) is always below one",
      "Because U and X are independent",
    ],
    answer: 0,
    explanation: "The event F⁻¹(U) ≤ x equals U ≤ F(x), and a uniform variable falls below F(x) with probability F(x).",
  },
];
