import type { QuizQuestion } from "../quiz";

export const boltzmannMachinesQuiz: QuizQuestion[] = [
  {
    id: "h-of-row",
    kind: "numeric",
    prompt: "In the module's example (units in {−1, +1}, W12 = −1, W13 = −1, W23 = 2, b2 = 1, other biases 0), what is H(x) = −E(x) for x = (−1, 1, −1)?",
    answer: -1,
    tolerance: 1e-9,
    explanation:
      "The terms are W12·x1·x2 = (−1)(−1)(1) = 1, W13·x1·x3 = (−1)(−1)(−1) = −1, W23·x2·x3 = 2·(1)(−1) = −2 and b2·x2 = 1. Their sum is −1 (not −3), so exp(H) = 0.368 and p(x) = 0.368 / 172.420 ≈ 0.0021.",
  },
  {
    id: "p-of-row",
    kind: "numeric",
    prompt: "Same example, Z ≈ 172.420. What is p(x) for x = (1, −1, −1)? Give four decimals.",
    answer: 0.1165,
    tolerance: 0.0006,
    explanation: "Terms: W12·x1·x2 = 1, W13·x1·x3 = 1, W23·x2·x3 = 2, b2·x2 = −1, so H = 3, exp(3) ≈ 20.086 and p = 20.086 / 172.420 ≈ 0.1165.",
  },
  {
    id: "double-count",
    kind: "choice",
    prompt: "With a symmetric W (zero diagonal), which energy counts each pairwise interaction exactly once?",
    choices: ["E(x) = −xᵀWx − bᵀx", "E(x) = −½xᵀWx − bᵀx", "E(x) = −2xᵀWx − bᵀx", "E(x) = −Σᵢ Wᵢᵢ xᵢ² − bᵀx"],
    answer: 1,
    explanation:
      "xᵀWx = Σᵢ Σⱼ Wᵢⱼxᵢxⱼ contains both Wᵢⱼxᵢxⱼ and Wⱼᵢxⱼxᵢ, i.e. each pair twice. Halving it gives Σ_{i<j} Wᵢⱼxᵢxⱼ, the form the worked table uses.",
  },
  {
    id: "gibbs-conditional",
    kind: "numeric",
    prompt: "Same example. Given x2 = 1 and x3 = 1, what is p(x1 = +1 | x2, x3)? Give three decimals.",
    answer: 0.018,
    tolerance: 0.001,
    explanation:
      "With units in {−1, +1}, p(xᵢ = +1 | rest) = e^(aᵢ) / (e^(aᵢ) + e^(−aᵢ)) = σ(2aᵢ), with the local field aᵢ = Σⱼ Wᵢⱼxⱼ + bᵢ. Here a1 = W12·1 + W13·1 + b1 = −1 − 1 + 0 = −2, so p = σ(−4) ≈ 0.018 (not σ(−2), the formula for units in {0, 1}). From the table: exp H(1,1,1) / (exp H(1,1,1) + exp H(−1,1,1)) = 2.718 / (2.718 + 148.413) ≈ 0.018. Z cancels, which is why Gibbs sampling works without it.",
  },
  {
    id: "partition-cost",
    kind: "choice",
    prompt: "Why is the partition function Z of a Boltzmann machine with d binary units intractable in general?",
    choices: [
      "exp(−E(x)) can be negative",
      "It requires inverting the d × d weight matrix",
      "Its sum has 2^d terms, one per joint state",
      "The energy function is not differentiable",
    ],
    answer: 2,
    explanation:
      "Z = Σₓ exp(−E(x)) runs over every joint configuration: 8 terms for 3 units, 2^784 for a 28×28 binary image. Ratios p(x)/p(x′) remain cheap because Z cancels.",
  },
];
