import type { z } from "zod";
import type { GradingRule } from "@/lib/grading/rules";

/** How one metric is shown and which direction is better. */
export interface MetricSpec {
  key: string;
  label: string;
  better: "higher" | "lower";
  /** Digits after the decimal point when shown. */
  digits: number;
  description: string;
}

/** The training split a page may show and fit (never the held-out rows). */
export type TrainingData =
  | { kind: "points"; labels: [string, string]; points: readonly (readonly [number, number])[] }
  | { kind: "numbers"; label: string; values: number[] }
  | { kind: "symbols"; symbols: string[]; sequence: number[] };

/**
 * An exercise is data: everything a page, the server and the CLI need to know about it.
 * The scorer is pure and isomorphic (lib/ml), so the browser can estimate, and the server
 * recomputes the authoritative score.
 */
export interface ExerciseDefinition<
  TSubmission = unknown,
  TMetrics extends { [K in keyof TMetrics]: number } = Record<string, number>,
  /** Promise<TMetrics> for scorers that are async (the image exercises run the ONNX evaluator). */
  TScore extends TMetrics | Promise<TMetrics> = TMetrics,
> {
  slug: string;
  title: string;
  /** Slug of the course module this exercise belongs to. */
  moduleSlug: string;
  summary: string;
  dataset: { name: string; description: string };
  modelFamily: string;
  defaultHyperparameters: Record<string, unknown>;
  /** Validates the JSON body of a submission (API and CLI alike). */
  submissionSchema: z.ZodType<TSubmission>;
  /** The body's shape in words, for `genlab exercises` and the docs. */
  submissionShape: string;
  /** Validates the training config sent alongside; it is shown, never used for scoring. */
  configSchema: z.ZodType<unknown>;
  metrics: MetricSpec[];
  score(submission: TSubmission): TScore;
  /** Loads what scoring needs (models, reference statistics) ahead of the first submission. */
  prepare?(): Promise<void>;
  /** Server-side loader of the training split, for exercises fitted to a data set. */
  trainingData?(): TrainingData;
  /** Scores against a caller-supplied held-out set (CLI `--heldout`, for instructors' variants); throws a readable error for bad data. */
  scoreWithHeldout?(submission: TSubmission, heldoutJson: unknown): TMetrics;
  /** Metric keys, the ranked one first, then its tie-breaks; each in its own better direction (lib/exercises/ranking.ts). */
  rankedBy: readonly [keyof TMetrics & string, ...(keyof TMetrics & string)[]];
  /** The ranking in words, as the leaderboard shows it. */
  rankingRule: string;
  /** Why a submission with these metrics must rank below every honest one and earn no points (null when it need not). */
  flag?(metrics: Record<string, number>): string | null;
  /** What earns the points of an assignment item by default; instructors may edit it per item. */
  defaultGrading: GradingRule;
  /** A small, JSON-safe subsample for leaderboard thumbnails. */
  preview(submission: TSubmission): unknown;
  /**
   * Scoring takes seconds of CPU (the image exercises: 1,000 digits through the evaluator CNN, then
   * FID): the web server hands it to a pool worker when one is online (server/scoring/pool-scorer.ts).
   */
  heavyScoring?: true;
  /** Present when the worker pool can train this exercise: its step counts (configs use configSchema). */
  pool?: {
    defaultSteps: number;
    maxSteps: number;
  };
  limits: {
    samplesPerSubmission: number;
    submissionsPerDay: number;
    /** Largest accepted request body, in bytes. */
    maxBodyBytes: number;
  };
}
