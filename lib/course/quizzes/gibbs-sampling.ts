import type { QuizQuestion } from "../quiz";

export const gibbsSamplingQuiz: QuizQuestion[] = [
  {
    id: "conditional-mean",
    kind: "numeric",
    prompt:
      "(x, y) is a 2-D Gaussian with zero means, unit variances and correlation ρ = 0.8. The Gibbs sampler currently has y = 1.5. What is the mean of the distribution it draws the new x from?",
    answer: 1.2,
    tolerance: 0.001,
    explanation: "For zero means and unit variances, E[x | y] = ρy: the regression of x on y. So the mean is 0.8 · 1.5 = 1.2.",
  },
  {
    id: "conditional-variance",
    kind: "numeric",
    prompt: "Same Gaussian with ρ = 0.8. What is the variance of x given y?",
    answer: 0.36,
    tolerance: 0.001,
    explanation: "Var(x | y) = 1 − ρ² = 1 − 0.64 = 0.36, whatever the value of y.",
  },
  {
    id: "acceptance",
    kind: "numeric",
    prompt: "Viewed as a Metropolis–Hastings step whose proposal is the full conditional p(x_i | x_−i), what is the acceptance probability of a Gibbs update?",
    answer: 1,
    tolerance: 1e-9,
    explanation: "The proposal and target terms cancel exactly in the MH ratio, which equals 1: every Gibbs update is accepted.",
  },
  {
    id: "autocorrelation",
    kind: "numeric",
    prompt:
      "For the 2-D Gaussian with correlation ρ = 0.9, what is the lag-one autocorrelation (from sweep to sweep) of the x values produced by systematic-scan Gibbs sampling?",
    answer: 0.81,
    tolerance: 0.001,
    explanation: "One sweep gives x_{t+1} = ρ² x_t + noise, so the lag-one autocorrelation is ρ² = 0.81.",
  },
  {
    id: "high-correlation",
    kind: "choice",
    prompt: "Why does Gibbs sampling mix slowly on a 2-D Gaussian with ρ = 0.99?",
    choices: [
      "Its moves are axis-aligned and each has standard deviation √(1 − ρ²) ≈ 0.14, tiny compared with the long diagonal of the distribution",
      "Most of its proposals are rejected",
      "The full conditionals are no longer Gaussian",
      "It must compute the normalising constant at every step",
    ],
    answer: 0,
    explanation:
      "Gibbs never rejects, but the conditionals are very narrow across a thin diagonal ellipse, so the chain creeps along it in small staircase steps.",
  },
];
