/**
 * A binary restricted Boltzmann machine on 28×28 digits, trained with contrastive divergence.
 * References: Hinton 2002, "Training products of experts by minimizing contrastive divergence"
 * (CD-k); Tieleman 2008, "Training RBMs using approximations to the likelihood gradient"
 * (persistent CD); Hinton 2010, "A practical guide to training RBMs" (UTML TR 2010-003), cited
 * below as "guide §n".
 *
 * Visible v ∈ {0,1}^784 (digits binarised with binarizeDigits), hidden h ∈ {0,1}^H:
 *   E(v, h) = −bᵀv − cᵀh − vᵀWh,   p(h_j = 1 | v) = σ(c_j + vᵀW_{·j}),   p(v_i = 1 | h) = σ(b_i + W_{i·}h),
 *   free energy F(v) = −log Σ_h e^{−E(v,h)} = −bᵀv − Σ_j softplus(c_j + vᵀW_{·j}),   p(v) ∝ e^{−F(v)}.
 *
 * Shapes: B = batch, V = 784 visible units, H = hidden units; W is (V, H).
 * The config (schema, defaults) is plain data in configs/rbm.ts, which pages load without tfjs.
 */
import * as tf from "@tensorflow/tfjs";
import { rbmConfigSchema, type RbmConfig } from "../configs/rbm";
import { binarizeDigits, DIGIT_PIXELS } from "../datasets/digits";
import { gaussian, mulberry32, type Rng } from "../random";
import { RandomStream, type TrainingParts } from "../train/checkpoint";
import { DigitBatches, DigitTrainer, download, matrixInput } from "./digit-trainer";

/** Rows used for the free-energy gap (fixed at construction, so the curve is not batch noise). */
export const FREE_ENERGY_ROWS = 256;

export interface RbmParams {
  /** (V, H); column j is hidden unit j's filter. */
  weights: tf.Tensor2D;
  /** b (V). */
  visibleBias: tf.Tensor1D;
  /** c (H). */
  hiddenBias: tf.Tensor1D;
}

/** F(v) per row (B,) for visible rows v (B, V): −bᵀv − Σ_j softplus(c_j + (vW)_j). */
export function freeEnergy(v: tf.Tensor2D, params: RbmParams): tf.Tensor1D {
  const visibleTerm = tf.sum(tf.mul(v, params.visibleBias), 1);
  const hiddenTerm = tf.sum(tf.softplus(tf.add(tf.matMul(v, params.weights), params.hiddenBias)), 1);
  return tf.neg(tf.add(visibleTerm, hiddenTerm)) as tf.Tensor1D;
}

/** Binary states drawn with the given probabilities; the uniforms come from `rng` (plain JS, every backend alike). */
function bernoulli(probabilities: tf.Tensor2D, rng: Rng): tf.Tensor2D {
  const u = new Float32Array(probabilities.size);
  for (let i = 0; i < u.length; i++) u[i] = rng();
  return tf.cast(tf.less(tf.tensor2d(u, probabilities.shape), probabilities), "float32") as tf.Tensor2D;
}

export type RbmLosses = {
  /** Squared error of the one-step reconstruction of the data, summed over pixels, mean over the batch (guide §5). */
  reconstructionError: number;
  /**
   * Mean F(held-out rows) − mean F(training rows) over FREE_ENERGY_ROWS fixed rows of each; it
   * grows when the RBM starts to overfit the training digits (guide §6). 0 when they fit alike.
   */
  freeEnergyGap: number;
};

export class RbmTrainer extends DigitTrainer<RbmLosses> {
  readonly config: RbmConfig;
  private readonly weights: tf.Variable<tf.Rank.R2>;
  private readonly visibleBias: tf.Variable<tf.Rank.R1>;
  private readonly hiddenBias: tf.Variable<tf.Rank.R1>;
  /** Momentum "velocities" (guide §9), one per parameter. */
  private readonly velocities: [tf.Variable<tf.Rank.R2>, tf.Variable<tf.Rank.R1>, tf.Variable<tf.Rank.R1>];
  /** Persistent CD: the visible states of the B fantasy chains. */
  private readonly chains: tf.Variable<tf.Rank.R2> | null;
  private readonly digits: DigitBatches;
  private readonly trainRows: tf.Tensor2D;
  private readonly heldOutRows: tf.Tensor2D;
  private readonly gibbs: RandomStream; // Gibbs sampling of the training steps

  /**
   * `data`: training digits, count × 784 floats in [0, 1], binarised here (binarizeDigits).
   * `heldOut`: digits never trained on, for freeEnergyGap (binarised too); without it the last
   * tenth of `data` (at least one digit) is held out instead and not trained on.
   */
  constructor(config: RbmConfig, data: Float32Array, heldOut?: Float32Array) {
    super(["reconstructionError", "freeEnergyGap"]);
    this.config = rbmConfigSchema.parse(config);
    const { hidden, batchSize, seed } = this.config;
    let train = binarizeDigits(data);
    if (heldOut && (heldOut.length === 0 || heldOut.length % DIGIT_PIXELS !== 0)) {
      throw new RangeError(`heldOut: expected count × ${DIGIT_PIXELS} pixel values, got ${heldOut.length}.`);
    }
    let held = heldOut ? binarizeDigits(heldOut) : null;
    if (!held) {
      const count = train.length / DIGIT_PIXELS;
      if (!Number.isInteger(count) || count < 2) throw new RangeError(`Expected at least 2 × ${DIGIT_PIXELS} pixel values, got ${data.length}.`);
      const trainCount = count - Math.max(1, Math.floor(count / 10));
      held = train.subarray(trainCount * DIGIT_PIXELS);
      train = train.subarray(0, trainCount * DIGIT_PIXELS);
    }
    this.digits = new DigitBatches(train, seed * 3 + 1);
    this.trainRows = firstRows(train, FREE_ENERGY_ROWS);
    this.heldOutRows = firstRows(held, FREE_ENERGY_ROWS);
    this.gibbs = new RandomStream(seed * 3 + 2);

    // Guide §8: W ~ N(0, 0.01²), hidden biases 0, visible biases log(p_i / (1 − p_i)) with p_i the
    // share of training digits with pixel i on (clamped so always-off pixels get a finite bias).
    const init = mulberry32(seed * 3 + 3);
    const w = new Float32Array(DIGIT_PIXELS * hidden);
    for (let i = 0; i < w.length; i++) w[i] = 0.01 * gaussian(init);
    const on = new Float64Array(DIGIT_PIXELS);
    for (let i = 0; i < train.length; i++) on[i % DIGIT_PIXELS] += train[i];
    const b = new Float32Array(DIGIT_PIXELS);
    for (let i = 0; i < DIGIT_PIXELS; i++) {
      const p = Math.min(Math.max(on[i] / this.digits.count, 0.01), 0.99);
      b[i] = Math.log(p / (1 - p));
    }
    [this.weights, this.visibleBias, this.hiddenBias] = tf.tidy(() => [
      tf.variable(tf.tensor2d(w, [DIGIT_PIXELS, hidden])),
      tf.variable(tf.tensor1d(b)),
      tf.variable(tf.zeros([hidden]) as tf.Tensor1D),
    ]);
    this.velocities = tf.tidy(() => [
      tf.variable(tf.zerosLike(this.weights)),
      tf.variable(tf.zerosLike(this.visibleBias)),
      tf.variable(tf.zerosLike(this.hiddenBias)),
    ]);
    this.chains = this.config.persistent ? tf.tidy(() => tf.variable(this.digits.next(batchSize))) : null;
  }

  private get params(): RbmParams {
    return { weights: this.weights, visibleBias: this.visibleBias, hiddenBias: this.hiddenBias };
  }

  private hiddenProbabilities(v: tf.Tensor2D): tf.Tensor2D {
    return tf.sigmoid(tf.add(tf.matMul(v, this.weights), this.hiddenBias)) as tf.Tensor2D;
  }

  /** wT = Wᵀ (H, V), transposed once per use: wasm's matMul with transposeB is ~10× slower. */
  private visibleProbabilities(h: tf.Tensor2D, wT: tf.Tensor2D): tf.Tensor2D {
    return tf.sigmoid(tf.add(tf.matMul(h, wT), this.visibleBias)) as tf.Tensor2D;
  }

  /**
   * One CD-k (or PCD-k) update. As the guide §3 advises: hidden states driven by data are
   * sampled; the visible reconstruction and the last hidden update use probabilities, and the
   * statistics are taken from probabilities. Intermediate Gibbs steps (k > 1) sample both layers.
   */
  protected update(keepLosses: boolean): tf.Tensor1D | null {
    const { batchSize, k, learningRate, momentum, weightDecay } = this.config;
    const wT = tf.transpose(this.weights) as tf.Tensor2D;
    const v0 = this.digits.next(batchSize);
    const h0Probs = this.hiddenProbabilities(v0);
    const rng = this.gibbs.next;
    const h0 = bernoulli(h0Probs, rng);

    // Negative phase: k Gibbs steps from the data (CD) or from the persistent chains (PCD).
    let h = this.chains ? bernoulli(this.hiddenProbabilities(this.chains), rng) : h0;
    let vProbs = this.visibleProbabilities(h, wT);
    for (let step = 1; step < k; step++) {
      h = bernoulli(this.hiddenProbabilities(bernoulli(vProbs, rng)), rng);
      vProbs = this.visibleProbabilities(h, wT);
    }
    const hProbs = this.hiddenProbabilities(vProbs);
    if (this.chains) this.chains.assign(bernoulli(vProbs, rng));

    // ⟨v hᵀ⟩_data − ⟨v hᵀ⟩_model, averaged over the batch (explicit transposes: see wT).
    const gradW = tf.div(tf.sub(tf.matMul(tf.transpose(v0), h0Probs), tf.matMul(tf.transpose(vProbs), hProbs)), batchSize);
    const gradB = tf.mean(tf.sub(v0, vProbs), 0);
    const gradC = tf.mean(tf.sub(h0Probs, hProbs), 0);
    // Momentum (guide §9) on the gradient minus the L2 weight cost (guide §10).
    const [velW, velB, velC] = this.velocities;
    velW.assign(tf.add(tf.mul(momentum, velW), tf.mul(learningRate, tf.sub(gradW, tf.mul(weightDecay, this.weights)))));
    velB.assign(tf.add(tf.mul(momentum, velB), tf.mul(learningRate, gradB)));
    velC.assign(tf.add(tf.mul(momentum, velC), tf.mul(learningRate, gradC)));
    if (!keepLosses) {
      this.applyVelocities();
      return null;
    }
    // Losses of the parameters this step started from (for CD the first reconstruction is vProbs when k = 1).
    const reconstruction = !this.chains && k === 1 ? vProbs : this.visibleProbabilities(h0, wT);
    const reconstructionError = tf.div(tf.sum(tf.squaredDifference(v0, reconstruction)), batchSize);
    const gap = tf.sub(tf.mean(freeEnergy(this.heldOutRows, this.params)), tf.mean(freeEnergy(this.trainRows, this.params)));
    const losses = tf.stack([reconstructionError, gap]) as tf.Tensor1D;
    this.applyVelocities();
    return losses;
  }

  private applyVelocities(): void {
    const [velW, velB, velC] = this.velocities;
    this.weights.assign(tf.add(this.weights, velW));
    this.visibleBias.assign(tf.add(this.visibleBias, velB));
    this.hiddenBias.assign(tf.add(this.hiddenBias, velC));
  }

  /** F(v) of n visible rows (n × 784; binary, or probabilities for the mean-field value). */
  async freeEnergy(v: Float32Array, n: number): Promise<Float32Array> {
    this.assertAlive();
    return download(tf.tidy(() => freeEnergy(matrixInput(v, n, DIGIT_PIXELS), this.params)));
  }

  /**
   * Mean-field reconstruction, n × 784 in [0, 1]: p(v = 1 | h = p(h = 1 | x)). x is used as
   * given; pass binarizeDigits(x) to reconstruct what the RBM was trained on.
   */
  async reconstruct(x: Float32Array, n: number): Promise<Float32Array> {
    this.assertAlive();
    return download(
      tf.tidy(() => this.visibleProbabilities(this.hiddenProbabilities(matrixInput(x, n, DIGIT_PIXELS)), tf.transpose(this.weights))),
    );
  }

  /**
   * n fantasies from `steps` ≥ 1 rounds of block Gibbs sampling (h ~ p(h|v), then v ~ p(v|h)),
   * started from pixels drawn independently from σ(b) (the digits' base rates at initialisation),
   * all random numbers from mulberry32(seed): the probabilities p(v = 1 | h) of the last round, n × 784 in [0, 1].
   */
  async sampleGibbs(n: number, steps: number, seed: number): Promise<Float32Array> {
    this.assertAlive();
    if (!Number.isInteger(n) || n < 1 || !Number.isInteger(steps) || steps < 1) {
      throw new RangeError(`n and steps must be integers ≥ 1, got ${n} and ${steps}.`);
    }
    const rng = mulberry32(seed);
    const wT = tf.keep(tf.transpose(this.weights) as tf.Tensor2D);
    let vProbs = tf.tidy(() => tf.tile(tf.sigmoid(tf.reshape(this.visibleBias, [1, DIGIT_PIXELS])), [n, 1]) as tf.Tensor2D);
    for (let step = 0; step < steps; step++) {
      const previous = vProbs;
      vProbs = tf.tidy(() => this.visibleProbabilities(bernoulli(this.hiddenProbabilities(bernoulli(previous, rng)), rng), wT));
      previous.dispose();
    }
    wT.dispose();
    return download(vProbs);
  }

  /** The current parameters, read back: weights (784 × H row-major; column j is unit j's filter), b, c. */
  async parameters(): Promise<{ weights: Float32Array; visibleBias: Float32Array; hiddenBias: Float32Array }> {
    this.assertAlive();
    const [weights, visibleBias, hiddenBias] = await Promise.all([this.weights.data(), this.visibleBias.data(), this.hiddenBias.data()]);
    return { weights: weights as Float32Array, visibleBias: visibleBias as Float32Array, hiddenBias: hiddenBias as Float32Array };
  }

  /** The parameters, their momentum velocities, the persistent chains (PCD), the batch and Gibbs streams. */
  protected trainingParts(): TrainingParts {
    const [velW, velB, velC] = this.velocities;
    return {
      model: "RBM",
      tensors: {
        weights: this.weights,
        "visible biases": this.visibleBias,
        "hidden biases": this.hiddenBias,
        "weight velocities": velW,
        "visible bias velocities": velB,
        "hidden bias velocities": velC,
        ...(this.chains ? { "persistent chains": this.chains } : {}),
      },
      optimizers: {},
      streams: { batches: this.digits.random, Gibbs: this.gibbs },
    };
  }

  protected disposeModel(): void {
    tf.dispose([this.weights, this.visibleBias, this.hiddenBias, ...this.velocities]);
    this.chains?.dispose();
    this.trainRows.dispose();
    this.heldOutRows.dispose();
  }
}

/** The first min(count, rows) rows of count × 784 values, as a tensor. */
function firstRows(values: Float32Array, rows: number): tf.Tensor2D {
  const n = Math.min(values.length / DIGIT_PIXELS, rows);
  return tf.tensor2d(values.slice(0, n * DIGIT_PIXELS), [n, DIGIT_PIXELS]);
}
