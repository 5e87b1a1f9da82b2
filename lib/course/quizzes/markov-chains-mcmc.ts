import type { QuizQuestion } from "../quiz";

export const markovChainsMcmcQuiz: QuizQuestion[] = [
  {
    id: "stationary-pi2",
    kind: "numeric",
    prompt:
      "For the lecture's chain x_{t+1} = P x_t with P = [[0, 0.1, 0], [0.3, 0.9, 0.4], [0.7, 0, 0.6]], what is the stationary probability π₂ of state 2? (A fraction, or 4 decimals.)",
    answer: 40 / 51,
    tolerance: 0.0005,
    explanation: "π = Pπ gives π₂ = 10π₁ and π₃ = (7/4)π₁; normalising, π₁ = 4/51, so π₂ = 40/51 ≈ 0.7843 (and π₃ = 7/51 ≈ 0.1373).",
  },
  {
    id: "two-steps",
    kind: "numeric",
    prompt: "Same chain, started surely in state 1: x₀ = (1, 0, 0). What is the probability of being in state 2 after two steps?",
    answer: 0.55,
    tolerance: 0.001,
    explanation: "x₁ = P x₀ = (0, 0.3, 0.7). Then state 2 gets 0.3·0 + 0.9·0.3 + 0.4·0.7 = 0.27 + 0.28 = 0.55, so x₂ = (0.03, 0.55, 0.42).",
  },
  {
    id: "column-stochastic",
    kind: "choice",
    prompt: "In the convention x_{t+1} = P x_t with x_t a column vector of state probabilities, which property must P have?",
    choices: ["Each column sums to one", "Each row sums to one", "P is symmetric", "All entries of P are positive"],
    answer: 0,
    explanation: "P_ij is the probability of moving to i from j, so for every current state j the entries of column j sum to one.",
  },
  {
    id: "detailed-balance",
    kind: "choice",
    prompt: "Does the lecture's 3-state chain satisfy detailed balance (P_ij π_j = P_ji π_i for all i, j) with respect to its stationary π?",
    choices: [
      "No: it can move from state 1 to state 3 but never directly back, so the flows cannot balance pairwise",
      "Yes: every chain satisfies detailed balance with respect to its stationary distribution",
      "Yes, because P² has only positive entries",
      "The question is meaningless for a 3-state chain",
    ],
    answer: 0,
    explanation:
      "P₃₁π₁ = 0.7·4/51 > 0 while P₁₃π₃ = 0. Detailed balance is sufficient for stationarity but not necessary: this chain is stationary at π without being reversible.",
  },
  {
    id: "mh-acceptance",
    kind: "numeric",
    prompt:
      "Random-walk Metropolis with a symmetric proposal. The unnormalised target is p̃(x) = 0.2 at the current point and p̃(x') = 0.05 at the proposal. What is the acceptance probability?",
    answer: 0.25,
    tolerance: 0.001,
    explanation: "With a symmetric proposal α = min(1, p̃(x')/p̃(x)) = min(1, 0.05/0.2) = 0.25.",
  },
  {
    id: "mh-normaliser",
    kind: "choice",
    prompt: "Why can Metropolis–Hastings sample from p(x) = p̃(x)/Z without knowing Z?",
    choices: [
      "The acceptance ratio only uses p̃(x')/p̃(x), in which Z cancels",
      "Z is always equal to one for MCMC targets",
      "The proposal distribution estimates Z along the way",
      "Rejected samples are discarded, which normalises the rest",
    ],
    answer: 0,
    explanation:
      "Only ratios of the target enter α, so the normalising constant cancels. (Rejected proposals are not discarded: the current state is repeated.)",
  },
];
