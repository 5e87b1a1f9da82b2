// The server part of gan-digits: the digit evaluator's FID and classifier score of the 1,000 submitted digits, and its copy search.
import { imageSamplesScorer } from "@/lib/exercises/digit-images-scoring";

export const ganDigitsScorer = imageSamplesScorer();
