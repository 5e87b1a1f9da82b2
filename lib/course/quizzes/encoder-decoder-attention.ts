import type { QuizQuestion } from "../quiz";

export const encoderDecoderAttentionQuiz: QuizQuestion[] = [
  {
    id: "bottleneck",
    kind: "choice",
    prompt: "What problem of the early encoder–decoder translation models did attention solve?",
    choices: [
      "The decoder could not produce outputs of a different length than the input",
      "Recurrent networks could not be trained with gradient descent",
      "The vocabulary was too large for a softmax",
      "The whole source sentence had to be compressed into one fixed-size vector, which hurt long sentences",
    ],
    answer: 3,
    explanation:
      "With c = h_n the decoder sees one summary vector; attention computes a new context c_t = Σ α_{t,i} h_i at every output step from all encoder states.",
  },
  {
    id: "retrieval-roles",
    kind: "choice",
    prompt: "In the information-retrieval view of attention, what do the softmax weights depend on?",
    choices: [
      "The similarity between the query and each key",
      "The similarity between the query and each value",
      "Only the values",
      "The position of each key in memory, nothing else",
    ],
    answer: 0,
    explanation: "α_i = softmax_i(score(q, k_i)): queries are compared with keys; the values are only mixed using those weights.",
  },
  {
    id: "softmax-weight",
    kind: "numeric",
    prompt:
      "A query has raw dot products q·k = 2, 0 and 2 with three keys of length d_k = 4. Using scaled dot-product attention, what weight does the first key get? (3 decimals)",
    answer: 0.422,
    tolerance: 0.002,
    explanation: "Scaled scores are (2, 0, 2)/√4 = (1, 0, 1). Softmax: e / (e + 1 + e) = 2.718 / 6.437 ≈ 0.422.",
  },
  {
    id: "why-scale",
    kind: "choice",
    prompt: "Why does scaled dot-product attention divide QKᵀ by √d_k?",
    choices: [
      "To make the weights sum to one",
      "With unit-variance components, q·k has variance d_k; large scores would saturate the softmax and kill its gradients",
      "To make the attention matrix symmetric",
      "To reduce the number of parameters",
    ],
    answer: 1,
    explanation:
      "q·k = Σ_l q_l k_l sums d_k terms of variance 1, so its standard deviation is √d_k. Dividing by it keeps scores at unit scale. The softmax alone already makes the weights sum to one.",
  },
  {
    id: "output-mix",
    kind: "numeric",
    prompt: "Attention weights over three values v₁ = 10, v₂ = 20, v₃ = 40 are 0.5, 0.3 and 0.2. What is the attention output?",
    answer: 19,
    tolerance: 1e-6,
    explanation: "Output = Σ α_i v_i = 0.5·10 + 0.3·20 + 0.2·40 = 5 + 6 + 8 = 19.",
  },
];
