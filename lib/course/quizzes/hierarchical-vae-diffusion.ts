import type { QuizQuestion } from "../quiz";

export const hierarchicalVaeDiffusionQuiz: QuizQuestion[] = [
  {
    id: "alpha-bar",
    kind: "numeric",
    prompt: "A diffusion forward process has β₁ = 0.1 and β₂ = 0.2. What is ᾱ₂?",
    answer: 0.72,
    tolerance: 1e-6,
    explanation: "ᾱ_t is the product of the αₛ = 1 − βₛ up to t: α₁ = 0.9, α₂ = 0.8, so ᾱ₂ = 0.9 × 0.8 = 0.72.",
  },
  {
    id: "reverse-mean",
    kind: "numeric",
    prompt:
      "One DDPM reverse step in 1-D: β_t = 0.1, ᾱ_t = 0.36, the current point is x_t = 2 and the network predicts ε_θ(x_t, t) = 1. What is the mean μ_θ(x_t, t) of p_θ(x_{t−1} | x_t)? Give three decimals.",
    answer: 1.9764,
    tolerance: 0.002,
    explanation:
      "μ_θ = (x_t − β_t/√(1 − ᾱ_t) · ε_θ)/√α_t = (2 − (0.1/0.8) · 1)/√0.9 = 1.875/0.9487 ≈ 1.976. A step removes only a small part of the predicted noise; DDPM then adds fresh noise σ_t z with σ_t² = β_t (except at the last step).",
  },
  {
    id: "closed-form",
    kind: "choice",
    prompt: "Which distribution is q(x_t | x₀) for the forward process q(x_t | x_{t−1}) = N(√(1 − β_t) x_{t−1}, β_t I)?",
    choices: ["N(x₀, Σ_{s≤t} β_s · I)", "N(ᾱ_t · x₀, ᾱ_t I)", "N(0, I) for every t ≥ 1", "N(√ᾱ_t · x₀, (1 − ᾱ_t) I)"],
    answer: 3,
    explanation:
      "Composing linear-Gaussian steps gives a Gaussian; the mean is scaled by Π√α_s = √ᾱ_t and the variances combine to 1 − ᾱ_t. Only for large t (ᾱ_t ≈ 0) is it close to N(0, I).",
  },
  {
    id: "network-target",
    kind: "choice",
    prompt: "In the DDPM 'simple' loss, what does the network ε_θ(x_t, t) learn to output?",
    choices: [
      "The Gaussian noise ε that was mixed into x₀ to form x_t",
      "The clean data point x₀",
      "The mean μ_θ(x_t, t) of the reverse step",
      "The probability that x_t is a real image",
    ],
    answer: 0,
    explanation:
      "L_simple = E‖ε − ε_θ(x_t, t)‖², with x_t made from x₀ and a fresh ε at a random t: a regression on the added noise. Predicting x₀ or the reverse mean directly are possible parameterisations too (the reverse mean can be computed from ε_θ), but Ho et al. found ε-prediction with this unweighted loss gave the best samples.",
  },
  {
    id: "diffusion-vs-hvae",
    kind: "choice",
    prompt: "Seen as a hierarchical VAE, what is special about a diffusion model?",
    choices: [
      "It is trained adversarially instead of with a likelihood bound",
      "Its encoder is a fixed noising process with no learnt parameters, and every latent has the data's dimension",
      "It has a single latent layer smaller than the data",
      "Its decoder is fixed and only the encoder is trained",
    ],
    answer: 1,
    explanation:
      "The T latents x₁…x_T are noisy copies of x₀ produced by a parameter-free forward process; only the reverse (decoder) network is learnt, by a reweighted ELBO.",
  },
];
