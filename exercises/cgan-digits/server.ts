// The server part of cgan-digits: the digit evaluator's intra-class FID, conditional accuracy and FID of the 1,000 labelled digits, and its copy search.
import { conditionalSamplesScorer } from "@/lib/exercises/digit-images-scoring";

export const cganDigitsScorer = conditionalSamplesScorer();
