import type { QuizQuestion } from "../quiz";

export const whyGenerativeQuiz: QuizQuestion[] = [
  {
    id: "goal",
    kind: "choice",
    prompt: "What is the goal of generative modelling?",
    choices: [
      "Learn the decision boundary between classes",
      "Memorise the training set so it can be replayed",
      "Learn a policy that maximises reward",
      "Learn a model distribution p_model(x) that is close to the data distribution p_data(x)",
    ],
    answer: 3,
    explanation:
      "We train on samples x ∼ p_data and want p_model ≈ p_data, so that samples x ∼ p_model look like new data. Memorising the training set matches the sample, not the distribution.",
  },
  {
    id: "kl-mle",
    kind: "choice",
    prompt: "Minimising KL(p_data ‖ p_θ) over θ is equivalent to…",
    choices: [
      "maximising the expected log-likelihood E_{p_data}[log p_θ(x)], i.e. maximum likelihood",
      "minimising the entropy of p_data",
      "maximising KL(p_θ ‖ p_data)",
      "training a discriminator",
    ],
    answer: 0,
    explanation:
      "KL(p_data ‖ p_θ) = E_{p_data}[log p_data(x)] − E_{p_data}[log p_θ(x)]; the first term is constant in θ, so minimising KL maximises the expected log-likelihood, estimated by the average over the training set.",
  },
  {
    id: "kl-coin",
    kind: "numeric",
    prompt: "p_data is a fair coin; the model gives heads probability 0.9 and tails 0.1. Compute KL(p_data ‖ p_model) in nats (natural log, 3 decimals).",
    answer: 0.511,
    tolerance: 0.002,
    explanation: "KL = 0.5·ln(0.5/0.9) + 0.5·ln(0.5/0.1) = 0.5·(−0.588) + 0.5·(1.609) ≈ 0.511 nats.",
  },
  {
    id: "anomaly-detection",
    kind: "choice",
    prompt:
      "A factory wants to flag sensor readings that are unlikely under a model of normal operation. Which service must the model provide, and which family provides it exactly?",
    choices: [
      "Sampling; a GAN, whose generator produces realistic readings",
      "Density evaluation; a GAN, through its generator",
      "Density evaluation; an autoregressive model or a normalizing flow",
      "Sampling; a VAE, by decoding random codes",
    ],
    answer: 2,
    explanation:
      "Flagging a reading x needs its value p_model(x): density evaluation. Autoregressive models and flows compute it exactly; a VAE or a diffusion model gives a lower bound, and a Boltzmann machine gives p(x) only up to its constant Z (enough to rank readings, since Z is the same for all). A GAN only samples: it has no formula for p_model(x).",
  },
];
