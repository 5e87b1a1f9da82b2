// A submitted auto-encoder (lib/ml/models/autoencoder-submission.ts): its float64 reconstructions
// against TF.js's and against an independent solve, and its validation messages.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { loadMnistSplit } from "../../../lib/datasets/mnist";
import { describeValidationError } from "../../../lib/exercises/validation";
import { activateBackend } from "../../../lib/ml/backend";
import { DIGIT_PIXELS, digitsToFloat } from "../../../lib/ml/datasets/digits";
import { AutoencoderTrainer } from "../../../lib/ml/models/autoencoder";
import { DEFAULT_AUTOENCODER_CONFIG } from "../../../lib/ml/configs/autoencoder";
import {
  AUTOENCODER_LIMITS,
  type AutoencoderModel,
  autoencoderReconstruct,
  autoencoderSubmissionSchema,
  compileAutoencoder,
  float32Base64,
  mlpAutoencoderEncode,
  mlpAutoencoderParameterCount,
} from "../../../lib/ml/models/autoencoder-submission";
import { DIGIT_MLP } from "../../../lib/ml/models/digit-trainer";
import { createMlp, disposeMlp, runMlp } from "../../../lib/ml/nn/dense";
import { mlpDims } from "../../../lib/ml/nn/dense-layout";
import { gaussian, mulberry32 } from "../../../lib/ml/random";

const N = 20;
let digits: Float32Array;

before(async () => {
  assert.equal(await activateBackend("wasm"), "wasm");
  digits = digitsToFloat(loadMnistSplit("validation").images, 0, N);
});

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const mlpOf = (model: AutoencoderModel) => {
  assert.equal(model.kind, "mlp");
  return model as Extract<AutoencoderModel, { kind: "mlp" }>;
};

function refusal(body: unknown): string {
  const parsed = autoencoderSubmissionSchema.safeParse(body);
  assert.equal(parsed.success, false, "expected the body to be refused");
  return describeValidationError(parsed.error!, body);
}

describe("the MLP's float64 forward pass", () => {
  test("equals TF.js's on random weights, biases included, as numbers or as base64 float32", () => {
    const [hidden, latent] = [48, 3];
    const rng = mulberry32(5);
    // He-like weights and nonzero biases, so ReLUs are both on and off and the sigmoid is not saturated.
    const networks = [mlpDims(DIGIT_PIXELS, hidden, 1, latent), mlpDims(latent, hidden, 1, DIGIT_PIXELS)].map((dims) => {
      const net = createMlp(dims, DIGIT_MLP, rng);
      const values = Float32Array.from({ length: net.params.size }, () => 0.15 * gaussian(rng));
      tf.tidy(() => net.params.assign(tf.tensor1d(values)));
      return { net, values };
    });
    const [encoder, decoder] = networks;
    const [tfCodes, tfImages] = tf.tidy(() => {
      const x = tf.tensor2d(digits, [N, DIGIT_PIXELS]);
      const codes = runMlp(encoder.net, x, "weights");
      return [codes.dataSync(), tf.sigmoid(runMlp(decoder.net, codes, "weights")).dataSync()];
    });
    networks.forEach(({ net }) => disposeMlp(net));

    const asNumbers = compileAutoencoder({ model: { kind: "mlp", hidden, latent, encoder: Array.from(encoder.values), decoder: Array.from(decoder.values) } });
    const asBase64 = compileAutoencoder({
      model: { kind: "mlp", hidden, latent, encoder: float32Base64(encoder.values), decoder: float32Base64(decoder.values) },
    });
    const codes = mlpAutoencoderEncode(mlpOf(asNumbers), digits, N);
    const images = autoencoderReconstruct(asNumbers, digits);
    // float32 (TF.js) against float64: codes of size ~1–10 agree to ~1e-5 relative.
    assert.ok(maxAbsDiff(codes, tfCodes) < 1e-4, String(maxAbsDiff(codes, tfCodes)));
    assert.ok(maxAbsDiff(images, tfImages) < 1e-5, String(maxAbsDiff(images, tfImages)));
    assert.ok(
      images.some((v) => v > 0.1 && v < 0.9),
      "the test should exercise the sigmoid's middle",
    );
    assert.deepEqual(autoencoderReconstruct(asBase64, digits), images);
  });

  test("reconstructs what a trained AutoencoderTrainer reconstructs, from its exportModel()", async () => {
    const trainer = new AutoencoderTrainer(
      { ...DEFAULT_AUTOENCODER_CONFIG, hidden: 32, latent: 4, batchSize: 16 },
      digitsToFloat(loadMnistSplit("train").images, 0, 500),
    );
    trainer.step(30);
    const exported = await trainer.exportModel();
    const submission = { model: exported };
    assert.equal(autoencoderSubmissionSchema.safeParse(submission).success, true);
    const model = compileAutoencoder(submission);
    assert.ok(maxAbsDiff(mlpAutoencoderEncode(mlpOf(model), digits, N), await trainer.encode(digits, N)) < 1e-4);
    assert.ok(maxAbsDiff(autoencoderReconstruct(model, digits), await trainer.reconstruct(digits, N)) < 1e-5);
    trainer.dispose();
  });

  test("the parameter count is the layout's length: 403,730 for the default 784 → 256 → 2 → 256 → 784", () => {
    assert.equal(mlpAutoencoderParameterCount(256, 2), 784 * 256 + 256 + 256 * 2 + 2 + (2 * 256 + 256 + 256 * 784 + 784));
    assert.equal(mlpAutoencoderParameterCount(256, 2), 403_730);
  });

  test("float32Base64 writes little-endian float32 bytes", () => {
    // 1 = 0x3f800000 and −2 = 0xc0000000, least significant byte first.
    assert.deepEqual(float32Base64([1, -2]), { dtype: "float32", data: Buffer.from([0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0]).toString("base64") });
  });
});

/** Solves A y = b (A k × k, row-major) by Gaussian elimination with partial pivoting. */
function solve(A: Float64Array, b: Float64Array, k: number): Float64Array {
  const a = Float64Array.from(A);
  const y = Float64Array.from(b);
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r * k + c]) > Math.abs(a[p * k + c])) p = r;
    for (let j = 0; j < k; j++) [a[c * k + j], a[p * k + j]] = [a[p * k + j], a[c * k + j]];
    [y[c], y[p]] = [y[p], y[c]];
    for (let r = c + 1; r < k; r++) {
      const f = a[r * k + c] / a[c * k + c];
      for (let j = c; j < k; j++) a[r * k + j] -= f * a[c * k + j];
      y[r] -= f * y[c];
    }
  }
  for (let c = k - 1; c >= 0; c--) {
    for (let j = c + 1; j < k; j++) y[c] -= a[c * k + j] * y[j];
    y[c] /= a[c * k + c];
  }
  return y;
}

/** μ + W (WᵀW + σ² I)⁻¹ Wᵀ (x − μ) for one digit, by a linear solve (no eigendecomposition). */
function ppcaByLinearSolve(mean: Float64Array, W: Float64Array, q: number, sigma2: number, x: ArrayLike<number>): Float64Array {
  const M = new Float64Array(q * q);
  const rhs = new Float64Array(q);
  for (let a = 0; a < q; a++) {
    for (let i = 0; i < DIGIT_PIXELS; i++) rhs[a] += W[i * q + a] * (x[i] - mean[i]);
    for (let b = 0; b < q; b++) {
      for (let i = 0; i < DIGIT_PIXELS; i++) M[a * q + b] += W[i * q + a] * W[i * q + b];
      if (a === b) M[a * q + b] += sigma2;
    }
  }
  const z = solve(M, rhs, q);
  return Float64Array.from(mean, (m, i) => m + z.reduce((s, za, a) => s + W[i * q + a] * za, 0));
}

describe("PPCA reconstructions", () => {
  const q = 5;
  const rng = mulberry32(11);
  const mean = Float64Array.from({ length: DIGIT_PIXELS }, () => rng());
  const W = Float64Array.from({ length: DIGIT_PIXELS * q }, () => 0.1 * gaussian(rng));
  const body = (sigma2: number, w: number[] | number[][] = Array.from(W)) => ({ model: { kind: "ppca" as const, q, mean: Array.from(mean), W: w, sigma2 } });

  test("equal μ + W (WᵀW + σ²I)⁻¹ Wᵀ (x − μ) solved directly, with W row-major or as rows", () => {
    const rows = Array.from({ length: DIGIT_PIXELS }, (_, i) => Array.from(W.subarray(i * q, (i + 1) * q)));
    for (const sigma2 of [0.05, 2]) {
      const got = autoencoderReconstruct(compileAutoencoder(body(sigma2)), digits);
      for (let r = 0; r < N; r++) {
        const expected = ppcaByLinearSolve(mean, W, q, sigma2, digits.subarray(r * DIGIT_PIXELS, (r + 1) * DIGIT_PIXELS));
        assert.ok(maxAbsDiff(got.subarray(r * DIGIT_PIXELS, (r + 1) * DIGIT_PIXELS), expected) < 1e-12);
      }
      assert.deepEqual(autoencoderReconstruct(compileAutoencoder(body(sigma2, rows)), digits), got);
    }
  });

  test("as σ² → 0, a point μ + W c of the model's subspace is reconstructed exactly (the least-squares projection)", () => {
    const c = [0.7, -1.2, 0.3, 2, -0.4];
    const x = Float64Array.from(mean, (m, i) => m + c.reduce((s, ca, a) => s + W[i * q + a] * ca, 0));
    const got = autoencoderReconstruct(compileAutoencoder(body(AUTOENCODER_LIMITS.ppcaSigma2.min)), x);
    // The posterior shrinks by σ² / (λ + σ²) with λ ≈ 784 · 0.01 = 8: about 1e-7 here.
    assert.ok(maxAbsDiff(got, x) < 1e-6, String(maxAbsDiff(got, x)));
  });
});

describe("validation", () => {
  const ppca = (fields: Record<string, unknown> = {}) => ({
    model: { kind: "ppca", q: 2, mean: new Array(784).fill(0.1), W: new Array(1568).fill(0.01), sigma2: 0.05, ...fields },
  });
  const mlp = (fields: Record<string, unknown> = {}) => {
    const [hidden, latent] = [16, 2];
    const size = { encoder: 784 * hidden + hidden + hidden * latent + latent, decoder: latent * hidden + hidden + hidden * 784 + 784 };
    return {
      model: { kind: "mlp", hidden, latent, encoder: new Array(size.encoder).fill(0.01), decoder: float32Base64(new Float32Array(size.decoder)), ...fields },
    };
  };

  test("well-formed PPCA and MLP bodies pass", () => {
    assert.equal(autoencoderSubmissionSchema.safeParse(ppca()).success, true);
    assert.equal(autoencoderSubmissionSchema.safeParse(mlp()).success, true);
  });

  test("codes larger than the caps are refused: q ≤ 64, latent ≤ 32, at most 500,000 parameters", () => {
    assert.match(
      refusal(ppca({ q: 65, W: new Array(784 * 65).fill(0) })),
      /"model\.q" is 65; it must be a whole number from 1 to 64 \(a larger code could nearly copy any digit\)/,
    );
    assert.match(refusal(mlp({ latent: 33 })), /"model\.latent" is 33; it must be a whole number from 1 to 32/);
    // 784 → 1024 → 2 → 1024 → 784 would have 1.6 million parameters.
    assert.match(
      refusal(mlp({ hidden: 1024 })),
      /"model\.hidden" is 1024; it must be a whole number from 1 to 317 \(with latent = 2; more would exceed 500,000 parameters\)/,
    );
    assert.equal(mlpAutoencoderParameterCount(317, 2) <= 500_000 && mlpAutoencoderParameterCount(318, 2) > 500_000, true);
  });

  test("wrong shapes and bad numbers are refused with the entry named", () => {
    assert.match(refusal(ppca({ W: new Array(1000).fill(0) })), /"model\.W" must have 1,568 numbers \(784 × q = 784 × 2, row-major\); it has 1,000/);
    const rows = Array.from({ length: 784 }, () => [0, 0]);
    rows[17] = [0];
    assert.match(refusal(ppca({ W: rows })), /"model\.W\[17\]" must be a list of q = 2 numbers \(one per latent direction\); it has 1/);
    rows[17] = [0, null as never];
    assert.match(refusal(ppca({ W: rows })), /"model\.W\[17\]\[1\]" is not a number \(NaN and Infinity cannot be sent as JSON\)/);
    assert.match(refusal(ppca({ mean: [...new Array(783).fill(0), "0.5"] })), /"model\.mean\[783\]" is not a number/);
    assert.match(refusal(ppca({ mean: new Array(784).fill(25) })), /"model\.mean\[0\]" is 25; it must be within ±20/);
    assert.match(refusal(ppca({ sigma2: 0 })), /"model\.sigma2" is 0; it must be from 1e-6 to 100 \(for plain PCA's projection, use a tiny σ² such as 1e-6\)/);
    assert.match(refusal(ppca({ sigma2: undefined })), /"model\.sigma2" is missing/);
    assert.match(refusal(ppca({ hidden: 3 })), /"model\.hidden" is not a known field; "model" has only "kind", "q", "mean", "W", "sigma2"/);

    const { model } = mlp();
    const badWeights = new Float32Array(model.encoder.length);
    badWeights[9] = NaN;
    assert.match(
      refusal(mlp({ encoder: float32Base64(badWeights) })),
      /"model\.encoder\.data" holds NaN at weight 9; every weight must be a finite number within ±1000/,
    );
    assert.match(
      refusal(mlp({ encoder: float32Base64(new Float32Array(10)) })),
      /"model\.encoder\.data" must hold 12,594 float32 weights \(784 → 16 → 2: W1, b1, W2, b2\), 50,376 bytes; it holds 40 bytes/,
    );
    assert.match(refusal(mlp({ decoder: { dtype: "float64", data: "" } })), /"model\.decoder\.dtype" must be "float32"/);
    assert.match(refusal(mlp({ decoder: { dtype: "float32", data: "not base64!" } })), /"model\.decoder\.data" must be a base64 string/);
    assert.match(refusal(mlp({ encoder: [...model.encoder.slice(1), 1e6] })), /"model\.encoder\[12593\]" is 1000000; it must be within ±1000/);
    assert.match(
      refusal(mlp({ decoder: undefined })),
      /"model\.decoder" is missing; it must be a list of 13,376 numbers .* or \{"dtype": "float32", "data": "<base64>"\}/,
    );
  });

  test("the old reconstructions, an unknown kind and a missing model are refused in words", () => {
    assert.match(
      refusal({ reconstructions: { dtype: "uint8", shape: [1000, 28, 28], data: "" } }),
      /"reconstructions" are no longer accepted: submit the model itself/,
    );
    assert.match(refusal({ model: { kind: "vae" } }), /"model\.kind" must be "ppca" or "mlp"/);
    assert.match(refusal({}), /"model" is missing; it must be an object/);
    assert.match(refusal({ model: ppca().model, extra: 1 }), /"extra" is not a known field; the submission has only "model"/);
    assert.throws(() => compileAutoencoder({ model: { kind: "ppca" } } as never), /"model\.q" is missing\./);
  });
});
