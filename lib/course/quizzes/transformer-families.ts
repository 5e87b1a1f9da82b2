import type { QuizQuestion } from "../quiz";

export const transformerFamiliesQuiz: QuizQuestion[] = [
  {
    id: "causal-pairs",
    kind: "numeric",
    prompt: "A causal self-attention mask over n = 6 tokens allows token i to attend to tokens j ≤ i. How many (i, j) pairs are allowed?",
    answer: 21,
    tolerance: 0,
    explanation:
      "Token i attends to i positions, so the total is 1 + 2 + … + 6 = n(n + 1)/2 = 21, the lower triangle including the diagonal (a bidirectional encoder allows all 36).",
  },
  {
    id: "bert-objective",
    kind: "choice",
    prompt: "Why is BERT pre-trained with masked language modelling rather than next-token prediction?",
    choices: [
      "Next-token prediction only works with recurrent networks",
      "Its attention is bidirectional, so each token already sees the next one; the target must be hidden by masking",
      "Masked language modelling needs less data",
      "BERT has no output layer for predicting tokens",
    ],
    answer: 1,
    explanation:
      "Without a causal mask, predicting the next token would be trivial (it is in the input). Replacing ~15% of tokens and predicting them from both sides keeps the task honest while giving bidirectional context.",
  },
  {
    id: "task-translation",
    kind: "choice",
    prompt: "A team pre-trains a model specifically for summarising long reports into short abstracts. Which family is the classic fit?",
    choices: ["A contrastive image–text model (e.g. CLIP)", "An RBM", "Encoder–decoder (e.g. T5, BART)", "Encoder-only (e.g. BERT)"],
    answer: 2,
    explanation:
      "Summarisation maps a whole input to a new output of different length: the encoder reads the report bidirectionally and the decoder generates causally, attending to it through cross-attention. (A large decoder-only model can also do it when prompted.)",
  },
  {
    id: "task-classification",
    kind: "choice",
    prompt: "Which family is the natural choice for labelling the sentiment of product reviews with a small fine-tuned head?",
    choices: ["Decoder-only", "Encoder–decoder", "None: transformers cannot classify", "Encoder-only"],
    answer: 3,
    explanation:
      "Encoder-only models produce bidirectional contextual representations (e.g. the [CLS] vector) that a small classifier head can use directly; nothing has to be generated.",
  },
  {
    id: "cross-attention",
    kind: "choice",
    prompt: "In an encoder–decoder transformer's cross-attention, where do the queries, keys and values come from?",
    choices: [
      "Queries from the decoder; keys and values from the encoder output",
      "Queries from the encoder; keys and values from the decoder",
      "All three from the decoder, with a causal mask",
      "All three from the encoder, with no mask",
    ],
    answer: 0,
    explanation: "Each decoder position asks (query) which input positions are relevant, and reads their encoder representations (keys and values).",
  },
];
