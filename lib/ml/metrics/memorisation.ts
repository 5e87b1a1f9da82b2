/**
 * Memorisation detection for digit submissions: which submitted 28×28 images are copies of
 * reference digits (on the server: all 10,000 MNIST digits GenLab ships), and the memorisation
 * term of MiFID. docs/MEMORISATION.md has the calibration behind every constant here.
 *
 * Copies. Every image is first cleaned: a 3×3 median filter, then grey levels below CLEAN_LEVEL
 * set to 0 (this removes what light Gaussian or salt-and-pepper noise leaves). Then:
 *   1. shortlist: the KEY_CANDIDATES reference digits whose "key" is nearest by cosine, the key
 *      being the cleaned image moved (bilinearly, to the sub-pixel) so that its centre of mass is
 *      the image centre, then summed over 4×4 blocks (49 values): so a shifted copy has its
 *      source's key. Plus the FEATURE_CANDIDATES nearest by cosine of the evaluator's features
 *      (those move under shifts: alone they miss most 2-pixel shifts).
 *   2. pixel distance to each candidate: both cleaned images moved by whole pixels so that their
 *      centres of mass are at the centre, then under every residual shift s of up to ±1 pixel
 *        D = ‖x − r_s‖² / (‖x‖² + ‖r_s‖²)
 *      (0 for identical images, 1 for images without common ink; r_s is r shifted by s, zeros
 *      shifted in). Centring makes any shift of a copy (up to losing ink over the border) vanish;
 *      the residual shift absorbs rounding of the centre of a noisy copy.
 *   The image is a copy when its smallest D is below COPY_PIXEL_DISTANCE.
 *
 * MiFID (Bai et al. 2021, "On Training Sample Memorization: Lessons from Benchmarking Generative
 * Modeling with a Large-scale Competition", KDD; Kaggle's "Generative Dog Images" metric):
 *   d = mean over submitted images of min over references of 1 − |cos(f_image, f_reference)|
 *   in the evaluator's feature space, and MiFID = FID / d when d < ε, else FID.
 *
 * Pure arithmetic, no Node or DOM APIs: the browser and the server compute the same numbers.
 */
import { DIGIT_PIXELS as PIXELS, DIGIT_SIDE as SIDE } from "../datasets/digits";

// Module-local copies: an imported binding read in the inner loops (tsx and bundlers read it
// through a getter) made cleaning and the pixel search over ten times slower.
const DIGIT_SIDE: number = SIDE;
const DIGIT_PIXELS: number = PIXELS;

/** Cleaning: grey levels below this after the median filter become background. */
export const CLEAN_LEVEL = 48;
/** Shortlisted references per image by the centred 7×7 key, and by evaluator features. */
export const KEY_CANDIDATES = 8;
export const FEATURE_CANDIDATES = 4;
/** Residual shift, in pixels along each axis, searched after centring. */
const RESIDUAL_SHIFT = 1;
/** An image at pixel distance D below this from a reference digit is a copy of it (calibrated). */
export const COPY_PIXEL_DISTANCE = 0.02;
/** MiFID's ε: a memorisation distance d below this divides FID by d (calibrated; Kaggle's 0.1 suits 2,048 Inception features, not these). */
export const MIFID_EPSILON = 0.01;
/** d is floored here: the float32 features resolve no smaller distance, and FID / 0 is no score. */
export const MIFID_MIN_DISTANCE = 1e-6;

const BLOCK = 4;
const KEY_SIDE = DIGIT_SIDE / BLOCK;
const KEY_SIZE = KEY_SIDE * KEY_SIDE;
const CENTRE = (DIGIT_SIDE - 1) / 2;

/** Reference digits prepared for search. */
export interface MemorisationReference {
  count: number;
  /** Evaluator features per digit. */
  dim: number;
  /** count × 784: cleaned and centred by whole pixels. */
  centred: Uint8Array;
  /** KEY_SIZE × count, unit keys stored element by element (each element's values over all references contiguous); float32 halves the memory each scan reads. */
  keysByElement: Float32Array;
  /** dim × count, unit feature vectors stored likewise. */
  featuresByElement: Float32Array;
}

/** The image after a 3×3 median filter (0 outside the image), grey levels below CLEAN_LEVEL set to 0. */
export function cleanDigit(image: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(DIGIT_PIXELS);
  // The median is ≥ CLEAN_LEVEL exactly when at least 5 of the 9 values are: count those first
  // (3×3 box sums of a mask), and sort only there — most of a digit is background.
  const rowCounts = new Uint8Array(DIGIT_PIXELS);
  for (let row = 0; row < DIGIT_SIDE; row++)
    for (let col = 0; col < DIGIT_SIDE; col++) {
      let n = 0;
      for (let c = Math.max(0, col - 1); c <= Math.min(DIGIT_SIDE - 1, col + 1); c++) if (image[row * DIGIT_SIDE + c] >= CLEAN_LEVEL) n++;
      rowCounts[row * DIGIT_SIDE + col] = n;
    }
  const w = new Int32Array(9);
  for (let row = 0; row < DIGIT_SIDE; row++)
    for (let col = 0; col < DIGIT_SIDE; col++) {
      let inked = 0;
      for (let r = Math.max(0, row - 1); r <= Math.min(DIGIT_SIDE - 1, row + 1); r++) inked += rowCounts[r * DIGIT_SIDE + col];
      if (inked < 5) continue;
      let n = 0;
      for (let dr = -1; dr <= 1; dr++)
        for (let dc = -1; dc <= 1; dc++) {
          const r = row + dr;
          const c = col + dc;
          w[n++] = r >= 0 && r < DIGIT_SIDE && c >= 0 && c < DIGIT_SIDE ? image[r * DIGIT_SIDE + c] : 0;
        }
      out[row * DIGIT_SIDE + col] = median9(w);
    }
  return out;
}

/** The 19 compare-exchanges of a median-of-9 network (N. Devillard, "Fast median search: an ANSI C implementation", 1998, opt_med9): afterwards w[4] is the median. */
const MEDIAN9_EXCHANGES = [1, 2, 4, 5, 7, 8, 0, 1, 3, 4, 6, 7, 1, 2, 4, 5, 7, 8, 0, 3, 5, 8, 4, 7, 3, 6, 1, 4, 2, 5, 4, 7, 4, 2, 6, 4, 4, 2];

function median9(w: Int32Array): number {
  for (let e = 0; e < MEDIAN9_EXCHANGES.length; e += 2) {
    const a = MEDIAN9_EXCHANGES[e];
    const b = MEDIAN9_EXCHANGES[e + 1];
    if (w[a] > w[b]) {
      const t = w[a];
      w[a] = w[b];
      w[b] = t;
    }
  }
  return w[4];
}

/** Centre of mass (row, column) of an image's grey levels; null for a blank image. */
function centreOfMass(image: Uint8Array): [number, number] | null {
  let mass = 0;
  let rows = 0;
  let cols = 0;
  for (let row = 0; row < DIGIT_SIDE; row++)
    for (let col = 0; col < DIGIT_SIDE; col++) {
      const v = image[row * DIGIT_SIDE + col];
      mass += v;
      rows += v * row;
      cols += v * col;
    }
  return mass > 0 ? [rows / mass, cols / mass] : null;
}

/** The cleaned image moved by whole pixels so its centre of mass is nearest the centre (zeros shifted in). */
function centred(clean: Uint8Array): Uint8Array {
  const com = centreOfMass(clean);
  if (!com) return clean;
  const sy = Math.round(CENTRE - com[0]);
  const sx = Math.round(CENTRE - com[1]);
  const out = new Uint8Array(DIGIT_PIXELS);
  for (let row = Math.max(0, sy); row < Math.min(DIGIT_SIDE, DIGIT_SIDE + sy); row++)
    for (let col = Math.max(0, sx); col < Math.min(DIGIT_SIDE, DIGIT_SIDE + sx); col++) out[row * DIGIT_SIDE + col] = clean[(row - sy) * DIGIT_SIDE + col - sx];
  return out;
}

/** The 7×7 block sums of the cleaned image moved bilinearly so its centre of mass is the centre, unit length (0 when blank). */
function centredKey(clean: Uint8Array): Float64Array {
  const key = new Float64Array(KEY_SIZE);
  const com = centreOfMass(clean);
  if (!com) return key;
  const oy = com[0] - CENTRE;
  const ox = com[1] - CENTRE;
  // Pixel (row, col) lands at (row − oy, col − ox): its grey level is split over the four pixels around it.
  const y0 = Math.floor(-oy);
  const x0 = Math.floor(-ox);
  const fy = -oy - y0;
  const fx = -ox - x0;
  const add = (row: number, col: number, value: number) => {
    if (row >= 0 && row < DIGIT_SIDE && col >= 0 && col < DIGIT_SIDE) key[Math.floor(row / BLOCK) * KEY_SIDE + Math.floor(col / BLOCK)] += value;
  };
  for (let row = 0; row < DIGIT_SIDE; row++)
    for (let col = 0; col < DIGIT_SIDE; col++) {
      const v = clean[row * DIGIT_SIDE + col];
      if (v === 0) continue;
      add(row + y0, col + x0, v * (1 - fy) * (1 - fx));
      add(row + y0, col + x0 + 1, v * (1 - fy) * fx);
      add(row + y0 + 1, col + x0, v * fy * (1 - fx));
      add(row + y0 + 1, col + x0 + 1, v * fy * fx);
    }
  normalise(key);
  return key;
}

/** Scales values to unit length in place (a zero vector stays 0). */
function normalise(values: Float64Array): void {
  let norm = 0;
  for (const v of values) norm += v * v;
  if (norm === 0) return;
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < values.length; i++) values[i] *= scale;
}

/** Prepares count reference digits (count × 784 grey levels) and their evaluator features (count × dim). */
export function memorisationReference(images: Uint8Array, features: ArrayLike<number>, count: number): MemorisationReference {
  const dim = features.length / count;
  if (images.length !== count * DIGIT_PIXELS || !Number.isInteger(dim)) throw new RangeError(`Expected ${count} images and ${count} feature vectors.`);
  const centredImages = new Uint8Array(count * DIGIT_PIXELS);
  const keysByElement = new Float32Array(KEY_SIZE * count);
  const featuresByElement = new Float32Array(dim * count);
  const feature = new Float64Array(dim);
  for (let j = 0; j < count; j++) {
    const clean = cleanDigit(images.subarray(j * DIGIT_PIXELS, (j + 1) * DIGIT_PIXELS));
    const image = centred(clean);
    centredImages.set(image, j * DIGIT_PIXELS);
    const key = centredKey(clean);
    for (let e = 0; e < KEY_SIZE; e++) keysByElement[e * count + j] = key[e];
    for (let d = 0; d < dim; d++) feature[d] = features[j * dim + d];
    normalise(feature);
    for (let d = 0; d < dim; d++) featuresByElement[d * count + j] = feature[d];
  }
  return { count, dim, centred: centredImages, keysByElement, featuresByElement };
}

export interface MemorisationResult {
  /** Fraction of the images that are copies of a reference digit. */
  copiedFraction: number;
  /** MiFID's d: mean over the images of the smallest cosine distance to any reference. */
  memorisationDistance: number;
  /** Per image: smallest cosine distance 1 − |cos| of features to any reference. */
  featureDistance: Float64Array;
  /** Per image: smallest pixel distance D to a shortlisted reference (a copy below COPY_PIXEL_DISTANCE). */
  pixelDistance: Float64Array;
}

/**
 * similarity[j] = Σ_e query[e] · byElement[e · count + j]: cosines with every reference when both
 * are unit vectors. Element-major storage keeps the inner loop contiguous, and zero query elements
 * (about half the ReLU features, the outer key blocks) cost nothing.
 */
function similarities(query: Float64Array, byElement: Float32Array, count: number, similarity: Float64Array): void {
  similarity.fill(0);
  for (let e = 0; e < query.length; e++) {
    const q = query[e];
    if (q === 0) continue;
    const row = e * count;
    for (let j = 0; j < count; j++) similarity[j] += q * byElement[row + j];
  }
}

/** Writes the indices of the k largest |similarity| into out (most similar first); returns the largest |similarity|. */
function mostSimilar(similarity: Float64Array, k: number, out: Int32Array, outAt: number): number {
  const top = new Float64Array(k).fill(-1);
  for (let j = 0; j < similarity.length; j++) {
    const s = Math.abs(similarity[j]);
    if (s <= top[k - 1]) continue;
    let at = k - 1;
    while (at > 0 && top[at - 1] < s) {
      top[at] = top[at - 1];
      out[outAt + at] = out[outAt + at - 1];
      at--;
    }
    top[at] = s;
    out[outAt + at] = j;
  }
  return top[0];
}

/** min over residual shifts s of ‖x − r_s‖² / (‖x‖² + ‖r_s‖²) for centred images; two blank images are at 0. */
function centredPixelDistance(x: Uint8Array, xx: number, r: Uint8Array): number {
  let best = Infinity;
  for (let sy = -RESIDUAL_SHIFT; sy <= RESIDUAL_SHIFT; sy++)
    for (let sx = -RESIDUAL_SHIFT; sx <= RESIDUAL_SHIFT; sx++) {
      let xr = 0;
      let rr = 0;
      for (let row = Math.max(0, sy); row < Math.min(DIGIT_SIDE, DIGIT_SIDE + sy); row++) {
        const xRow = row * DIGIT_SIDE;
        const rRow = (row - sy) * DIGIT_SIDE - sx;
        for (let col = Math.max(0, sx); col < Math.min(DIGIT_SIDE, DIGIT_SIDE + sx); col++) {
          const rv = r[rRow + col];
          xr += x[xRow + col] * rv;
          rr += rv * rv;
        }
      }
      const total = xx + rr;
      const distance = total > 0 ? 1 - (2 * xr) / total : 0;
      if (distance < best) best = distance;
    }
  return best;
}

/** Compares n images (n × 784 grey levels) and their evaluator features (n × dim) with the reference digits. */
export function detectCopies(reference: MemorisationReference, images: Uint8Array, features: ArrayLike<number>, n: number): MemorisationResult {
  const { count, dim } = reference;
  if (images.length !== n * DIGIT_PIXELS || features.length !== n * dim) throw new RangeError(`Expected ${n} images and ${n} × ${dim} features.`);
  const keyCandidates = Math.min(KEY_CANDIDATES, count);
  const featureCandidates = Math.min(FEATURE_CANDIDATES, count);
  const featureDistance = new Float64Array(n);
  const pixelDistance = new Float64Array(n);
  const similarity = new Float64Array(count);
  const feature = new Float64Array(dim);
  const candidates = new Int32Array(keyCandidates + featureCandidates);
  let copies = 0;
  let distanceSum = 0;
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) feature[d] = features[i * dim + d];
    normalise(feature);
    similarities(feature, reference.featuresByElement, count, similarity);
    featureDistance[i] = Math.max(0, 1 - mostSimilar(similarity, featureCandidates, candidates, keyCandidates));
    distanceSum += featureDistance[i];

    const clean = cleanDigit(images.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS));
    similarities(centredKey(clean), reference.keysByElement, count, similarity);
    mostSimilar(similarity, keyCandidates, candidates, 0);
    const image = centred(clean);
    let xx = 0;
    for (const v of image) xx += v * v;
    let best = Infinity;
    for (const r of candidates) best = Math.min(best, centredPixelDistance(image, xx, reference.centred.subarray(r * DIGIT_PIXELS, (r + 1) * DIGIT_PIXELS)));
    pixelDistance[i] = best;
    if (best < COPY_PIXEL_DISTANCE) copies++;
  }
  return { copiedFraction: n > 0 ? copies / n : 0, memorisationDistance: n > 0 ? distanceSum / n : 1, featureDistance, pixelDistance };
}

/** MiFID: FID / d when the memorisation distance d is below ε, else FID. */
export function mifid(fid: number, memorisationDistance: number, epsilon = MIFID_EPSILON): number {
  if (memorisationDistance >= epsilon) return fid;
  return fid / Math.max(memorisationDistance, MIFID_MIN_DISTANCE);
}
