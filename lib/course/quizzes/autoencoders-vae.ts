import type { QuizQuestion } from "../quiz";

export const autoencodersVaeQuiz: QuizQuestion[] = [
  {
    id: "naive-mc",
    kind: "choice",
    prompt: "Why is the estimate p(x) ≈ (1/N) Σₖ p(x | zₖ) with zₖ ∼ p(z) impractical for training a deep latent variable model?",
    choices: [
      "Sampling from N(0, I) is itself intractable",
      "Most prior samples zₖ give x a tiny likelihood, so N must be enormous for a usable estimate",
      "The estimate is biased for every finite N",
      "p(x | z) cannot be evaluated for a neural decoder",
    ],
    answer: 1,
    explanation:
      "The estimator is unbiased, but its variance is huge: only the rare zₖ near the posterior p(z | x) contribute. The recognition network q_φ(z | x) proposes such z directly.",
  },
  {
    id: "elbo-gap",
    kind: "choice",
    prompt: "By how much does the ELBO F(θ, φ) fall short of log p_θ(x)?",
    choices: ["KL(p(z) ‖ q_φ(z | x))", "The reconstruction error", "KL(q_φ(z | x) ‖ p_θ(z | x))", "KL(q_φ(z | x) ‖ p(z))"],
    answer: 2,
    explanation:
      "log p(x) − F = KL(q_φ(z | x) ‖ p_θ(z | x)) ≥ 0, the divergence from the true posterior. KL(q ‖ p(z)) is a term inside F, the regulariser towards the prior.",
  },
  {
    id: "kl-closed-form",
    kind: "numeric",
    prompt:
      "A 1-D encoder outputs μ = 0.5 and σ = 0.5 for some x, and the prior is N(0, 1). What is the ELBO's KL term, KL(N(μ, σ²) ‖ N(0, 1))? Give three decimals (in nats).",
    answer: 0.443,
    tolerance: 0.002,
    explanation: "For a Gaussian against N(0, 1) the KL is ½(μ² + σ² − 1 − ln σ²) = ½(0.25 + 0.25 − 1 − ln 0.25) = ½(−0.5 + 1.3863) ≈ 0.443 nats.",
  },
  {
    id: "reparam",
    kind: "choice",
    prompt: "What does the reparameterisation z = μ_φ(x) + σ_φ(x) ⊙ ε, ε ∼ N(0, I), achieve?",
    choices: [
      "It makes the sample a differentiable function of φ, so gradients can backpropagate through it",
      "It makes q_φ(z | x) equal to the true posterior",
      "It removes the KL term from the ELBO",
      "It lets the decoder be skipped during training",
    ],
    answer: 0,
    explanation:
      "The randomness moves into ε, which does not depend on φ; z is then a deterministic, differentiable function of μ and σ, and ∇_φ E[log p(x | z)] = E_ε[∇_φ log p(x | z)] can be estimated with one sample.",
  },
  {
    id: "variational-em",
    kind: "choice",
    prompt: "In variational EM on F(θ, φ), what does the E-step do?",
    choices: [
      "Maximises F over θ with φ fixed",
      "Computes log p(x) exactly",
      "Samples new training data from the decoder",
      "Maximises F over φ with θ fixed, moving q_φ(z | x) towards the posterior",
    ],
    answer: 3,
    explanation:
      "E-step: φ_{k+1} = argmax_φ F(θ_k, φ), which tightens the bound; M-step: θ_{k+1} = argmax_θ F(θ, φ_{k+1}). A VAE replaces both with joint stochastic gradient steps.",
  },
];
