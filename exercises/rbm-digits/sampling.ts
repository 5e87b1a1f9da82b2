/**
 * How the rbm-digits page draws its 1,000 submitted digits, shared by its submit button (Trainer.tsx)
 * and bench/default-runs.ts, so the bench scores exactly what the page submits. Browser-safe, no
 * TensorFlow.js: the Gibbs chains themselves are RbmTrainer.sampleGibbs (lib/ml/models/rbm.ts).
 */
import { IMAGE_SUBMISSION_COUNT } from "@/lib/exercises/digit-images";
import { DIGIT_PIXELS } from "@/lib/ml/datasets/digits";

export const RBM_SUBMISSION = {
  /** Chunk c's chains use seed + c. */
  seed: 12345,
  /** Chains sampled at once, the page yielding in between. */
  chunk: 50,
  /** The default number of Gibbs steps per submitted digit. */
  gibbsSteps: 200,
} as const;

/**
 * IMAGE_SUBMISSION_COUNT × 784 pixel probabilities, RBM_SUBMISSION.chunk chains at a time:
 * `draw(n, seed)` runs n chains (the trainer's sampleGibbs at the chosen number of steps);
 * `progress(done)` is awaited before each chunk.
 */
export async function sampleRbmSubmission(
  draw: (n: number, seed: number) => Promise<Float32Array>,
  progress?: (done: number) => Promise<void> | void,
): Promise<Float32Array> {
  const samples = new Float32Array(IMAGE_SUBMISSION_COUNT * DIGIT_PIXELS);
  for (let done = 0, chunk = 0; done < IMAGE_SUBMISSION_COUNT; done += RBM_SUBMISSION.chunk, chunk++) {
    await progress?.(done);
    const n = Math.min(RBM_SUBMISSION.chunk, IMAGE_SUBMISSION_COUNT - done);
    samples.set(await draw(n, RBM_SUBMISSION.seed + chunk), done * DIGIT_PIXELS);
  }
  return samples;
}
