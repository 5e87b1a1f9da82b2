/**
 * The RealNVP flow of models/realnvp-submission.ts (its math and JSON format are described there)
 * in plain float64 JS, independent of TensorFlow.js: log p(x), the inverse and sampling, the
 * authoritative score of a flow-moons submission.
 */
import { compileDense64, type Dense64, runDense64 } from "../nn/dense-float64";
import { gaussian, mulberry32 } from "../random";
import { couplingAxes, couplingNetworks, realNvpParameters, type RealNvpSubmission } from "./realnvp-submission";

export const LOG_2PI = Math.log(2 * Math.PI);

/** A submission compiled for evaluation: each coupling's layers with W transposed. */
interface Flow64 {
  logScale: readonly [number, number];
  shift: readonly [number, number];
  couplings: Dense64[][];
}

function compile(submission: RealNvpSubmission): Flow64 {
  const flat = realNvpParameters(submission);
  const { logScale, shift } = submission.weights.normalization;
  return { logScale, shift, couplings: couplingNetworks(submission.architecture).map((net) => compileDense64(net, flat)) };
}

/** Points per pass through a coupling's MLP: many rows for affine64's blocks, few enough that the activations stay in cache. */
const CHUNK = 64;

/**
 * Runs a coupling's MLP on every point of `xy` (interleaved), conditioned on coordinate `a`, CHUNK
 * points at a time; update(i, s, t) is called for point i with its s = tanh(r) and t.
 */
function forEachScaleShift(layers: readonly Dense64[], xy: Float64Array, a: number, update: (i: number, s: number, t: number) => void): void {
  const n = xy.length / 2;
  const column = new Float64Array(CHUNK);
  for (let start = 0; start < n; start += CHUNK) {
    const count = Math.min(CHUNK, n - start);
    for (let p = 0; p < count; p++) column[p] = xy[2 * (start + p) + a];
    const rt = runDense64(layers, column, count); // (count × 2): r, t
    for (let p = 0; p < count; p++) update(start + p, Math.tanh(rt[2 * p]), rt[2 * p + 1]);
  }
}

export function checkPairs(points: ArrayLike<number>): number {
  if (points.length % 2 !== 0) throw new RangeError("points must be interleaved x, y pairs");
  return points.length / 2;
}

/**
 * z = f(x) and log |det ∂f/∂x| per point, in float64. `points` are interleaved [x0, y0, x1, y1, …];
 * `latents` has the same layout.
 */
export function realNvpForward(submission: RealNvpSubmission, points: ArrayLike<number>): { latents: Float64Array; logDetJacobian: Float64Array } {
  const flow = compile(submission);
  const n = checkPairs(points);
  const z = Float64Array.from(points);
  const logDet = new Float64Array(n);
  const [logScale0, logScale1] = flow.logScale;
  const [shift0, shift1] = flow.shift;
  const [scale0, scale1] = [Math.exp(logScale0), Math.exp(logScale1)];
  for (let i = 0; i < n; i++) {
    z[2 * i] = z[2 * i] * scale0 + shift0;
    z[2 * i + 1] = z[2 * i + 1] * scale1 + shift1;
    logDet[i] = logScale0 + logScale1;
  }
  // Coupling by coupling over all points, so one coupling's weights stay in cache.
  flow.couplings.forEach((layers, k) => {
    const [a, b] = couplingAxes(k);
    forEachScaleShift(layers, z, a, (i, s, t) => {
      z[2 * i + b] = z[2 * i + b] * Math.exp(s) + t;
      logDet[i] += s;
    });
  });
  return { latents: z, logDetJacobian: logDet };
}

/** log p(x) = log N(f(x); 0, I) + log |det ∂f/∂x| per point, in float64 (nats). */
export function realNvpLogDensity(submission: RealNvpSubmission, points: ArrayLike<number>): Float64Array {
  const { latents: z, logDetJacobian } = realNvpForward(submission, points);
  return logDetJacobian.map((logDet, i) => logDet - 0.5 * (z[2 * i] * z[2 * i] + z[2 * i + 1] * z[2 * i + 1]) - LOG_2PI);
}

/** x = f⁻¹(z) in float64, couplings undone last to first (interleaved pairs in and out). */
export function realNvpInverse(submission: RealNvpSubmission, latents: ArrayLike<number>): Float64Array {
  const flow = compile(submission);
  const n = checkPairs(latents);
  const x = Float64Array.from(latents);
  for (let k = flow.couplings.length - 1; k >= 0; k--) {
    const [a, b] = couplingAxes(k);
    // y_a = u_a, so s and t are recomputed exactly from the coupling's output.
    forEachScaleShift(flow.couplings[k], x, a, (i, s, t) => {
      x[2 * i + b] = (x[2 * i + b] - t) * Math.exp(-s);
    });
  }
  const [logScale0, logScale1] = flow.logScale;
  const [shift0, shift1] = flow.shift;
  for (let i = 0; i < n; i++) {
    x[2 * i] = (x[2 * i] - shift0) * Math.exp(-logScale0);
    x[2 * i + 1] = (x[2 * i + 1] - shift1) * Math.exp(-logScale1);
  }
  return x;
}

/** n standard normal 2-D points from a seed (interleaved); the latents of every sampler here. */
export function standardNormalPoints(n: number, seed: number): Float64Array {
  const rng = mulberry32(seed);
  return Float64Array.from({ length: 2 * n }, () => gaussian(rng));
}

/** n samples x = f⁻¹(z), z ~ N(0, I) from `seed`, in float64 (the same z as RealNvpTrainer.sample). */
export function realNvpSample(submission: RealNvpSubmission, n: number, seed: number): Float64Array {
  return realNvpInverse(submission, standardNormalPoints(n, seed));
}
