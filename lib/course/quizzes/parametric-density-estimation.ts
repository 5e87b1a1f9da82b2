import type { QuizQuestion } from "../quiz";

export const parametricDensityEstimationQuiz: QuizQuestion[] = [
  {
    id: "why-log-likelihood",
    kind: "choice",
    prompt: "Why do we maximise the log-likelihood ln L(θ) = Σ_k ln p_θ(x_k) rather than the likelihood L(θ) = Π_k p_θ(x_k) itself?",
    choices: [
      "Products of many small numbers underflow to 0 in floating point, sums are easier to differentiate, and because ln is monotone the maximiser is the same",
      "The log-likelihood has a different, better maximiser than the likelihood",
      "The likelihood cannot be computed for independent data",
      "Taking the log turns the likelihood into a probability density over θ",
    ],
    answer: 0,
    explanation:
      "ln is strictly increasing, so argmax is unchanged; the sum avoids underflow (1000 factors of 0.01 give 10^−2000, stored as 0) and splits the gradient into one term per data point.",
  },
  {
    id: "likelihood-meaning",
    kind: "choice",
    prompt: "For i.i.d. data, what is L(θ) = Π_k p_θ(x_k)?",
    choices: [
      "The likelihood of the data set: a function of θ with the data held fixed",
      "The model's density of a new point x",
      "A probability distribution over θ that integrates to one",
      "The probability that θ is the true parameter",
    ],
    answer: 0,
    explanation: "L(θ) scores parameters by how probable they make the observed data. It is neither a density of x nor a normalised distribution over θ.",
  },
  {
    id: "mle-mean",
    kind: "numeric",
    prompt: "Fit a 1-D Gaussian by maximum likelihood to the data {2, 4, 9}. What is the MLE of the mean?",
    answer: 5,
    tolerance: 0.001,
    explanation: "μ̂ is the sample mean: (2 + 4 + 9)/3 = 5.",
  },
  {
    id: "mle-variance",
    kind: "numeric",
    prompt: "Same data {2, 4, 9}. What is the maximum-likelihood estimate of the variance σ²? (A fraction, or 2 decimals.)",
    answer: 26 / 3,
    tolerance: 0.01,
    explanation: "σ̂² = (1/N) Σ (x_k − μ̂)² = ((−3)² + (−1)² + 4²)/3 = 26/3 ≈ 8.67. (Dividing by N − 1 = 2 would give the unbiased 13.)",
  },
  {
    id: "bernoulli-mle",
    kind: "numeric",
    prompt: "A coin lands heads 7 times in 10 independent flips. What is the maximum-likelihood estimate of P(heads)?",
    answer: 0.7,
    tolerance: 0.001,
    explanation: "LL(θ) = 7 ln θ + 3 ln(1 − θ); setting 7/θ − 3/(1 − θ) = 0 gives θ = 0.7, the fraction of heads.",
  },
];
