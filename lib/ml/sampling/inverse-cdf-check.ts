/**
 * Checking an inverse-CDF sampler draw by draw: draw i is meant to be x_i = F⁻¹(u_i), so F(x_i) = u_i
 * up to rounding, and |F(x_i) − u_i| measures how far it is off (what inverse-cdf ranks).
 *
 * InverseCdfCheck is that check as a SteppedTrainer: the draws come in one go (the inverse-cdf page's
 * sandboxed worker runs the student's code on all the uniforms and hands back the samples), and one step
 * checks the next draw. Its losses, over the draws checked so far, are the largest CDF error and the KS
 * distance of those draws to F, which shrinks like 1/√k for a correct sampler.
 */
import type { SteppedTrainer } from "../train/loop";
import { ksStatistic } from "./ks";

/** max_i |F(x_i) − u_i| over draws from ≤ i < to, and the first draw where it is reached (−1 for none). */
export function largestCdfError(
  samples: ArrayLike<number>,
  uniforms: ArrayLike<number>,
  cdf: (x: number) => number,
  from = 0,
  to = samples.length,
): { maxError: number; worst: number } {
  let maxError = 0;
  let worst = -1;
  for (let i = from; i < to; i++) {
    const error = Math.abs(cdf(samples[i]) - uniforms[i]);
    // `!(error <= maxError)`: a NaN error (a non-finite sample) is the worst there is, never skipped.
    if (!(error <= maxError) || worst < 0) {
      maxError = error;
      worst = i;
      if (Number.isNaN(error)) break;
    }
  }
  return { maxError, worst };
}

export type InverseCdfCheckLosses = { maxError: number; ks: number };

/** What exportState returns: the draws, their uniforms and how many were checked. */
export interface InverseCdfCheckState {
  checked: number;
  uniforms: Float64Array;
  samples: Float64Array;
}

export class InverseCdfCheck implements SteppedTrainer<InverseCdfCheckLosses> {
  private u: Float64Array;
  private x: Float64Array;
  private checked = 0;
  private largest = { maxError: 0, worst: -1 };

  /** `samples[i]` is the sampler's answer to `uniforms[i]`; none (empty arrays) until a run brings some. */
  constructor(
    readonly cdf: (x: number) => number,
    uniforms: Float64Array = new Float64Array(0),
    samples: Float64Array = new Float64Array(0),
  ) {
    InverseCdfCheck.validate(uniforms, samples);
    this.u = uniforms;
    this.x = samples;
  }

  private static validate(uniforms: unknown, samples: unknown): asserts uniforms is Float64Array {
    if (!(uniforms instanceof Float64Array) || !(samples instanceof Float64Array)) throw new Error("the uniforms and the samples must be Float64Arrays");
    if (uniforms.length !== samples.length) throw new Error(`${samples.length} samples cannot answer ${uniforms.length} uniforms`);
    if (!uniforms.every((u) => u > 0 && u < 1)) throw new Error("every uniform must lie in (0, 1)");
    if (!samples.every(Number.isFinite)) throw new Error("every sample must be a finite number");
  }

  /** Draws checked. */
  get iteration(): number {
    return this.checked;
  }

  /** Every draw: the check ends when all are checked. */
  get totalIterations(): number {
    return this.x.length;
  }

  get uniforms(): Float64Array {
    return this.u;
  }

  get samples(): Float64Array {
    return this.x;
  }

  /** The largest |F(x_i) − u_i| over the draws checked so far, and its draw (−1 before the first). */
  get largestError(): { maxError: number; worst: number } {
    return { ...this.largest };
  }

  /** Checks the next n draws (fewer at the end, none past it). */
  step(n = 1): void {
    const to = Math.min(this.x.length, this.checked + n);
    const next = largestCdfError(this.x, this.u, this.cdf, this.checked, to);
    if (next.worst >= 0 && (this.largest.worst < 0 || next.maxError > this.largest.maxError)) this.largest = next;
    this.checked = to;
  }

  async losses(): Promise<InverseCdfCheckLosses> {
    if (this.checked === 0) return { maxError: NaN, ks: NaN };
    return { maxError: this.largest.maxError, ks: ksStatistic(this.x.subarray(0, this.checked), this.cdf) };
  }

  dispose(): void {}

  async exportState(): Promise<InverseCdfCheckState> {
    return { checked: this.checked, uniforms: this.u.slice(), samples: this.x.slice() };
  }

  importState(state: unknown): void {
    const s = state as Partial<InverseCdfCheckState> | null;
    if (!s || typeof s !== "object") throw new Error("the saved check is not an object");
    InverseCdfCheck.validate(s.uniforms, s.samples);
    const samples = s.samples as Float64Array;
    if (!Number.isSafeInteger(s.checked) || s.checked! < 0 || s.checked! > samples.length) {
      throw new Error(`the saved count of checked draws is not a whole number from 0 to ${samples.length}`);
    }
    this.u = s.uniforms.slice();
    this.x = samples.slice();
    this.checked = 0;
    this.largest = { maxError: 0, worst: -1 };
    this.step(s.checked);
  }
}
