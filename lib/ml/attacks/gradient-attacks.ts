/**
 * Adversarial examples against the digit evaluator (digit-cnn.ts), within an L∞ ball:
 * - FGSM (Goodfellow, Shlens & Szegedy 2015, eq. 3): x' = clip(x + ε · sign(∇ₓ L(x, y)), 0, 1).
 * - PGD (Madry et al. 2018, eq. 2): repeat x ← Π_{‖x' − x₀‖∞ ≤ ε, [0,1]}(x + α · sign(∇ₓ L(x, y))).
 * L is the cross-entropy of the true label: pushing it up pushes the prediction away from y.
 */
import * as tf from "@tensorflow/tfjs";
import { DIGIT_CLASSES, DIGIT_PIXELS } from "../datasets/digits";
import { evaluatorForward, evaluatorTensors, type EvaluatorWeights } from "../evaluator/digit-cnn";
import type { SteppedTrainer } from "../train/loop";

export interface AttackOptions {
  method: "fgsm" | "pgd";
  /** L∞ budget on the 0–1 grey scale. */
  epsilon: number;
  /** PGD only: iterations and step size α. */
  steps: number;
  stepSize: number;
  /** attackDigits only: called after each iteration (for a progress bar). */
  onStep?: (done: number, total: number) => void | Promise<void>;
}

/** ∇ₓ of the summed cross-entropy of the true labels, and the current predictions. */
function signedGradient(weights: EvaluatorWeights<tf.Tensor>, x: tf.Tensor2D, labels: tf.Tensor2D): tf.Tensor2D {
  const loss = (input: tf.Tensor) =>
    tf.losses.softmaxCrossEntropy(labels, evaluatorForward(weights, input).logits, undefined, 0, tf.Reduction.SUM) as tf.Scalar;
  return tf.sign(tf.grad(loss)(x)) as tf.Tensor2D;
}

export type GradientAttackLosses = {
  /** Share of the images the evaluator now assigns to a class other than their label. */
  fooled: number;
  /** Mean |x' − x| per pixel on the 0–1 scale. */
  meanChange: number;
};

/** What exportState returns: the perturbed images after `iteration` steps (the attack has no random state). */
export interface GradientAttackState {
  iteration: number;
  perturbed: Float32Array;
}

/** The attack's images as grey levels, what the evaluator reads there, and the losses: one read-back per iteration. */
interface Verdict extends GradientAttackLosses {
  levels: Uint8Array;
  predicted: Int32Array;
}

/**
 * FGSM or PGD as a SteppedTrainer: one step is one signed-gradient step, projected into the ε-ball and
 * [0, 1]. FGSM is a single step of size ε (totalIterations 1); PGD takes options.steps steps of size α.
 * The losses are those of the images quantised to grey levels within the budget (quantizeWithinBudget), as a submission sends them.
 */
export class GradientAttack implements SteppedTrainer<GradientAttackLosses> {
  readonly totalIterations: number;
  readonly count: number;
  /** The images' grey levels (images are expected to be levels / 255, as digitsToFloat makes them). */
  readonly originalLevels: Uint8Array;
  readonly maxLevels: number;
  private readonly weights: EvaluatorWeights<tf.Tensor>;
  private readonly ownsWeights: boolean;
  private readonly alpha: number;
  private readonly original: Float32Array;
  private readonly oneHot: tf.Tensor2D;
  private readonly lower: tf.Tensor2D;
  private readonly upper: tf.Tensor2D;
  private x: tf.Tensor2D;
  private steps = 0;
  private verdict: { iteration: number; value: Promise<Verdict> } | null = null;
  private disposed = false;

  /**
   * `weights` as arrays (the attack makes its tensors and frees them) or as tensors (borrowed: the caller frees
   * them); `images` n × 784 floats in [0, 1].
   */
  constructor(
    weights: EvaluatorWeights<tf.Tensor> | EvaluatorWeights<Float32Array>,
    images: Float32Array,
    readonly labels: ArrayLike<number>,
    readonly options: Omit<AttackOptions, "onStep">,
  ) {
    const { method, epsilon, stepSize } = options;
    if (method !== "fgsm" && method !== "pgd") throw new Error(`unknown attack method ${String(method)}`);
    if (!(epsilon >= 0 && epsilon <= 1) || (method === "pgd" && !(stepSize >= 0))) throw new RangeError("ε must lie in [0, 1] and the step size be ≥ 0");
    this.count = labels.length;
    if (images.length !== this.count * DIGIT_PIXELS) throw new RangeError(`${images.length} pixels are not ${this.count} images of ${DIGIT_PIXELS}`);
    this.ownsWeights = weights.conv1Kernel instanceof Float32Array;
    this.weights = this.ownsWeights ? evaluatorTensors(weights as EvaluatorWeights<Float32Array>) : (weights as EvaluatorWeights<tf.Tensor>);
    // The attack is its settings: PGD's step count is part of them (a submission states it), so it ends there.
    this.totalIterations = method === "fgsm" ? 1 : options.steps;
    this.alpha = method === "fgsm" ? epsilon : stepSize;
    this.original = images.slice();
    this.originalLevels = Uint8Array.from(images, (v) => Math.round(v * 255));
    this.maxLevels = Math.floor(epsilon * 255 + 1e-9);
    [this.oneHot, this.lower, this.upper, this.x] = tf.tidy(() => {
      const original = tf.tensor2d(images, [this.count, DIGIT_PIXELS]);
      return [
        tf.oneHot(tf.tensor1d(Array.from(labels), "int32"), DIGIT_CLASSES) as tf.Tensor2D,
        tf.maximum(tf.sub(original, epsilon), 0) as tf.Tensor2D,
        tf.minimum(tf.add(original, epsilon), 1) as tf.Tensor2D,
        original,
      ];
    });
  }

  /** Attack steps taken. */
  get iteration(): number {
    return this.steps;
  }

  /** Runs n more steps (none past FGSM's one). Queues device work only. */
  step(n = 1): void {
    const last = Math.min(this.steps + n, this.totalIterations);
    while (this.steps < last) {
      const x = this.x;
      this.x = tf.tidy(
        () => tf.minimum(tf.maximum(tf.add(x, tf.mul(signedGradient(this.weights, x, this.oneHot), this.alpha)), this.lower), this.upper) as tf.Tensor2D,
      );
      x.dispose();
      this.steps++;
    }
  }

  /** The perturbed images as floats in [0, 1], each pixel within ε of the original. */
  async perturbed(): Promise<Float32Array> {
    return (await this.x.data()) as Float32Array;
  }

  /** The perturbed images as grey levels within the budget, what the evaluator reads there, and the losses (cached per iteration). */
  result(): Promise<Verdict> {
    if (this.verdict?.iteration !== this.steps) this.verdict = { iteration: this.steps, value: this.judge() };
    return this.verdict.value;
  }

  private async judge(): Promise<Verdict> {
    const levels = quantizeWithinBudget(await this.perturbed(), this.originalLevels, this.maxLevels);
    const logits = tf.tidy(() => evaluatorForward(this.weights, tf.div(tf.tensor2d(levels, [this.count, DIGIT_PIXELS], "float32"), 255)).logits.argMax(1));
    const predicted = (await logits.data()) as Int32Array;
    logits.dispose();
    let fooled = 0;
    for (let i = 0; i < this.count; i++) if (predicted[i] !== this.labels[i]) fooled++;
    let change = 0;
    for (let i = 0; i < levels.length; i++) change += Math.abs(levels[i] - this.originalLevels[i]) / 255;
    return { levels, predicted, fooled: fooled / this.count, meanChange: change / levels.length };
  }

  async losses(): Promise<GradientAttackLosses> {
    const { fooled, meanChange } = await this.result();
    return { fooled, meanChange };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    tf.dispose([this.oneHot, this.lower, this.upper, this.x]);
    if (this.ownsWeights) tf.dispose(Object.values(this.weights));
  }

  async exportState(): Promise<GradientAttackState> {
    return { iteration: this.steps, perturbed: (await this.perturbed()).slice() };
  }

  importState(state: unknown): void {
    const s = state as Partial<GradientAttackState> | null;
    if (!s || typeof s !== "object") throw new Error("the saved attack is not an object");
    const end = this.totalIterations;
    if (!Number.isSafeInteger(s.iteration) || s.iteration! < 0 || s.iteration! > end)
      throw new Error(`the saved step count is not a whole number from 0 to ${end}`);
    const p = s.perturbed;
    if (!(p instanceof Float32Array) || p.length !== this.original.length) throw new Error(`the saved images are not ${this.count} × ${DIGIT_PIXELS} floats`);
    // Float32 bounds: allow the rounding of x ± ε.
    const slack = 1e-6;
    for (let i = 0; i < p.length; i++) {
      if (!(p[i] >= 0 && p[i] <= 1 && Math.abs(p[i] - this.original[i]) <= this.options.epsilon + slack)) {
        throw new Error(
          `the saved image ${Math.floor(i / DIGIT_PIXELS) + 1} leaves [0, 1] or the ε = ${this.options.epsilon} ball at pixel ${(i % DIGIT_PIXELS) + 1}`,
        );
      }
    }
    this.x.dispose();
    this.x = tf.tensor2d(p, [this.count, DIGIT_PIXELS]);
    this.steps = s.iteration!;
    this.verdict = null;
  }
}

/**
 * Perturbs n images (n × 784 floats in [0, 1]) to raise the evaluator's loss on their labels: `steps`
 * GradientAttack steps (FGSM: one). Returns the perturbed images as floats in [0, 1], each pixel within ε of the original.
 */
export async function attackDigits(
  weights: EvaluatorWeights<tf.Tensor>,
  images: Float32Array,
  labels: ArrayLike<number>,
  options: AttackOptions,
): Promise<Float32Array> {
  const attack = new GradientAttack(weights, images, labels, options);
  try {
    const steps = attack.totalIterations ?? options.steps;
    while (attack.iteration < steps) {
      attack.step(1);
      await options.onStep?.(attack.iteration, steps);
    }
    return await attack.perturbed();
  } finally {
    attack.dispose();
  }
}

/**
 * Grey levels of perturbed images that keep every pixel within `maxLevels` of the original
 * levels: rounding to 0–255 could otherwise step half a level past the budget.
 */
export function quantizeWithinBudget(perturbed: Float32Array, original: Uint8Array, maxLevels: number): Uint8Array {
  const out = new Uint8Array(original.length);
  for (let i = 0; i < original.length; i++) {
    const level = Math.round(perturbed[i] * 255);
    out[i] = Math.min(255, Math.max(0, original[i] - maxLevels, Math.min(original[i] + maxLevels, level)));
  }
  return out;
}
