import type { QuizQuestion } from "../quiz";

export const nonParametricDensityEstimationQuiz: QuizQuestion[] = [
  {
    id: "knn-not-density",
    kind: "choice",
    prompt: "How does KNN fail to give a density? (p(x) = K / (N V(x)), V(x) the volume of the smallest sphere around x holding K samples.)",
    choices: [
      "It does not integrate to one: far from the data V(x) grows only like |x| (in 1-D), so p(x) ~ K/(2N|x|) and its integral diverges; its derivative is also discontinuous",
      "It can take negative values between the data points",
      "It integrates to exactly K instead of one, so dividing by K fixes it",
      "It is zero everywhere except at the training points",
    ],
    answer: 0,
    explanation:
      "The 1/|x| tail has an infinite integral, so the total mass is infinite and no normalising constant exists. The estimate is also not smooth: its derivative jumps wherever the K-th neighbour changes.",
  },
  {
    id: "histogram-value",
    kind: "numeric",
    prompt: "A histogram of N = 200 samples has bins of width 0.5. The bin containing x holds 30 samples. What is the estimated density p(x)?",
    answer: 0.3,
    tolerance: 0.001,
    explanation: "p(x) = K / (N V) = 30 / (200 · 0.5) = 0.3.",
  },
  {
    id: "knn-value",
    kind: "numeric",
    prompt: "1-D KNN density estimate with N = 100 samples and K = 5. The 5th nearest sample to x is at distance 0.25. What is p(x)?",
    answer: 0.1,
    tolerance: 0.001,
    explanation: "The interval [x − 0.25, x + 0.25] has volume V = 0.5, so p(x) = 5 / (100 · 0.5) = 0.1.",
  },
  {
    id: "bandwidth-small",
    kind: "choice",
    prompt: "What happens to a Gaussian kernel density estimate when the bandwidth h is made very small?",
    choices: [
      "It becomes a set of narrow spikes on the training points: it overfits",
      "It approaches a single Gaussian fitted by maximum likelihood",
      "It stops integrating to one",
      "It becomes a uniform distribution",
    ],
    answer: 0,
    explanation:
      "Each sample contributes a Gaussian of width h; as h → 0 these become spikes. The estimate still integrates to one but generalises badly. Large h oversmooths instead.",
  },
  {
    id: "histogram-sorting",
    kind: "choice",
    prompt: "How are the bins of a 1-D histogram density estimate defined?",
    choices: [
      "As intervals of the value axis; each sample is counted in the interval that contains it",
      "By sorting the data in descending order and cutting the sorted list into groups",
      "By placing one bin around each data point",
      "By choosing the bins so that each contains the same number of samples",
    ],
    answer: 0,
    explanation:
      "Bins partition the value axis into intervals of width h, and each sample is simply counted in the bin that contains it: no sorting is needed. Then p(x) = K/(N h) for the bin containing x. Bins holding equal numbers of samples would be a different estimator, with bins of unequal widths.",
  },
];
