import type { QuizQuestion } from "../quiz";

export const ganQuiz: QuizQuestion[] = [
  {
    id: "value-function",
    kind: "choice",
    prompt: "Which expression is the GAN value function V(D, G) that D maximises and G minimises?",
    choices: ["E_x[log D(x)] + E_z[log(1 − D(G(z)))]", "E_x[log D(x)] + E_z[1 − log D(G(z))]", "E_x[D(x)] − E_z[D(G(z))]", "E_z[log D(G(z))]"],
    answer: 0,
    explanation:
      "The discriminator is a binary classifier scored by log-likelihood: log D(x) on real data plus log(1 − D(G(z))) on generated data. The “1 − log D(G(z))” seen in some slides is a typo.",
  },
  {
    id: "optimal-discriminator",
    kind: "numeric",
    prompt: "At the game's equilibrium the generator matches the data distribution exactly. What does the optimal discriminator D*(x) output for every x?",
    answer: 0.5,
    tolerance: 1e-9,
    explanation: "D*(x) = p_data(x) / (p_data(x) + p_g(x)); with p_g = p_data this is ½ everywhere: D can do no better than a coin flip.",
  },
  {
    id: "non-saturating",
    kind: "choice",
    prompt: "Early in training D easily rejects G's samples. Why do practitioners train G to maximise log D(G(z)) instead of minimising log(1 − D(G(z)))?",
    choices: [
      "It gives G strong gradients exactly when D(G(z)) is near 0, where log(1 − D(G(z))) is flat",
      "It makes the discriminator converge faster",
      "It removes the need for the discriminator",
      "It is the only form that can be computed with minibatches",
    ],
    answer: 0,
    explanation:
      "With D(G(z)) = σ(ℓ), d/dℓ log(1 − σ(ℓ)) = −σ(ℓ) ≈ 0 when D is confident, so the minimax generator loss saturates; −log D(G(z)) has gradient −(1 − σ(ℓ)) ≈ −1 there. Both have the same fixed point.",
  },
  {
    id: "mode-collapse",
    kind: "choice",
    prompt:
      "On the 8-Gaussian ring, a generator puts all its samples on two of the eight centres. Which metric exposes this even though every sample looks perfect?",
    choices: ["The number of modes covered", "The fraction of high-quality samples", "The discriminator loss", "The generator loss"],
    answer: 0,
    explanation:
      "Every sample is within 3σ of a centre, so the high-quality fraction is 1; coverage is 2 of 8, and the mode KL is large. Only coverage (and mode KL) reveal that six modes were dropped: mode collapse. The losses of a GAN do not measure sample diversity.",
  },
];
