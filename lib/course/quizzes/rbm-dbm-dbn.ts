import type { QuizQuestion } from "../quiz";

export const rbmDbmDbnQuiz: QuizQuestion[] = [
  {
    id: "rbm-marginal",
    kind: "choice",
    prompt: "For an RBM with energy E(v, h), which expression is the probability of a visible vector v?",
    choices: ["p(v) = (1/Z) Σ_h exp(−E(v, h))", "p(v) = (1/Z) exp(−E(v, h))", "p(v) = Σ_h exp(−E(v, h))", "p(v) = (1/Z) max_h exp(−E(v, h))"],
    answer: 0,
    explanation:
      "p(v) is the marginal of the joint p(v, h) = exp(−E(v, h))/Z: the hidden units are summed out. Without Σ_h the expression would still depend on h; without 1/Z it would not be normalised.",
  },
  {
    id: "gradient-terms",
    kind: "choice",
    prompt: "The log-likelihood gradient of an MRF p = p̃/Z is ∇ log p̃(x) − E[∇ log p̃(x′)]. Under which distribution is the second expectation taken?",
    choices: [
      "The empirical data distribution",
      "The unnormalised p̃(x′; θ)",
      "A uniform distribution over states",
      "The model distribution p(x′; θ) = p̃(x′; θ)/Z",
    ],
    answer: 3,
    explanation:
      "∇ log Z = Σ (p̃(x′)/Z) ∇ log p̃(x′): the weights p̃/Z are the model's own probabilities. This negative phase needs samples from the model, usually from an MCMC chain.",
  },
  {
    id: "rbm-conditional",
    kind: "numeric",
    prompt:
      "A binary RBM has visible v = (1, 1, 0). Hidden unit j has weights (W1j, W2j, W3j) = (1, −2, 3) and bias aj = 0.5. What is p(hj = 1 | v)? Give three decimals.",
    answer: 0.378,
    tolerance: 0.001,
    explanation: "p(hj = 1 | v) = σ(aj + Σᵢ Wᵢⱼvᵢ) = σ(0.5 + 1 − 2 + 0) = σ(−0.5) ≈ 0.378. The third weight does not count because v3 = 0.",
  },
  {
    id: "cd-start",
    kind: "choice",
    prompt: "What distinguishes contrastive divergence CD-k from exact maximum-likelihood learning of an RBM?",
    choices: [
      "It samples the hidden units one at a time instead of in a block",
      "The negative-phase Gibbs chain starts at a training example and runs only k steps",
      "It drops the positive (data) term of the gradient",
      "It computes Z exactly for small k",
    ],
    answer: 1,
    explanation:
      "CD-k approximates the model expectation with the state reached after k block-Gibbs steps from the data (k = 1 is common). It is biased but cheap; persistent CD keeps the chains running across updates instead.",
  },
  {
    id: "dbm-vs-dbn",
    kind: "choice",
    prompt: "Which statement about DBMs and DBNs is correct?",
    choices: [
      "A DBM is directed throughout; a DBN is undirected throughout",
      "In a DBM, p(h¹, h² | v) factorises over all hidden units",
      "A DBN has an undirected top RBM and directed top-down layers below; a DBM is undirected throughout",
      "Both are fully directed models trained with backpropagation only",
    ],
    answer: 2,
    explanation:
      "A DBN is a hybrid: RBM at the top, sigmoid belief-net layers pointing down to the data. A DBM keeps every connection undirected, so its posterior over hidden layers does not factorise and is approximated by mean field.",
  },
];
