import type { QuizQuestion } from "../quiz";

export const typesOfGenerativeModelsQuiz: QuizQuestion[] = [
  {
    id: "implicit-model",
    kind: "choice",
    prompt: "Which model gives you a way to draw samples but no formula to evaluate the probability density p(x) of a given x?",
    choices: ["Generative adversarial network", "Normalizing flow", "Autoregressive model", "Gaussian mixture model"],
    answer: 0,
    explanation:
      "A GAN's generator G(z) is an implicit model: it defines a distribution only through sampling. The other three give an explicit, tractable density.",
  },
  {
    id: "flow-density",
    kind: "choice",
    prompt: "What lets a normalizing flow compute its likelihood exactly?",
    choices: [
      "The change-of-variables formula with the Jacobian determinant of an invertible network",
      "A lower bound computed by an encoder network",
      "A discriminator that estimates the density ratio",
      "Markov chain Monte Carlo estimates of the normalising constant",
    ],
    answer: 0,
    explanation:
      "p(x) = p_z(z) · |det ∂z/∂x|, where z is the one latent point the invertible network maps to x. This is exact as long as the network is invertible and its Jacobian determinant is tractable.",
  },
  {
    id: "approximate-density",
    kind: "choice",
    prompt: "Which pair of models define a density that cannot be computed exactly, so that training relies on an approximation?",
    choices: ["VAE and Boltzmann machine", "PixelCNN and WaveNet", "Normalizing flow and autoregressive model", "GAN and normalizing flow"],
    answer: 0,
    explanation:
      "A VAE's marginal likelihood is an intractable integral (trained with the ELBO); a Boltzmann machine's normaliser Z is an intractable sum (trained with MCMC).",
  },
  {
    id: "autoregressive-steps",
    kind: "numeric",
    prompt:
      "An autoregressive model generates a 32 × 32 RGB image one sub-pixel value at a time. How many sequential conditional distributions must it sample from to produce one image?",
    answer: 3072,
    tolerance: 0.5,
    explanation: "The chain rule gives one factor per dimension: 32 · 32 · 3 = 3072 factors, each sampled after the ones before it.",
  },
];
