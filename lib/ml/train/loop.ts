/**
 * The training loop every in-browser model shares: models implement SteppedTrainer, and
 * runFrames() drives them a frame at a time so the page stays responsive.
 */
import * as tf from "@tensorflow/tfjs";

/** Default share of a frame spent training; leaves ~4 ms of a 60 Hz frame for drawing. */
export const DEFAULT_FRAME_BUDGET_MS = 12;

/** A model being trained step by step (browser, Node tests and, later, the worker pool). */
export interface SteppedTrainer<TLosses extends Record<string, number> = Record<string, number>> {
  /** Optimisation steps done so far. */
  readonly iteration: number;
  /** Runs n steps. Queues device work only: no read-back, so it never waits for the GPU. */
  step(n?: number): void;
  /** Reads the losses of the latest step back (NaN before the first step). */
  losses(): Promise<TLosses>;
  /** Frees every tensor and variable; idempotent. */
  dispose(): void;
}

export interface FrameStats<TLosses> {
  iteration: number;
  losses: TLosses;
  /** Iterations per second since the previous frame. */
  itsPerSec: number;
}

export interface RunFramesOptions<TLosses> {
  signal?: AbortSignal;
  /** Stop once `iteration` reaches this value (absolute, not relative to the call). */
  maxIterations?: number;
  frameBudgetMs?: number;
  onFrame?: (stats: FrameStats<TLosses>) => void | Promise<void>;
}

/**
 * Trains until aborted or `maxIterations`: each frame runs as many whole steps as fit in
 * `frameBudgetMs` (at least one; another starts when it is predicted to end less than half a step
 * past the budget), reads the losses back once, calls onFrame, then yields (tf.nextFrame).
 */
export async function runFrames<TLosses extends Record<string, number>>(
  trainer: SteppedTrainer<TLosses>,
  options: RunFramesOptions<TLosses> = {},
): Promise<void> {
  const { signal, maxIterations = Infinity, frameBudgetMs = DEFAULT_FRAME_BUDGET_MS, onFrame } = options;
  let stepMs = 0;
  let lastTime = performance.now();
  let lastIteration = trainer.iteration;
  while (!signal?.aborted && trainer.iteration < maxIterations) {
    const frameStart = performance.now();
    for (;;) {
      const t = performance.now();
      trainer.step(1);
      const end = performance.now();
      stepMs = stepMs === 0 ? end - t : 0.8 * stepMs + 0.2 * (end - t);
      if (trainer.iteration >= maxIterations) break;
      if (end - frameStart + stepMs / 2 > frameBudgetMs) break;
    }
    const losses = await trainer.losses(); // the frame's only read-back
    const now = performance.now();
    const itsPerSec = ((trainer.iteration - lastIteration) * 1000) / Math.max(now - lastTime, 1e-3);
    lastTime = now;
    lastIteration = trainer.iteration;
    await onFrame?.({ iteration: trainer.iteration, losses, itsPerSec });
    await tf.nextFrame(); // let the page draw
  }
}

/** Seeded uniform(−limit, limit) values in plain JS, identical on every backend. */
export function uniformInit(size: number, limit: number, rng: () => number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (2 * rng() - 1) * limit;
  return out;
}
