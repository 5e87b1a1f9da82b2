import type { QuizQuestion } from "../quiz";

export const hierarchicalVaeDiffusionQuiz: QuizQuestion[] = [
  {
    id: "alpha-bar",
    kind: "numeric",
    prompt: "A diffusion forward process has β₁ = 0.1 and β₂ = 0.2. What is ᾱ₂ = (1 − β₁)(1 − β₂)?",
    answer: 0.72,
    tolerance: 1e-6,
    explanation: "α₁ = 0.9, α₂ = 0.8, so ᾱ₂ = 0.72. Then q(x₂ | x₀) = N(√0.72 · x₀, 0.28 · I): about 0.849 of the signal survives.",
  },
  {
    id: "signal-coefficient",
    kind: "numeric",
    prompt: "With the same schedule (ᾱ₂ = 0.72), x₂ = a·x₀ + b·ε. What is a? Give three decimals.",
    answer: 0.849,
    tolerance: 0.001,
    explanation: "a = √ᾱ₂ = √0.72 ≈ 0.849 and b = √(1 − ᾱ₂) = √0.28 ≈ 0.529.",
  },
  {
    id: "closed-form",
    kind: "choice",
    prompt: "Which distribution is q(x_t | x₀) for the forward process q(x_t | x_{t−1}) = N(√(1 − β_t) x_{t−1}, β_t I)?",
    choices: ["N(x₀, Σ_{s≤t} β_s · I)", "N(ᾱ_t · x₀, ᾱ_t I)", "N(0, I) for every t ≥ 1", "N(√ᾱ_t · x₀, (1 − ᾱ_t) I) with ᾱ_t = Π_{s≤t} (1 − β_s)"],
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
      "The clean image x₀'s class label",
      "The variance schedule β_t",
      "The probability that x_t is a real image",
    ],
    answer: 0,
    explanation:
      "L_simple = E‖ε − ε_θ(√ᾱ_t x₀ + √(1 − ᾱ_t) ε, t)‖²: a regression on the added noise. The reverse mean is then μ_θ = (x_t − β_t/√(1 − ᾱ_t) · ε_θ)/√α_t.",
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
