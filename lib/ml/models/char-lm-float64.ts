/**
 * The character-level language models of models/char-lm-submission.ts (the format, and what each
 * kind predicts, are described there) in plain float64 JS, independent of TensorFlow.js: the
 * exercise's exact scorer (bits per character), the sampler, the transformer's attention maps, and
 * the bigram's maximum-likelihood fit in closed form.
 */
import { logSumExp } from "../density/logsumexp";
import { bigramCounts, BOUNDARY_TOKEN, countPredictedCharacters, decodeName, encodeName, MAX_NAME_LENGTH, NAME_ALPHABET, NAME_VOCAB_SIZE as V } from "../datasets/names";
import { activate64, affine64, dense64, type Dense64 } from "../nn/dense-float64";
import { mulberry32, type Rng } from "../random";
import {
  assemble,
  type BigramWeights,
  type CharLmArchitecture,
  charLmFlatWeights,
  charLmParameterSpecs,
  type CharLmSubmission,
  LAYER_NORM_EPSILON,
  type LayerNormWeights,
  MLP_EXPANSION,
  type MlpWeights,
  type TransformerWeights,
} from "./char-lm-submission";

type MlpArchitecture = Extract<CharLmArchitecture, { kind: "mlp" }>;
type TransformerArchitecture = Extract<CharLmArchitecture, { kind: "transformer" }>;

// ---------------------------------------------------------------------------------------------
// Closed-form bigram

/**
 * The maximum-likelihood bigram with add-α (Laplace / Lidstone) smoothing, in closed form:
 * logits[i][j] = log((N_ij + α) / (N_i + V·α)) with N_ij = how often j follows i in `names`
 * (boundary included) and N_i = Σ_j N_ij. Its softmax rows are exactly those probabilities.
 */
export function countedBigram(names: readonly string[], alpha = 1): CharLmSubmission {
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new RangeError("alpha must be a positive number (a zero count would give log 0).");
  const counts = bigramCounts(names);
  const logits: number[][] = [];
  for (let i = 0; i < V; i++) {
    let rowTotal = 0;
    for (let j = 0; j < V; j++) rowTotal += counts[i * V + j];
    logits.push(Array.from({ length: V }, (_, j) => Math.log((counts[i * V + j] + alpha) / (rowTotal + V * alpha))));
  }
  return { architecture: { kind: "bigram" }, weights: { logits } };
}

// ---------------------------------------------------------------------------------------------
// The float64 evaluator: the exercise's scorer and sampler.

/**
 * A layer whose bias is added after the sum x·W, the order in which every score so far has been
 * computed (nn/dense-float64.ts starts its sums from the bias, which may differ in the last bit).
 */
interface Linear64 {
  product: Dense64;
  b: Float64Array | null;
}

function linear64(w: Float64Array, inDim: number, outDim: number, b: Float64Array | null = null): Linear64 {
  return { product: dense64(w, inDim, outDim), b };
}

/** x (rows × inDim)·W, then + b. */
function affine(x: Float64Array, rows: number, { product, b }: Linear64): Float64Array {
  const y = affine64(x, rows, product);
  const { outDim } = product;
  if (b) for (let r = 0; r < rows; r++) for (let j = 0; j < outDim; j++) y[r * outDim + j] += b[j];
  return y;
}

/** LayerNorm of each row (Ba et al. 2016): (x − mean) / √(biased variance + ε) · gain + bias. */
function layerNormRows(x: Float64Array, rows: number, dim: number, { gain, bias }: LayerNormWeights<Float64Array>): Float64Array {
  const y = new Float64Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    let mean = 0;
    for (let i = 0; i < dim; i++) mean += x[o + i];
    mean /= dim;
    let variance = 0;
    for (let i = 0; i < dim; i++) variance += (x[o + i] - mean) ** 2;
    const scale = 1 / Math.sqrt(variance / dim + LAYER_NORM_EPSILON);
    for (let i = 0; i < dim; i++) y[o + i] = (x[o + i] - mean) * scale * gain[i] + bias[i];
  }
  return y;
}

/**
 * A submission read into float64 arrays. A window is a run of consecutive tokens of a sequence
 * (". c1 … ck"); `forward` returns the next-token logits at every position of every window
 * (rows in order, × V). The bigram and the MLP look back a fixed distance ("." before the start),
 * so a whole sequence is one window; the transformer takes windows of at most blockSize tokens
 * whose first token is position 0 (`maxWindow`).
 */
interface Float64Model {
  maxWindow: number;
  forward(windows: readonly (readonly number[])[]): Float64Array;
  /** Transformer only: attention probabilities [layer][head] (T × T, row = query) of one window. */
  attention?(window: readonly number[]): Float64Array[][];
}

function float64Model(submission: CharLmSubmission): Float64Model {
  const { architecture } = submission;
  const flat = charLmFlatWeights(submission);
  const w = assemble(charLmParameterSpecs(architecture), ({ offset, size }) => flat.subarray(offset, offset + size));
  switch (architecture.kind) {
    case "bigram":
      return bigram64(w as BigramWeights<Float64Array>);
    case "mlp":
      return mlp64(architecture, w as MlpWeights<Float64Array>);
    case "transformer":
      return transformer64(architecture, w as TransformerWeights<Float64Array>);
  }
}

function bigram64(w: BigramWeights<Float64Array>): Float64Model {
  return {
    maxWindow: Infinity,
    forward(windows) {
      const tokens = windows.flat();
      const out = new Float64Array(tokens.length * V);
      tokens.forEach((token, r) => out.set(w.logits.subarray(token * V, (token + 1) * V), r * V));
      return out;
    },
  };
}

function mlp64(architecture: MlpArchitecture, w: MlpWeights<Float64Array>): Float64Model {
  const { blockSize: B, embedding: E, hidden: H } = architecture;
  const hidden = linear64(w.hidden.w, B * E, H, w.hidden.b);
  const output = linear64(w.output.w, H, V, w.output.b);
  return {
    maxWindow: Infinity,
    forward(windows) {
      const rows = windows.reduce((n, window) => n + window.length, 0);
      const x = new Float64Array(rows * B * E); // per position: the embeddings of its context, oldest first
      let r = 0;
      for (const window of windows) {
        for (let t = 0; t < window.length; t++, r++) {
          for (let k = 0; k < B; k++) {
            const position = t - B + 1 + k;
            const token = position >= 0 ? window[position] : BOUNDARY_TOKEN; // "." before the start
            x.set(w.embedding.subarray(token * E, (token + 1) * E), (r * B + k) * E);
          }
        }
      }
      return affine(activate64(affine(x, rows, hidden), "tanh"), rows, output);
    },
  };
}

function transformer64(architecture: TransformerArchitecture, w: TransformerWeights<Float64Array>): Float64Model {
  const { blockSize: B, embedding: E, heads } = architecture;
  const D = E / heads;
  const F = MLP_EXPANSION * E;
  const layers = w.layers.map((layer) => ({
    ...layer,
    q: linear64(layer.attention.wq, E, E),
    k: linear64(layer.attention.wk, E, E),
    v: linear64(layer.attention.wv, E, E),
    o: linear64(layer.attention.wo, E, E),
    up: linear64(layer.mlp.w1, E, F, layer.mlp.b1),
    down: linear64(layer.mlp.w2, F, E, layer.mlp.b2),
  }));
  const output = linear64(w.output.w, E, V, w.output.b);

  /** Logits at every position of every window (rows in order); `attention` collects the probabilities. */
  function forward(windows: readonly (readonly number[])[], attention?: Float64Array[][]): Float64Array {
    const starts: number[] = []; // first row of each window
    let rows = 0;
    for (const window of windows) {
      starts.push(rows);
      rows += window.length;
    }
    let x = new Float64Array(rows * E);
    windows.forEach((window, n) =>
      window.forEach((token, t) => {
        const o = (starts[n] + t) * E;
        for (let i = 0; i < E; i++) x[o + i] = w.tokenEmbedding[token * E + i] + w.positionEmbedding[t * E + i];
      }),
    );
    for (const layer of layers) {
      const h = layerNormRows(x, rows, E, layer.norm1);
      const [q, k, v] = [layer.q, layer.k, layer.v].map((projection) => affine(h, rows, projection));
      const mixed = new Float64Array(rows * E);
      windows.forEach((window, n) => {
        const T = window.length;
        const perHead: Float64Array[] = [];
        for (let head = 0; head < heads; head++) {
          const p = new Float64Array(T * T); // p[t·T + s]: attention of query t to key s ≤ t
          for (let t = 0; t < T; t++) {
            const qt = (starts[n] + t) * E + head * D;
            let max = -Infinity;
            for (let s = 0; s <= t; s++) {
              const ks = (starts[n] + s) * E + head * D;
              let dot = 0;
              for (let d = 0; d < D; d++) dot += q[qt + d] * k[ks + d];
              p[t * T + s] = dot / Math.sqrt(D);
              if (p[t * T + s] > max) max = p[t * T + s];
            }
            let sum = 0;
            for (let s = 0; s <= t; s++) sum += p[t * T + s] = Math.exp(p[t * T + s] - max);
            for (let s = 0; s <= t; s++) {
              const weight = (p[t * T + s] /= sum);
              const vs = (starts[n] + s) * E + head * D;
              for (let d = 0; d < D; d++) mixed[qt + d] += weight * v[vs + d];
            }
          }
          perHead.push(p);
        }
        attention?.push(perHead);
      });
      const attended = affine(mixed, rows, layer.o);
      x = x.map((xi, i) => xi + attended[i]);
      const fed = affine(activate64(affine(layerNormRows(x, rows, E, layer.norm2), rows, layer.up), "relu"), rows, layer.down);
      x = x.map((xi, i) => xi + fed[i]);
    }
    return affine(layerNormRows(x, rows, E, w.finalNorm), rows, output);
  }

  return {
    maxWindow: B,
    forward: (windows) => forward(windows),
    attention(window) {
      const probabilities: Float64Array[][] = [];
      forward([window], probabilities);
      return probabilities;
    },
  };
}

/** Sequences per batched forward pass: enough rows for affine's 4-row blocks, few enough to stay in cache (measured: 256 was 1.6× slower at embedding 120). */
const SEQUENCES_PER_PASS = 32;

/**
 * Next-token logits (rows × V) at every position of each sequence (". c1 … ck"). A sequence longer
 * than the model's window is cut as in nameWindows: its first window gives positions 0 … B−1, and
 * position t ≥ B is the last row of the window t−B+1 … t.
 */
function sequenceLogits(model: Float64Model, sequences: readonly (readonly number[])[]): Float64Array[] {
  const out: Float64Array[] = [];
  for (let start = 0; start < sequences.length; start += SEQUENCES_PER_PASS) {
    const chunk = sequences.slice(start, start + SEQUENCES_PER_PASS);
    const windows: (readonly number[])[] = [];
    for (const sequence of chunk) {
      windows.push(sequence.slice(0, model.maxWindow));
      for (let t = model.maxWindow; t < sequence.length; t++) windows.push(sequence.slice(t - model.maxWindow + 1, t + 1));
    }
    const logits = model.forward(windows);
    let row = 0; // first row of the current window in `logits`
    for (const sequence of chunk) {
      const first = Math.min(sequence.length, model.maxWindow);
      const rows = new Float64Array(sequence.length * V);
      rows.set(logits.subarray(row * V, (row + first) * V));
      row += first;
      for (let t = first; t < sequence.length; t++) {
        row += model.maxWindow;
        rows.set(logits.subarray((row - 1) * V, row * V), t * V);
      }
      out.push(rows);
    }
  }
  return out;
}

/** Natural-log probabilities from logits, row by row (rows × V). */
function logSoftmaxRows(logits: Float64Array): Float64Array {
  const out = new Float64Array(logits.length);
  for (let o = 0; o < logits.length; o += V) {
    const row = logits.subarray(o, o + V);
    const lse = logSumExp(row);
    for (let j = 0; j < V; j++) out[o + j] = row[j] - lse;
  }
  return out;
}

/**
 * log p (nats) of each of the name's n + 1 predictions, every row over the V tokens of
 * NAME_ALPHABET: row i is the distribution of character i + 1 (row n: of the end token).
 */
export function charLmLogProbabilities(submission: CharLmSubmission, name: string): number[][] {
  const sequence = [BOUNDARY_TOKEN, ...encodeName(name)];
  const logp = logSoftmaxRows(sequenceLogits(float64Model(submission), [sequence])[0]);
  return sequence.map((_, i) => Array.from(logp.subarray(i * V, (i + 1) * V)));
}

/**
 * Bits per character: Σ −log2 p over every prediction of every name (each character and the end
 * token) divided by the number of predictions Σ (n + 1). Float64 throughout.
 */
export function charLmBitsPerChar(submission: CharLmSubmission, names: readonly string[]): number {
  if (names.length === 0) throw new RangeError("No names to score.");
  const encoded = names.map(encodeName);
  const logits = sequenceLogits(
    float64Model(submission),
    encoded.map((characters) => [BOUNDARY_TOKEN, ...characters]),
  );
  let nats = 0;
  encoded.forEach((characters, n) => {
    [...characters, BOUNDARY_TOKEN].forEach((target, i) => {
      nats -= logits[n][i * V + target] - logSumExp(logits[n].subarray(i * V, (i + 1) * V));
    });
  });
  return nats / countPredictedCharacters(names) / Math.LN2;
}

export interface SampleOptions {
  /** Logits are divided by it: < 1 sharpens, > 1 flattens (default 1). */
  temperature?: number;
  /** Only the k most likely tokens can be drawn (default V: all); 1 is greedy decoding. */
  topK?: number;
  /** Seed of the mulberry32 stream that draws the tokens (default 1). */
  seed?: number;
}

/** Index drawn from softmax(logits / temperature) restricted to the topK largest (ties: lower index first). */
function drawToken(logits: Float64Array, temperature: number, topK: number, rng: Rng): number {
  const kept = Array.from({ length: V }, (_, j) => j)
    .sort((a, b) => logits[b] - logits[a] || a - b)
    .slice(0, topK);
  const scaled = kept.map((j) => logits[j] / temperature);
  const lse = logSumExp(scaled);
  let u = rng();
  for (let i = 0; i < kept.length; i++) {
    u -= Math.exp(scaled[i] - lse);
    if (u < 0) return kept[i];
  }
  return kept[kept.length - 1]; // u was within rounding of 1
}

/**
 * `count` names drawn one character at a time (ancestral sampling) from the float64 model; all
 * names grow together (one batched forward pass per character position), drawing their next
 * characters in order from one seeded stream. A name ends at the end token or after
 * MAX_NAME_LENGTH characters.
 */
export function charLmSample(submission: CharLmSubmission, count: number, options: SampleOptions = {}): string[] {
  const { temperature = 1, topK = V, seed = 1 } = options;
  if (!Number.isInteger(count) || count < 0) throw new RangeError("count must be a non-negative integer.");
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new RangeError("temperature must be a positive number.");
  if (!Number.isInteger(topK) || topK < 1 || topK > V) throw new RangeError(`topK must be an integer from 1 to ${V}.`);
  const model = float64Model(submission);
  const rng = mulberry32(seed);
  const sequences = Array.from({ length: count }, () => [BOUNDARY_TOKEN]);
  let growing = sequences;
  while (growing.length > 0) {
    const logits = sequenceLogits(model, growing);
    growing = growing.filter((sequence, n) => {
      const next = drawToken(logits[n].subarray(logits[n].length - V), temperature, topK, rng);
      if (next === BOUNDARY_TOKEN) return false;
      sequence.push(next);
      return sequence.length <= MAX_NAME_LENGTH;
    });
  }
  return sequences.map((sequence) => decodeName(sequence.slice(1)));
}

export interface CharLmAttention {
  /** The window's input tokens: "." then the name's characters (at most blockSize). */
  tokens: string[];
  /** weights[layer][head][query][key]: how much position `query` attends to `key` (0 for key > query). */
  weights: number[][][][];
}

/** Attention probabilities of a transformer on ". name" (its first blockSize tokens), for a heat map. */
export function charLmAttention(submission: CharLmSubmission, name: string): CharLmAttention {
  const model = float64Model(submission);
  if (!model.attention) throw new RangeError("Only a transformer has attention weights.");
  const window = [BOUNDARY_TOKEN, ...encodeName(name)].slice(0, model.maxWindow);
  const T = window.length;
  return {
    tokens: window.map((t) => NAME_ALPHABET[t]),
    weights: model.attention(window).map((layer) =>
      layer.map((p) => Array.from({ length: T }, (_, q) => Array.from(p.subarray(q * T, (q + 1) * T)))),
    ),
  };
}
