import type { QuizQuestion } from "../quiz";

export const selfAttentionTransformersQuiz: QuizQuestion[] = [
  {
    id: "matrix-rows",
    kind: "choice",
    prompt: "In the self-attention matrix A = softmax(QKᵀ/√d_k), what does row i contain?",
    choices: [
      "The value vector of token i",
      "How strongly each token attends to token i; the entries sum to 1",
      "How strongly token i attends to each token of the sequence; the entries are non-negative and sum to 1",
      "The positional encoding of token i",
    ],
    answer: 2,
    explanation:
      "The softmax is taken along each row: row i is token i's distribution of attention over all n tokens, and output row i is Σ_j A_ij v_j. Columns need not sum to 1.",
  },
  {
    id: "positional-encoding",
    kind: "choice",
    prompt: "Why does a transformer need positional encodings?",
    choices: [
      "To make the softmax numerically stable",
      "To reduce the quadratic cost of attention",
      "Because the values cannot be learned otherwise",
      "Self-attention is permutation-equivariant: without them, reordering the tokens just reorders the outputs",
    ],
    answer: 3,
    explanation: "Nothing in softmax(QKᵀ/√d_k)V depends on where a token stands, so order must be injected by adding position information to the inputs.",
  },
  {
    id: "head-dimension",
    kind: "numeric",
    prompt: "A transformer has d_model = 512 and 8 attention heads with d_k = d_model / h. What is d_k?",
    answer: 64,
    tolerance: 0,
    explanation: "512 / 8 = 64, the setting of the original base transformer.",
  },
  {
    id: "vit-tokens",
    kind: "numeric",
    prompt: "A ViT splits a 224 × 224 image into 16 × 16 patches and prepends one [CLS] token. How many tokens enter the transformer?",
    answer: 197,
    tolerance: 0,
    explanation: "(224/16)² = 14² = 196 patch tokens, plus [CLS]: 197.",
  },
  {
    id: "attention-entries",
    kind: "numeric",
    prompt: "For that ViT's whole token sequence (the patch tokens and [CLS]), how many entries does one head's self-attention matrix have?",
    answer: 38809,
    tolerance: 0,
    explanation: "n = 14² + 1 = 197 tokens, and the matrix is n × n = 197 × 197 = 38 809 — the quadratic cost of self-attention.",
  },
  {
    id: "causal-mask",
    kind: "choice",
    prompt: "A decoder that generates text left to right uses a causal mask. What does it do?",
    choices: [
      "Removes 15% of the tokens at random",
      "Sets the scores for later positions (j > i) to −∞ before the softmax, so each token attends only to itself and earlier tokens",
      "Divides the scores by √d_k",
      "Adds positional encodings",
    ],
    answer: 1,
    explanation: "With scores for j > i at −∞ their softmax weights are 0: the attention matrix is lower-triangular and no token can peek at the future.",
  },
];
