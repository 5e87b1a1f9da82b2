import type { QuizQuestion } from "../quiz";

export const autoregressiveModelsQuiz: QuizQuestion[] = [
  {
    id: "chain-rule",
    kind: "numeric",
    prompt: "An autoregressive model gives P(y₁) = 0.5, P(y₂ | y₁) = 0.4 and P(y₃ | y₁, y₂) = 0.25 for a particular sequence. What is P(y₁, y₂, y₃)?",
    answer: 0.05,
    tolerance: 1e-6,
    explanation:
      "By the chain rule, P(y₁:₃) = P(y₁) · P(y₂ | y₁) · P(y₃ | y₁:₂) = 0.5 × 0.4 × 0.25 = 0.05. The likelihood is exact — no bound or approximation.",
  },
  {
    id: "wavenet-receptive-field",
    kind: "numeric",
    prompt:
      "A stack of causal convolutions with kernel size 2 has dilations 1, 2, 4, …, 512 (ten layers). How many input samples does one output see (its receptive field)?",
    answer: 1024,
    tolerance: 0,
    explanation:
      "Each layer with kernel size k and dilation d adds (k − 1)·d samples: 1 + (1 + 2 + … + 512) = 1 + 1023 = 1024. Doubling dilations grows the receptive field exponentially with depth.",
  },
  {
    id: "rnn-randomness",
    kind: "choice",
    prompt:
      "In an RNN with h_t = f(h_{t−1}, y_{t−1}) and a Gaussian output p(y_t | h_t), where is the model's randomness, and what do dynamical VAEs such as the VRNN add?",
    choices: [
      "In the hidden state; a VRNN makes the hidden state deterministic",
      "Nowhere; a VRNN adds dropout",
      "Only in the per-step output noise; a VRNN adds a latent random variable z_t at each step that feeds the recurrence",
      "Only in the transition; a VRNN removes the output noise",
    ],
    answer: 2,
    explanation:
      "The RNN's transition is deterministic, so structured variability must be squeezed into independent output noise. The VRNN samples z_t from a learnt prior p(z_t | h_{t−1}) and updates h_t = f(h_{t−1}, y_t, z_t), carrying random choices forward.",
  },
  {
    id: "mask-a",
    kind: "choice",
    prompt: "Why does the first layer of a PixelCNN use mask A, which also hides the centre pixel, while later layers use mask B?",
    choices: [
      "In the first layer the centre is the pixel being predicted; later, the centre position only holds features computed from earlier pixels",
      "Mask A is cheaper to compute",
      "Mask B hides all pixels to the left",
      "Mask A lets the model see future rows, which speeds training",
    ],
    answer: 0,
    explanation:
      "p(xᵢ | x_<ᵢ) must not depend on xᵢ itself. Only the input layer contains xᵢ at the centre; after it, the centre feature is already a function of earlier pixels only, so it may be used.",
  },
  {
    id: "teacher-forcing",
    kind: "choice",
    prompt: "What is teacher forcing?",
    choices: [
      "Distilling a large teacher model into a small student",
      "Sampling with temperature zero",
      "Forcing the hidden state to match a teacher RNN",
      "Training each conditional P(y_t | y_<t) on the true previous elements from the data rather than the model's own samples",
    ],
    answer: 3,
    explanation:
      "Feeding ground-truth prefixes makes maximum-likelihood training simple and parallel. At generation the model sees its own outputs instead, and errors can compound (exposure bias).",
  },
];
