import type { QuizQuestion } from "../quiz";

export const adversarialExamplesQuiz: QuizQuestion[] = [
  {
    id: "fgsm-step",
    kind: "numeric",
    prompt: "FGSM with ε = 0.1 on x = (0.2, 0.5, 0.9) where the loss gradient is ∇ₓL = (0.3, −2, 0). What is the second component of x′ = x + ε·sign(∇ₓL)?",
    answer: 0.4,
    tolerance: 1e-6,
    explanation:
      "sign(∇ₓL) = (1, −1, 0), so x′ = (0.3, 0.4, 0.9). Only the sign of each gradient component matters; the large magnitude −2 moves x₂ no further than ε.",
  },
  {
    id: "linf-optimal",
    kind: "choice",
    prompt: "Why does FGSM use the sign of the gradient rather than the gradient itself?",
    choices: [
      "It keeps the perturbation inside an L2 ball",
      "ε·sign(g) maximises the linearised loss increase δᵀg over the L∞ ball ‖δ‖∞ ≤ ε",
      "The sign is cheaper to backpropagate than the gradient",
      "It guarantees the attack succeeds",
    ],
    answer: 1,
    explanation:
      "Each component may move by at most ε, and δᵀg = Σ δᵢgᵢ is largest when every δᵢ = ε·sign(gᵢ), giving ε‖g‖₁. Under an L2 budget the best step would be along g/‖g‖₂ instead.",
  },
  {
    id: "linear-accumulation",
    kind: "numeric",
    prompt:
      "A linear classifier's score is wᵀx with 1,000 input dimensions, every |wᵢ| = 0.1. By how much does the perturbation δ = ε·sign(w) with ε = 0.01 change the score?",
    answer: 1,
    tolerance: 1e-6,
    explanation: "wᵀδ = ε‖w‖₁ = 0.01 × (1,000 × 0.1) = 1. Tiny per-component changes add up linearly with the dimension.",
  },
  {
    id: "threat-model",
    kind: "choice",
    prompt: "An attacker can only send images to a deployed API and read the predicted labels; they want any wrong label. Which threat model is this?",
    choices: ["Data poisoning", "Membership inference", "Black-box, untargeted evasion", "White-box, targeted evasion"],
    answer: 2,
    explanation:
      "No access to weights or gradients makes it black-box; 'any wrong label' is untargeted; changing inputs at test time is evasion. Such attacks often use a substitute model, relying on transferability.",
  },
  {
    id: "pgd-vs-fgsm",
    kind: "choice",
    prompt: "How does projected gradient descent (PGD) strengthen the FGSM attack under an L∞ budget ε?",
    choices: [
      "It adds random noise instead of following the gradient",
      "It takes several small signed-gradient steps, projecting back into the ε-ball after each",
      "It enlarges ε until the label changes",
      "It retrains the model on the adversarial examples",
    ],
    answer: 1,
    explanation:
      "FGSM trusts a single linearisation of the loss. PGD repeats small steps x ← clip_{x₀,ε}(x + α·sign(∇ₓL)), following the curved loss surface while staying within ‖x − x₀‖∞ ≤ ε. Retraining on such examples is adversarial training, a defence.",
  },
];
