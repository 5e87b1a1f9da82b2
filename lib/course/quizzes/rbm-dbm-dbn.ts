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
      "The empirical distribution of the training data",
      "The unnormalised p̃(x′; θ), used directly as weights",
      "A uniform distribution over all states x′",
      "The model's own distribution p(x′; θ)",
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
    prompt: "Which statement about deep Boltzmann machines (DBMs) and deep belief networks (DBNs) is correct?",
    choices: [
      "A DBN is undirected throughout; a DBM has an undirected top pair of layers and directed layers below",
      "Both have an undirected top pair of layers and directed layers below; they differ only in how they are trained",
      "A DBM is undirected throughout; a DBN has an undirected top pair of layers and directed layers below",
      "Both are undirected throughout; a DBN simply has no connections between its two top layers",
    ],
    answer: 2,
    explanation:
      "A DBN is a hybrid: an RBM at the top, sigmoid belief-net layers pointing down to the data. A DBM keeps every connection undirected, so it is one Boltzmann distribution whose posterior over the hidden layers does not factorise and is approximated by mean field.",
  },
  {
    id: "dbm-mean-field",
    kind: "numeric",
    prompt:
      "In a two-layer DBM, a unit j of the first hidden layer has bias −0.5, weights (2, −1, 1) from the visible vector v = (1, 1, 0), and weights (1.5, −2) to two units of the second hidden layer whose current mean-field values are (0.6, 0.5). What is its updated mean-field value μ¹_j? Give three decimals.",
    answer: 0.599,
    tolerance: 0.001,
    explanation:
      "μ¹_j ← σ(a¹_j + Σᵢ W¹ᵢⱼ vᵢ + Σₘ W²ⱼₘ μ²ₘ) = σ(−0.5 + (2 − 1 + 0) + (1.5 · 0.6 − 2 · 0.5)) = σ(−0.5 + 1 − 0.1) = σ(0.4) ≈ 0.599. A middle unit hears the data below and the layer above; dropping the top-down term would give σ(0.5) ≈ 0.622.",
  },
  {
    id: "dbm-posterior",
    kind: "choice",
    prompt: "In an RBM, p(h | v) factorises over the hidden units. Why does p(h¹ | v) not factorise in a two-layer DBM?",
    choices: [
      "Because the units of h¹ are connected to each other within their layer",
      "Because the connections between v and h¹ are directed, as in a belief network",
      "Because h¹ is also connected to the unobserved h², and summing h² out couples the units of h¹",
      "Because the partition function Z of a DBM depends on the visible vector v",
    ],
    answer: 2,
    explanation:
      "A DBM has no connections within a layer, and all its connections are undirected. Given v and h², the units of h¹ are independent; but h² is not observed, and p(h¹ | v) = Σ_h² p(h¹, h² | v) couples them, just as summing out hidden units couples visible ones. Z is a constant, summed over all states.",
  },
  {
    id: "dbn-top-layers",
    kind: "choice",
    prompt: "A deep belief network has layers v, h¹, h², h³ from the bottom up. Which of its connections are undirected?",
    choices: ["Only those between h² and h³", "Only those between v and h¹", "All of them", "None of them"],
    answer: 0,
    explanation:
      "Only the top two layers of a DBN form an undirected RBM; the connections h² → h¹ and h¹ → v are directed sigmoid links. To sample, run Gibbs in the top RBM, then make one top-down pass through the directed layers.",
  },
  {
    id: "dbm-doubled-weights",
    kind: "choice",
    prompt:
      "In greedy pre-training of a two-layer DBM, the bottom RBM is trained with its bottom-up input into h¹ doubled, and the top RBM with its top-down input into h¹ doubled. Why?",
    choices: [
      "Doubling sharpens the conditionals, so that CD-1 gives an unbiased gradient for both RBMs",
      "In the DBM, h¹ hears both v and h²; each RBM heard one side only, so composing them would count evidence twice",
      "Doubling makes each RBM's partition function equal to that of the full DBM, so their likelihoods can be added",
      "It turns the bottom RBM into a directed sigmoid layer, like the lower layers of a deep belief network",
    ],
    answer: 1,
    explanation:
      "Composed, h¹ receives W¹ᵀv from below plus W²h² from above: half of each doubled input, which is the DBM conditional. Without the doubling, each RBM would learn weights that explain h¹ from one side alone, and adding the other side would count the evidence twice (Salakhutdinov & Hinton, 2009).",
  },
];
