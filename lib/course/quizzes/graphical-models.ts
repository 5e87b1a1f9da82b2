import type { QuizQuestion } from "../quiz";

export const graphicalModelsQuiz: QuizQuestion[] = [
  {
    id: "partition-function",
    kind: "numeric",
    prompt: "An MRF over two binary variables has one potential ψ(x₁, x₂) = 2 if x₁ = x₂ and 1 otherwise. What is the partition function Z?",
    answer: 6,
    tolerance: 1e-9,
    explanation: "Z sums the potential over all four configurations: 2 + 1 + 1 + 2 = 6, so p(0,0) = p(1,1) = 1/3 and p(0,1) = p(1,0) = 1/6.",
  },
  {
    id: "directed-normaliser",
    kind: "choice",
    prompt: "Why does a directed graphical model p(x) = Π_i p(x_i | pa(x_i)) need no partition function?",
    choices: [
      "Each factor is a normalised conditional distribution, so the product over a DAG is normalised automatically",
      "Because its potentials are all equal to one",
      "Because directed graphs have no cliques",
      "It does need one; it is just usually ignored",
    ],
    answer: 0,
    explanation:
      "Summing out the variables from the leaves upward, each conditional sums to one, so the whole product does too. MRF potentials are arbitrary positive functions, hence the Z.",
  },
  {
    id: "maximal-cliques",
    kind: "numeric",
    prompt: "An undirected graph has nodes A, B, C, D and edges A–B, B–C, A–C, C–D. How many maximal cliques does it have?",
    answer: 2,
    tolerance: 1e-9,
    explanation: "{A, B, C} is a triangle and cannot be extended (D is not linked to A or B); {C, D} is the other maximal clique.",
  },
  {
    id: "markov-blanket",
    kind: "choice",
    prompt: "In a Markov random field, which set of variables makes a node conditionally independent of all other variables?",
    choices: ["Its neighbours in the graph", "All nodes in the same maximal clique only", "Its parents", "The whole graph except the node"],
    answer: 0,
    explanation:
      "Every path out of the node passes through a neighbour, so by graph separation the neighbours form its Markov blanket. This is why Gibbs updates in an MRF only look at neighbours.",
  },
  {
    id: "z-terms",
    kind: "numeric",
    prompt: "Computing Z for an MRF over n = 20 binary variables by brute force: how many configurations must be summed?",
    answer: 1048576,
    tolerance: 0.5,
    explanation: "2^20 = 1,048,576. The count doubles with each variable, which is why Z is intractable for realistic models.",
  },
];
