import type { QuizQuestion } from "../quiz";

export const discriminativeVsGenerativeQuiz: QuizQuestion[] = [
  {
    id: "which-distribution",
    kind: "choice",
    prompt: "Which statement about the distributions the two model families learn is correct?",
    choices: [
      "Generative models learn P(y|x) directly; discriminative models learn P(x, y) and use Bayes' rule",
      "Both learn P(x, y); they differ only in the optimiser",
      "Discriminative models learn P(y|x) directly; generative models learn P(x, y) = P(x|y)P(y) and get P(y|x) by Bayes' rule",
      "Discriminative models learn P(x); generative models learn P(y)",
    ],
    answer: 2,
    explanation:
      "A discriminative model (e.g. logistic regression) parameterises P(y|x) and never models the inputs. A generative model (e.g. naive Bayes, LDA) models P(x|y) and P(y), hence the joint, and obtains P(y|x) = P(x|y)P(y)/P(x). The lecture slide has the two swapped.",
  },
  {
    id: "classify-models",
    kind: "choice",
    prompt: "Which of these is a generative classifier?",
    choices: ["Logistic regression", "A multilayer perceptron trained with cross-entropy", "Gaussian naive Bayes", "A decision tree"],
    answer: 2,
    explanation:
      "Gaussian naive Bayes models P(y) and per-feature Gaussians P(x_j|y), i.e. the joint P(x, y). The other three model P(y|x) (or the decision rule) directly.",
  },
  {
    id: "bayes-posterior",
    kind: "numeric",
    prompt: "A generative classifier has P(y=1) = 0.3, p(x|y=1) = 0.6 and p(x|y=0) = 0.2 at some input x. What is P(y=1|x)?",
    answer: 0.5625,
    tolerance: 0.001,
    explanation: "P(y=1|x) = 0.6·0.3 / (0.6·0.3 + 0.2·0.7) = 0.18 / 0.32 = 0.5625.",
  },
  {
    id: "lda-posterior",
    kind: "numeric",
    prompt: "One-dimensional LDA: class 0 is N(0, 1), class 1 is N(2, 1), equal priors. What is the posterior P(y=1 | x = 1.5)? (3 decimals)",
    answer: 0.731,
    tolerance: 0.002,
    explanation:
      "With equal priors the log-odds are ln[N(1.5 | 2, 1) / N(1.5 | 0, 1)] = (1.5² − 0.5²)/2 = 1, so P(y=1|x) = σ(1) = 1/(1 + e⁻¹) ≈ 0.731 (the normalising constants cancel because the variances are equal).",
  },
  {
    id: "shared-covariance",
    kind: "choice",
    prompt: "Gaussian class-conditionals with a shared covariance matrix give a posterior P(y=1|x) of which form?",
    choices: [
      "A quadratic function of x inside σ",
      "σ(wᵀx + w₀): the same form as logistic regression",
      "A step function",
      "It cannot be written in closed form",
    ],
    answer: 1,
    explanation:
      "With a shared Σ the quadratic terms xᵀΣ⁻¹x cancel in the log-odds, leaving w = Σ⁻¹(μ₁ − μ₀) and a bias: a linear log-odds, as in logistic regression. Separate covariances give QDA, a quadratic boundary.",
  },
];
