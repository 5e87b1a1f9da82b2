import type { QuizQuestion } from "../quiz";

export const learningParadigmsQuiz: QuizQuestion[] = [
  {
    id: "which-paradigm-clustering",
    kind: "choice",
    prompt: "A shop has 50 000 purchase records and no labels, and wants to find groups of customers who buy alike. Which paradigm is this?",
    choices: ["Supervised learning", "Unsupervised learning", "Reinforcement learning", "None — it cannot be learned without labels"],
    answer: 1,
    explanation: "The data are inputs only, S = {x_k}, and the task is pattern discovery (clustering): unsupervised learning.",
  },
  {
    id: "which-paradigm-rl",
    kind: "choice",
    prompt: "A program learns to play a board game. It is told only whether it won or lost at the end of each game. Which paradigm is this?",
    choices: ["Supervised learning", "Unsupervised learning", "Reinforcement learning", "Density estimation"],
    answer: 2,
    explanation:
      "The agent chooses actions and receives a (delayed) scalar reward, never the correct move: reinforcement learning. It must also solve credit assignment.",
  },
  {
    id: "density-estimation",
    kind: "choice",
    prompt: "Estimating the probability distribution p(x) that produced an unlabelled data set is…",
    choices: ["a supervised regression task", "an unsupervised task — generative modelling", "a reinforcement-learning task", "impossible without labels"],
    answer: 1,
    explanation: "Density estimation needs only the inputs {x_k}; it is the unsupervised task that generative modelling is about.",
  },
  {
    id: "discounted-return",
    kind: "numeric",
    prompt: "An agent receives rewards r₁ = 1, r₂ = 0, r₃ = 2 and nothing afterwards. With discount γ = 0.9, what is the return G₀ = r₁ + γ r₂ + γ² r₃?",
    answer: 2.62,
    tolerance: 0.005,
    explanation: "G₀ = 1 + 0.9 · 0 + 0.81 · 2 = 1 + 1.62 = 2.62.",
  },
];
