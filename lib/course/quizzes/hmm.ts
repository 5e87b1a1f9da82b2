import type { QuizQuestion } from "../quiz";

export const hmmQuiz: QuizQuestion[] = [
  {
    id: "joint",
    kind: "choice",
    prompt: "Which expression is the joint probability P(y_{1:T}, z_{1:T}) of an HMM?",
    choices: [
      "P(z₁) · Π_{t=2}^{T} P(z_t | z_{t−1}) · Π_{t=1}^{T} P(y_t | z_t)",
      "P(z₁) · Π_{t=1}^{T} P(z_t | z_{t−1}) P(y_t | z_t)",
      "Π_{t=1}^{T} P(z_t) P(y_t | z_t)",
      "Π_{t=2}^{T} P(y_t | y_{t−1}) · Π_{t=1}^{T} P(z_t | y_t)",
    ],
    answer: 0,
    explanation:
      "The first state comes from P(z₁); transitions run from t = 2 (z₀ does not exist); every observation has an emission term. The second option double-counts z₁ with an undefined z₀. The third is a GMM, which ignores order.",
  },
  {
    id: "gmm-order",
    kind: "choice",
    prompt: "You fit a GMM to the frames of a sequence, treating them as independent. What happens to the model's likelihood if you shuffle the frames?",
    choices: ["Nothing: the likelihood is a product over frames and ignores order", "It drops sharply", "It rises", "It becomes undefined"],
    answer: 0,
    explanation: "p(y_{1:T}) = Π_t p(y_t) is invariant to permutations, which is why an HMM lets the hidden state depend on the previous one.",
  },
  {
    id: "forward-value",
    kind: "numeric",
    prompt:
      "HMM with 2 states: π = (0.6, 0.4), A = [[0.7, 0.3], [0.4, 0.6]] (A_ij = P(z_t = j | z_{t−1} = i)), P(a | state 1) = 0.9, P(a | state 2) = 0.2. Using the forward algorithm, what is P(y = (a, a))? (3 decimals)",
    answer: 0.411,
    tolerance: 0.001,
    explanation: "α₁ = (0.6·0.9, 0.4·0.2) = (0.54, 0.08). α₂(1) = 0.9·(0.54·0.7 + 0.08·0.4) = 0.369; α₂(2) = 0.2·(0.54·0.3 + 0.08·0.6) = 0.042. Sum: 0.411.",
  },
  {
    id: "viterbi-value",
    kind: "numeric",
    prompt: "Same HMM and observations (a, a). What is the probability of the single most likely hidden path (Viterbi)? (4 decimals)",
    answer: 0.3402,
    tolerance: 0.0005,
    explanation: "δ₁ = (0.54, 0.08); δ₂(1) = 0.9·max(0.54·0.7, 0.08·0.4) = 0.3402, δ₂(2) = 0.2·max(0.162, 0.048) = 0.0324. The best path is (1, 1).",
  },
  {
    id: "scaling",
    kind: "choice",
    prompt: "Why does a practical forward algorithm normalise α_t at every step?",
    choices: [
      "The α's shrink geometrically with t and underflow; the normalisers c_t = P(y_t | y_{1:t−1}) give ln P(y_{1:T}) = Σ ln c_t",
      "To make the transition matrix row-stochastic",
      "Because α_t must be a probability distribution for the algorithm to be correct",
      "To reduce the cost from O(TK²) to O(TK)",
    ],
    answer: 0,
    explanation:
      "α_t(j) = P(y_{1:t}, z_t = j) is a product of t small factors; scaling keeps the numbers in range and loses nothing, since the log-likelihood is the sum of the log normalisers.",
  },
];
