/**
 * Probabilistic PCA, fitted in closed form (Tipping & Bishop 1999, "Probabilistic principal
 * component analysis", J. R. Statist. Soc. B 61(3)). Plain float64 JS, no tensors.
 *
 *   x = W z + μ + ε,  z ~ N(0, I_q),  ε ~ N(0, σ² I_d),  so  x ~ N(μ, C) with C = W Wᵀ + σ² I.
 *
 * Maximum likelihood (§3.2, eq. 7–8): with S the sample covariance (divided by n), λ_1 ≥ … ≥ λ_d
 * its eigenvalues and U_q the eigenvectors of the q largest,
 *   σ² = (1 / (d − q)) Σ_{j>q} λ_j,   W = U_q (Λ_q − σ² I)^{1/2}   (the arbitrary rotation R = I).
 * Only the top q eigenpairs are needed, since Σ_{j>q} λ_j = tr S − Σ_{j≤q} λ_j; they come from
 * randomized subspace iteration with Rayleigh–Ritz (Halko, Martinsson & Tropp 2011, "Finding
 * structure with randomness", Algorithm 4.4 and §5), with a small Jacobi eigensolver for the
 * projected matrix (Golub & Van Loan, "Matrix Computations", §8.5). For 784-pixel digits S costs
 * n × (ink pixels)² / 2 multiply-adds (zeros are skipped) and each iteration 784² × (2q + 10).
 *
 * Matrices are row-major Float64Arrays.
 */
import { symmetricEigen } from "../linalg";
import { gaussian, mulberry32, type Rng } from "../random";

export interface PpcaModel {
  /** Data dimension d and latent dimension q. */
  d: number;
  q: number;
  mean: Float64Array;
  /** d × q; column j is √(λ_j − σ²) times the j-th principal direction. */
  W: Float64Array;
  sigma2: number;
  /** The q largest eigenvalues of S, descending (variance along each principal direction). */
  eigenvalues: Float64Array;
  /** tr S, the total variance: Σ eigenvalues / totalVariance is the share the q directions explain. */
  totalVariance: number;
}

/** What encoding, decoding and reconstruction need: a fitted model, or one submitted as JSON (autoencoder-submission.ts). */
export type PpcaParameters = Pick<PpcaModel, "d" | "q" | "mean" | "W" | "sigma2">;

export interface PpcaFitOptions {
  /** Seed of the subspace iteration's random start (default 1). */
  seed?: number;
  /** Stop once every wanted Ritz pair has ‖S u − θ u‖ ≤ tolerance · θ_1 (default 1e-9). */
  tolerance?: number;
  /** At most this many iterations (default 500). */
  maxIterations?: number;
}

/**
 * The iteration searches width = 2q + OVERSAMPLING directions for the top q and converges like
 * (λ_{width+1} / λ_q)^iterations: on digits, fewer iterations more than pay for the wider
 * search (q = 32: ~20 iterations instead of ~45 with q + 10).
 */
const OVERSAMPLING = 10;

/** The ML PPCA of n rows of d values (row-major) with q latent dimensions, 1 ≤ q < d. */
export function fitPpca(x: ArrayLike<number>, n: number, d: number, q: number, options: PpcaFitOptions = {}): PpcaModel {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(d) || x.length !== n * d) {
    throw new RangeError(`Expected n × d = ${n} × ${d} values, got ${x.length}.`);
  }
  if (!Number.isInteger(q) || q < 1 || q >= d) throw new RangeError(`q must be an integer in [1, ${d - 1}], got ${q}.`);
  const { seed = 1, tolerance = 1e-9, maxIterations = 500 } = options;
  const { mean, covariance } = sampleCovariance(x, n, d);
  let totalVariance = 0;
  for (let i = 0; i < d; i++) totalVariance += covariance[i * d + i];
  const { values, vectors } = topEigenpairs(covariance, d, q, mulberry32(seed), tolerance, maxIterations);

  const eigenvalues = values.slice(0, q);
  const sigma2 = (totalVariance - eigenvalues.reduce((a, b) => a + b, 0)) / (d - q); // eq. 8
  if (!(sigma2 > 0)) throw new RangeError(`The data span at most ${q} dimensions, so σ² would be 0: use a smaller q.`);
  const W = new Float64Array(d * q); // eq. 7
  for (let j = 0; j < q; j++) {
    const scale = Math.sqrt(Math.max(eigenvalues[j] - sigma2, 0));
    for (let i = 0; i < d; i++) W[i * q + j] = vectors[i * q + j] * scale;
  }
  return { d, q, mean, W, sigma2, eigenvalues, totalVariance };
}

/**
 * Posterior means E[z | x] = M⁻¹ Wᵀ (x − μ) with M = WᵀW + σ² I (§3.3): n rows of d values →
 * n × q. These are the PPCA "codes" (2-D for a latent map when q = 2).
 */
export function ppcaEncode(model: PpcaParameters, x: ArrayLike<number>): Float64Array {
  const { d, q, mean, W, sigma2 } = model;
  const n = rowCount(x.length, d);
  // P = M⁻¹ Wᵀ (q × d), with M⁻¹ = V diag(1/θ) Vᵀ from M's eigendecomposition.
  const M = new Float64Array(q * q);
  for (let a = 0; a < q; a++) {
    for (let b = 0; b < q; b++) {
      let s = a === b ? sigma2 : 0;
      for (let i = 0; i < d; i++) s += W[i * q + a] * W[i * q + b];
      M[a * q + b] = s;
    }
  }
  const { values, vectors } = symmetricEigen(M, q);
  const P = new Float64Array(q * d);
  for (let a = 0; a < q; a++) {
    for (let b = 0; b < q; b++) {
      let mInv = 0;
      for (let k = 0; k < q; k++) mInv += (vectors[a * q + k] * vectors[b * q + k]) / values[k];
      for (let i = 0; i < d; i++) P[a * d + i] += mInv * W[i * q + b];
    }
  }
  const z = new Float64Array(n * q);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < d; i++) {
      const centred = x[r * d + i] - mean[i];
      if (centred === 0) continue;
      for (let a = 0; a < q; a++) z[r * q + a] += P[a * d + i] * centred;
    }
  }
  return z;
}

/** W z + μ, the mean of p(x | z): n rows of q latent values → n × d. */
export function ppcaDecode(model: PpcaParameters, z: ArrayLike<number>): Float64Array {
  const { d, q, mean, W } = model;
  const n = rowCount(z.length, q);
  const x = new Float64Array(n * d);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < d; i++) {
      let s = mean[i];
      for (let a = 0; a < q; a++) s += W[i * q + a] * z[r * q + a];
      x[r * d + i] = s;
    }
  }
  return x;
}

/**
 * W E[z | x] + μ (decode of encode): the reconstruction of §3.3. It is not the orthogonal PCA
 * projection: along principal direction j it keeps the share (λ_j − σ²) / λ_j of x − μ (the
 * posterior shrinks towards the mean), and tends to the PCA projection as σ² → 0.
 */
export function ppcaReconstruct(model: PpcaParameters, x: ArrayLike<number>): Float64Array {
  return ppcaDecode(model, ppcaEncode(model, x));
}

/** n draws x = W z + μ + ε from the model (noise ε included; ppcaDecode of z ~ N(0, I) omits it). */
export function ppcaSample(model: PpcaModel, n: number, rng: Rng): Float64Array {
  const z = new Float64Array(n * model.q);
  for (let i = 0; i < z.length; i++) z[i] = gaussian(rng);
  const x = ppcaDecode(model, z);
  const sigma = Math.sqrt(model.sigma2);
  for (let i = 0; i < x.length; i++) x[i] += sigma * gaussian(rng);
  return x;
}

function rowCount(length: number, width: number): number {
  if (length === 0 || length % width !== 0) throw new RangeError(`Expected rows of ${width} values, got ${length} values.`);
  return length / width;
}

/**
 * Mean and covariance S = (1/n) Σ (x − μ)(x − μ)ᵀ, computed as (1/n) Σ x xᵀ − μ μᵀ so that zero
 * entries (most pixels of a digit) cost nothing; float64 keeps the subtraction accurate for data
 * of moderate mean.
 */
function sampleCovariance(x: ArrayLike<number>, n: number, d: number): { mean: Float64Array; covariance: Float64Array } {
  const mean = new Float64Array(d);
  const covariance = new Float64Array(d * d);
  const index = new Int32Array(d);
  const value = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    let nonzero = 0;
    for (let i = 0; i < d; i++) {
      const v = x[r * d + i];
      if (v === 0) continue;
      mean[i] += v;
      index[nonzero] = i;
      value[nonzero++] = v;
    }
    for (let a = 0; a < nonzero; a++) {
      const row = index[a] * d;
      const va = value[a];
      for (let b = a; b < nonzero; b++) covariance[row + index[b]] += va * value[b]; // upper triangle
    }
  }
  for (let i = 0; i < d; i++) mean[i] /= n;
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const s = covariance[i * d + j] / n - mean[i] * mean[j];
      covariance[i * d + j] = s;
      covariance[j * d + i] = s;
    }
  }
  return { mean, covariance };
}

/**
 * The `count` largest eigenvalues of a symmetric positive semi-definite d × d matrix S and their
 * eigenvectors (d × count, column j for value j), by subspace iteration from a random start:
 * Q ← orth(S Q), with the Rayleigh–Ritz pairs of QᵀSQ as the estimates. The `width` basis
 * vectors of Q, and the S q of Y, are stored one after another (each contiguous).
 */
function topEigenpairs(
  S: Float64Array,
  d: number,
  count: number,
  rng: Rng,
  tolerance: number,
  maxIterations: number,
): { values: Float64Array; vectors: Float64Array } {
  const width = Math.min(d, 2 * count + OVERSAMPLING);
  let Q: Float64Array = Float64Array.from({ length: width * d }, () => gaussian(rng));
  orthonormalize(Q, d, width, rng);
  for (let iteration = 1; ; iteration++) {
    const Y = symmetricTimes(S, Q, d, width);
    const T = new Float64Array(width * width); // Qᵀ S Q = Qᵀ Y
    for (let a = 0; a < width; a++) for (let b = 0; b < width; b++) T[a * width + b] = dot(Q, a * d, Y, b * d, d);
    const ritz = symmetricEigen(T, width);
    // Ritz vectors u_j = Q v_j; S u_j = Y v_j, so the residual costs no extra product with S.
    const vectors = new Float64Array(d * count);
    let worstResidual = 0;
    for (let j = 0; j < count; j++) {
      let residual2 = 0;
      for (let i = 0; i < d; i++) {
        let u = 0;
        let su = 0;
        for (let a = 0; a < width; a++) {
          const v = ritz.vectors[a * width + j];
          u += Q[a * d + i] * v;
          su += Y[a * d + i] * v;
        }
        vectors[i * count + j] = u;
        residual2 += (su - ritz.values[j] * u) ** 2;
      }
      worstResidual = Math.max(worstResidual, Math.sqrt(residual2));
    }
    if (worstResidual <= tolerance * ritz.values[0] || iteration >= maxIterations) {
      return { values: ritz.values.slice(0, count), vectors };
    }
    Q = Y;
    orthonormalize(Q, d, width, rng);
  }
}

/** Σ_i a[aOffset + i] · b[bOffset + i] for i < length. */
function dot(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, length: number): number {
  let s = 0;
  for (let i = 0; i < length; i++) s += a[aOffset + i] * b[bOffset + i];
  return s;
}

/**
 * S q for each of the `width` vectors q of Q (S symmetric, so row i of S is column i): four
 * vectors per pass over a row of S, in four accumulators (measured ~2.5× faster than one).
 */
function symmetricTimes(S: Float64Array, Q: Float64Array, d: number, width: number): Float64Array {
  const out = new Float64Array(width * d);
  for (let i = 0; i < d; i++) {
    const row = i * d;
    let a = 0;
    for (; a + 4 <= width; a += 4) {
      const [q0, q1, q2, q3] = [a * d, (a + 1) * d, (a + 2) * d, (a + 3) * d];
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < d; k++) {
        const sik = S[row + k];
        s0 += sik * Q[q0 + k];
        s1 += sik * Q[q1 + k];
        s2 += sik * Q[q2 + k];
        s3 += sik * Q[q3 + k];
      }
      out[q0 + i] = s0;
      out[q1 + i] = s1;
      out[q2 + i] = s2;
      out[q3 + i] = s3;
    }
    for (; a < width; a++) out[a * d + i] = dot(S, row, Q, a * d, d);
  }
  return out;
}

/**
 * Orthonormalizes the `width` vectors of Q in place by modified Gram–Schmidt, run twice ("twice
 * is enough", Giraud et al. 2005) so they stay orthonormal to rounding even when nearly
 * dependent; a vector that vanishes (S of rank below the width) is replaced by a random one.
 */
function orthonormalize(Q: Float64Array, d: number, width: number, rng: Rng): void {
  for (let j = 0; j < width; j++) {
    const vj = j * d;
    for (let attempt = 0; ; attempt++) {
      const before = Math.sqrt(dot(Q, vj, Q, vj, d));
      for (let pass = 0; pass < 2; pass++) {
        for (let k = 0; k < j; k++) {
          const projection = dot(Q, k * d, Q, vj, d);
          for (let i = 0; i < d; i++) Q[vj + i] -= projection * Q[k * d + i];
        }
      }
      const after = Math.sqrt(dot(Q, vj, Q, vj, d));
      if (after > 1e-10 * before || attempt === 3) {
        for (let i = 0; i < d; i++) Q[vj + i] /= after;
        break;
      }
      for (let i = 0; i < d; i++) Q[vj + i] = gaussian(rng);
    }
  }
}
