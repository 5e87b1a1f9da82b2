import type { QuizQuestion } from "../quiz";

export const pretrainingStrategiesQuiz: QuizQuestion[] = [
  {
    id: "transfer-learning",
    kind: "choice",
    prompt: "A team has 500 labelled X-ray images. Which plan is transfer learning?",
    choices: [
      "Train a new network from random weights on the 500 images, with strong data augmentation",
      "Start from a network pre-trained on a large, broad data set and fine-tune it on the 500 images",
      "Train a GAN on the 500 images and add its samples to the training set",
      "Train one network per class on the images of that class and compare their likelihoods",
    ],
    answer: 1,
    explanation:
      "Transfer learning reuses what a network learnt on a broad pre-training task as the starting point for a downstream task: either freeze it and train a small head on its representation (a linear probe, when the head is linear) or fine-tune it with a small learning rate.",
  },
  {
    id: "bert-vs-gpt",
    kind: "choice",
    prompt: "Which pairing of model and pre-training objective is correct?",
    choices: [
      "BERT: predict each token from the previous ones; GPT: predict hidden tokens from both sides",
      "BERT: match images with their captions; GPT: predict the order of shuffled sentences",
      "BERT: predict hidden tokens from both sides; GPT: predict each token from the previous ones",
      "BERT: reconstruct hidden image patches; GPT: tell two views of a text apart from others",
    ],
    answer: 2,
    explanation:
      "BERT is a masked language model (a bidirectional encoder); GPT is an autoregressive language model, log p(x) = Σ_t log p(x_t | x_<t), computed with a causal mask.",
  },
  {
    id: "mae-visible",
    kind: "numeric",
    prompt: "A masked auto-encoder splits a 224 × 224 image into 16 × 16 patches and masks 75% of them. How many patches does the encoder see?",
    answer: 49,
    tolerance: 0,
    explanation: "(224/16)² = 14² = 196 patches; 25% remain visible: 196 / 4 = 49. Only these enter the encoder; the mask tokens are added in the decoder.",
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
    prompt: "In SimCLR, what is a positive pair?",
    choices: [
      "An image and the caption that describes it",
      "Two different random augmentations of the same image",
      "Two images of the same class, chosen using the labels",
      "An image and its reconstruction by a decoder",
    ],
    answer: 1,
    explanation:
      "Positives are two augmented views of one image; the other views in the batch act as negatives, so no labels are needed. An image and its caption is CLIP's positive pair; two images of one class is supervised contrastive learning, which does use labels.",
  },
  {
    id: "infonce-value",
    kind: "numeric",
    prompt:
      "A contrastive loss uses temperature τ = 0.2. For one view, the cosine similarity to its positive is 0.6 and to each of its two negatives is 0.2. What is its InfoNCE loss ℓ = −log(e^{s₊/τ} / Σₖ e^{sₖ/τ}), where the sum runs over the positive and the negatives? Give three decimals (natural logarithm).",
    answer: 0.2395,
    tolerance: 0.002,
    explanation:
      "The logits are 0.6/0.2 = 3 and 0.2/0.2 = 1 (twice). ℓ = −log(e³ / (e³ + 2e¹)) = log(1 + 2e⁻²) ≈ 0.240. With all three similarities equal it would be log 3 ≈ 1.099 (chance); without the temperature (τ = 1) it would be about 0.85, so a small τ sharpens the softmax.",
  },
  {
    id: "simclr-negatives",
    kind: "numeric",
    prompt: "SimCLR is trained with a minibatch of N = 256 images, each augmented twice. For one augmented view, how many negatives appear in its loss?",
    answer: 510,
    tolerance: 0,
    explanation:
      "The batch holds 2N = 512 views. Excluding the view itself leaves 2N − 1 = 511 terms in the denominator: one positive (the other view of the same image) and 2N − 2 = 510 negatives.",
  },
  {
    id: "bert-random-tokens",
    kind: "numeric",
    prompt:
      "BERT's masked-language-model corruption is applied to a 400-token sequence. On average, how many of its tokens are replaced by a random token from the vocabulary?",
    answer: 6,
    tolerance: 0.01,
    explanation:
      "15% of positions are chosen (60 tokens); of these, 80% become [MASK] (48), 10% a random token (6) and 10% stay unchanged (6). The loss is computed at all 60 chosen positions.",
  },
  {
    id: "clip-loss",
    kind: "choice",
    prompt: "CLIP computes the N × N matrix of similarities between the N images and the N captions of a batch. What does its loss do with this matrix?",
    choices: [
      "It raises the diagonal entries only; the off-diagonal entries carry no training signal",
      "It applies a cross-entropy along each row only; the column direction then follows",
      "It regresses every entry onto a target of 1 on the diagonal and 0 elsewhere",
      "It applies a cross-entropy along each row and along each column, and averages the two",
    ],
    answer: 3,
    explanation:
      "Each image must pick its caption among the N captions (a softmax over its row) and each caption its image among the N images (a softmax over its column); the diagonal holds the N true pairs and the N² − N off-diagonal entries are the negatives. Raising the diagonal alone would let every embedding collapse to one point, and a row-wise softmax does not constrain the columns.",
  },
];
