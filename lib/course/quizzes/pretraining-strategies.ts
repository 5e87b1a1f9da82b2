import type { QuizQuestion } from "../quiz";

export const pretrainingStrategiesQuiz: QuizQuestion[] = [
  {
    id: "transfer-learning",
    kind: "choice",
    prompt: "What is transfer learning?",
    choices: [
      "Copying the training set from one model to another",
      "Training two networks against each other",
      "Reusing a network pre-trained on a broad task as the starting point for a downstream task",
      "Moving a model from GPU to CPU",
    ],
    answer: 2,
    explanation:
      "The pre-trained network provides a representation; a downstream task trains a small head on it (linear probe) or fine-tunes the whole network.",
  },
  {
    id: "bert-vs-gpt",
    kind: "choice",
    prompt: "Which pairing of model and pre-training objective is correct?",
    choices: [
      "BERT: predict the next token; GPT: predict masked tokens",
      "BERT: contrastive image–text matching; GPT: jigsaw puzzles",
      "BERT: predict masked tokens from context on both sides; GPT: predict each token from the previous ones",
      "Both: reconstruct image patches",
    ],
    answer: 2,
    explanation: "BERT is a masked language model (bidirectional encoder); GPT is an autoregressive language model, log p(x) = Σ_t log p(x_t | x_<t).",
  },
  {
    id: "mae-visible",
    kind: "numeric",
    prompt: "A masked auto-encoder splits a 224 × 224 image into 16 × 16 patches and masks 75% of them. How many patches does the encoder see?",
    answer: 49,
    tolerance: 0,
    explanation: "(224/16)² = 14² = 196 patches; 25% remain visible: 196 / 4 = 49.",
  },
  {
    id: "jigsaw-permutations",
    kind: "numeric",
    prompt: "In how many different orders can the 9 tiles of a 3 × 3 jigsaw puzzle be arranged?",
    answer: 362880,
    tolerance: 0,
    explanation: "9! = 362 880. Noroozi and Favaro used a well-separated subset of 1000 of them as the classes of the pretext task.",
  },
  {
    id: "contrastive-pairs",
    kind: "choice",
    prompt: "In SimCLR-style contrastive learning, what is a positive pair?",
    choices: [
      "An image and its class label",
      "Two different augmentations of the same image",
      "Two images of the same class chosen by a human",
      "An image and a random noise vector",
    ],
    answer: 1,
    explanation: "Positives are two augmented views of one image; the other views in the batch act as negatives. No labels are needed.",
  },
];
