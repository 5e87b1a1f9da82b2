/**
 * The training loop every in-browser trainer shares (TensorFlow.js models and the plain-JavaScript
 * samplers and fits alike): trainers implement SteppedTrainer, and runFrames() drives them a frame
 * at a time so the page stays responsive. No TensorFlow.js here: a page loads it only when it trains a network.
 */
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
  /**
   * The whole training state (weights, optimiser moments, step count, random state) as structured-
   * clonable data: a page saves it so a reload resumes the run, the pool checkpoints with it.
   */
  exportState?(): Promise<unknown>;
  /** Restores exportState's output (validating it: it comes back from storage); the iteration with it. */
  importState?(state: unknown): void;
  /**
   * Where the computation ends by itself, if it does (a chain of fixed length, a finite list of draws to
   * check, FGSM's single step): step() does nothing there, so runFrames stops there whatever its
   * maxIterations. Trainers that can always take another step leave it out.
   */
  readonly totalIterations?: number;
}

/** Resolves after the page has had a chance to draw (the next animation frame; in Node, after pending I/O). */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => (typeof requestAnimationFrame === "function" ? requestAnimationFrame(() => resolve()) : setImmediate(resolve)));
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
 * Trains until aborted, `maxIterations` or the trainer's own `totalIterations`: each frame runs as
 * many whole steps as fit in `frameBudgetMs` (at least one; another starts when it is predicted to end
 * less than half a step past the budget), reads the losses back once, calls onFrame, then yields (nextFrame).
 */
export async function runFrames<TLosses extends Record<string, number>>(
  trainer: SteppedTrainer<TLosses>,
  options: RunFramesOptions<TLosses> = {},
): Promise<void> {
  const { signal, maxIterations = Infinity, frameBudgetMs = DEFAULT_FRAME_BUDGET_MS, onFrame } = options;
  let stepMs = 0;
  let lastTime = performance.now();
  let lastIteration = trainer.iteration;
  const stopAt = () => Math.min(maxIterations, trainer.totalIterations ?? Infinity);
  while (!signal?.aborted && trainer.iteration < stopAt()) {
    const frameStart = performance.now();
    for (;;) {
      const t = performance.now();
      trainer.step(1);
      const end = performance.now();
      stepMs = stepMs === 0 ? end - t : 0.8 * stepMs + 0.2 * (end - t);
      if (trainer.iteration >= stopAt()) break;
      if (end - frameStart + stepMs / 2 > frameBudgetMs) break;
    }
    const losses = await trainer.losses(); // the frame's only read-back
    if (signal?.aborted) break; // stopped during the read-back: the caller may already have moved on
    const now = performance.now();
    const itsPerSec = ((trainer.iteration - lastIteration) * 1000) / Math.max(now - lastTime, 1e-3);
    lastTime = now;
    lastIteration = trainer.iteration;
    await onFrame?.({ iteration: trainer.iteration, losses, itsPerSec });
    await nextFrame(); // let the page draw
  }
}

/** Seeded uniform(−limit, limit) values in plain JS, identical on every backend. */
export function uniformInit(size: number, limit: number, rng: () => number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (2 * rng() - 1) * limit;
  return out;
}
