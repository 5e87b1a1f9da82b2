/**
 * Memorisation detection for digit submissions: which submitted 28×28 images are copies of
 * reference digits (on the server: all 10,000 MNIST digits GenLab ships), and the memorisation
 * term of MiFID. docs/MEMORISATION.md has the calibration behind every constant here.
 *
 * Copies. Every image is brought to a canonical form that undoes what light disguises change:
 *   - cleaned: grey levels below CLEAN_LEVEL of its brightest, and inked pixels with fewer than
 *     CLEAN_SUPPORT inked pixels in their 3×3 neighbourhood (noise), become 0, holes in strokes
 *     are filled, and the rest is divided by the brightest grey level left (a darkened copy is its
 *     source again);
 *   - moved so that its centre of mass is the image centre, deslanted (sheared along rows so that
 *     its ink has no row–column covariance) and scaled so that the root-mean-square distance of its
 *     ink from the centre is CANONICAL_RADIUS, bilinearly: shifted, sheared and scaled copies then
 *     coincide with their source, and a rotated one nearly does (what is left is a residual
 *     rotation: the image gets one form per angle in ROTATIONS);
 *   - blurred (Gaussian, BLUR_SIGMA): what resampling and misalignment leave weighs less.
 * Each reference digit is kept in FORMS canonical forms: as it is, dilated (3×3 cross and square)
 * and eroded (cross), each made before cleaning, so that thickened or thinned copies meet their
 * source. Distances between forms allow for a stroke-width change of up to MAX_WIDTH_CHANGE pixels
 * and a contrast change of up to MAX_CONTRAST_CHANGE (a brightened and clipped copy, say): from
 *   D = ‖x − r‖² / (‖x‖² + ‖r‖²)     (0: identical; 1: no ink in common)
 * the part of x − r those changes explain is removed. Per submitted image:
 *   1. search: the SEARCH_CANDIDATES references whose coarse key (the form sampled on a 6×6 grid,
 *      smoothed further) is nearest by cosine;
 *   2. ranking: those re-ranked by a finer 9×9 key over the image's rotations and the reference's
 *      forms; the best RANK_CANDIDATES, plus the FEATURE_CANDIDATES nearest by cosine of the
 *      evaluator's features, are candidates;
 *   3. the candidates' D at the rotation and form their keys chose, with and without the allowance
 *      for appearance; the ALIGNED_PLAIN nearest by the first and the ALIGNED_APART nearest by the
 *      second are aligned to the image (inverse-compositional Lucas–Kanade, affine, LK_ITERATIONS
 *      Gauss–Newton steps) and D is measured again.
 *   With D1 the smallest aligned D and D2 the smallest unaligned D (with the allowance) of any other
 *   candidate, the image is a copy when its copy score D1 / √D2 is below COPY_SCORE: far nearer one
 *   digit than to the next. (D1 alone fails on simple shapes: many genuine 1s are as near some train
 *   1 as a rotated copy is to its source; and their next-nearest is about as near.)
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

/** Cleaning: grey levels below this fraction of the image's brightest become background. */
export const CLEAN_LEVEL = 0.19;
/** Cleaning: an inked pixel needs this many inked pixels (itself included) in its 3×3 neighbourhood. */
export const CLEAN_SUPPORT = 3;
/** Cleaning: a background pixel with this many inked neighbours is a hole in a stroke (pepper noise) and is filled. */
export const HOLE_SUPPORT = 7;
/** Canonical form: root-mean-square distance of the ink from the centre, in pixels (digits' median is 6.5). */
const CANONICAL_RADIUS = 6;
/** Canonical form: standard deviation of the Gaussian blur, in pixels. */
const BLUR_SIGMA = 1;
/** Residual rotations searched after canonicalisation: degrees of the rotation of the image they undo. */
const ROTATIONS = [0, -5, 5, -10, 10];
/** Forms of each reference digit: as it is, dilated (cross, square), eroded (cross). */
const FORMS = 4;
/** Candidates kept by the coarse key, by the fine key, and by evaluator features; candidates aligned by D without and with the appearance allowance. */
const SEARCH_CANDIDATES = 128;
const RANK_CANDIDATES = 12;
const FEATURE_CANDIDATES = 8;
const ALIGNED_PLAIN = 2;
const ALIGNED_APART = 2;
/** Appearance changes distances allow for: stroke width, in pixels, and contrast, as a fraction. */
const MAX_WIDTH_CHANGE = 1;
const MAX_CONTRAST_CHANGE = 0.3;
/** Gauss–Newton steps of the alignment. */
const LK_ITERATIONS = 3;
/** An image whose copy score D1 / √D2 is below this is a copy (calibrated). */
export const COPY_SCORE = 0.02;
/** D2 is floored here: an image identical to two references (a duplicated digit) scores 0, not 0 / 0. */
const MIN_SECOND_DISTANCE = 1e-9;
/** MiFID's ε: a memorisation distance d below this divides FID by d (calibrated; Kaggle's 0.1 suits 2,048 Inception features, not these). */
export const MIFID_EPSILON = 0.01;
/** d is floored here: the float32 features resolve no smaller distance, and FID / 0 is no score. */
export const MIFID_MIN_DISTANCE = 1e-6;

const CENTRE = (DIGIT_SIDE - 1) / 2;
/** Smallest root-mean-square spread of ink along an axis, in pixels. */
const MIN_SPREAD = 0.5;
/** Keys: Gaussian-weighted samples of the canonical form on a grid (points per side, spacing, extra smoothing). */
const SEARCH_KEY = { points: 6, spacing: 4.4, sigma: 1.7 };
const RANK_KEY = { points: 9, spacing: 3, sigma: 1.1 };
const SEARCH_KEY_SIZE = SEARCH_KEY.points * SEARCH_KEY.points;
const RANK_KEY_SIZE = RANK_KEY.points * RANK_KEY.points;

/** Reference digits prepared for search. */
export interface MemorisationReference {
  count: number;
  /** Evaluator features per digit. */
  dim: number;
  /** count × FORMS × 784: canonical forms (as is, dilated by a cross and a square, eroded), grey levels 0–255. */
  canonical: Uint8Array;
  /** SEARCH_KEY_SIZE × count, unit coarse keys stored by element (scanned as the features are); float32 halves the memory each scan reads. */
  searchKeysByElement: Float32Array;
  /** count × FORMS × RANK_KEY_SIZE: unit fine keys of each form. */
  rankKeys: Float32Array;
  /** dim × count, unit feature vectors stored by element. */
  featuresByElement: Float32Array;
}

/**
 * The image cleaned as the canonical form starts (see the top of this file), grey levels in [0, 1].
 * Pixels from CLEAN_LEVEL × the brightest are inked. An inked pixel with at least CLEAN_SUPPORT
 * inked pixels in its 3×3 neighbourhood (itself included) is kept; a pixel that is not inked but has
 * at least HOLE_SUPPORT inked neighbours takes their mean; every other pixel is 0. The result is
 * divided by its brightest pixel.
 */
export function cleanDigit(image: ArrayLike<number>): Float32Array {
  const out = new Float32Array(DIGIT_PIXELS);
  let brightest = 0;
  for (let p = 0; p < DIGIT_PIXELS; p++) if (image[p] > brightest) brightest = image[p];
  if (brightest === 0) return out;
  const level = CLEAN_LEVEL * brightest;
  // Inked pixels per 3-pixel row segment, then per 3×3 neighbourhood.
  const rowCounts = new Uint8Array(DIGIT_PIXELS);
  for (let row = 0; row < DIGIT_SIDE; row++)
    for (let col = 0; col < DIGIT_SIDE; col++) {
      let n = 0;
      for (let c = Math.max(0, col - 1); c <= Math.min(DIGIT_SIDE - 1, col + 1); c++) if (image[row * DIGIT_SIDE + c] >= level) n++;
      rowCounts[row * DIGIT_SIDE + col] = n;
    }
  let kept = 0;
  for (let row = 0; row < DIGIT_SIDE; row++)
    for (let col = 0; col < DIGIT_SIDE; col++) {
      let v = image[row * DIGIT_SIDE + col];
      let inked = 0;
      for (let r = Math.max(0, row - 1); r <= Math.min(DIGIT_SIDE - 1, row + 1); r++) inked += rowCounts[r * DIGIT_SIDE + col];
      if (v < level) {
        // A hole (pepper) in a stroke: filled with the mean of its inked neighbours.
        if (inked < HOLE_SUPPORT) continue;
        let sum = 0;
        for (let r = Math.max(0, row - 1); r <= Math.min(DIGIT_SIDE - 1, row + 1); r++)
          for (let c = Math.max(0, col - 1); c <= Math.min(DIGIT_SIDE - 1, col + 1); c++)
            if (image[r * DIGIT_SIDE + c] >= level) sum += image[r * DIGIT_SIDE + c];
        v = sum / inked;
      } else if (inked < CLEAN_SUPPORT) continue;
      out[row * DIGIT_SIDE + col] = v;
      if (v > kept) kept = v;
    }
  if (kept > 0) for (let p = 0; p < DIGIT_PIXELS; p++) out[p] /= kept;
  return out;
}

/** Each pixel the largest (dilate) or smallest (erode) grey level of itself and its 4 neighbours, or its 8 (square); 0 outside the image. */
function morphology(image: ArrayLike<number>, dilate: boolean, square: boolean): Uint8Array {
  const out = new Uint8Array(DIGIT_PIXELS);
  for (let row = 0; row < DIGIT_SIDE; row++)
    for (let col = 0; col < DIGIT_SIDE; col++) {
      let v = image[row * DIGIT_SIDE + col];
      for (let dr = -1; dr <= 1; dr++)
        for (let dc = -1; dc <= 1; dc++) {
          if (!square && dr !== 0 && dc !== 0) continue;
          const r = row + dr;
          const c = col + dc;
          const neighbour = r >= 0 && r < DIGIT_SIDE && c >= 0 && c < DIGIT_SIDE ? image[r * DIGIT_SIDE + c] : 0;
          v = dilate ? Math.max(v, neighbour) : Math.min(v, neighbour);
        }
      out[row * DIGIT_SIDE + col] = v;
    }
  return out;
}

/** Where an image's ink is and how it is spread: the map from image to canonical coordinates. */
interface Frame {
  /** Centre of mass (row, column). */
  row: number;
  col: number;
  /** Deslant: canonical u = scale · (x − slant · y), w = scale · y, with (x, y) relative to the centre of mass. */
  slant: number;
  scale: number;
  /** Canonical root-mean-square spread along u and along w. */
  spreadU: number;
  spreadW: number;
}

/** The canonical frame of a cleaned image; null when it is blank. */
function canonicalFrame(image: Float32Array): Frame | null {
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
  if (mass === 0) return null;
  const row0 = rows / mass;
  const col0 = cols / mass;
  let yy = 0;
  let xy = 0;
  let xx = 0;
  for (let row = 0; row < DIGIT_SIDE; row++)
    for (let col = 0; col < DIGIT_SIDE; col++) {
      const v = image[row * DIGIT_SIDE + col];
      if (v === 0) continue;
      const y = row - row0;
      const x = col - col0;
      yy += v * y * y;
      xy += v * x * y;
      xx += v * x * x;
    }
  // A spread below half a pixel (a straight stroke one pixel thin) is measured as half a pixel: the
  // slant and aspect of such a stroke stay finite.
  yy = Math.max(yy / mass, MIN_SPREAD ** 2);
  xy /= mass;
  xx /= mass;
  const slant = xy / yy;
  const deslantedXX = Math.max(xx - 2 * slant * xy + slant * slant * yy, MIN_SPREAD ** 2);
  const scale = CANONICAL_RADIUS / Math.sqrt(deslantedXX + yy);
  return { row: row0, col: col0, slant, scale, spreadU: Math.sqrt(deslantedXX) * scale, spreadW: Math.sqrt(yy) * scale };
}

/** Bilinear sample of a 28×28 image at (row, col); 0 outside. */
function sample(image: ArrayLike<number>, row: number, col: number): number {
  const r0 = Math.floor(row);
  const c0 = Math.floor(col);
  const fy = row - r0;
  const fx = col - c0;
  const p = r0 * DIGIT_SIDE + c0;
  if (r0 >= 0 && r0 < DIGIT_SIDE - 1 && c0 >= 0 && c0 < DIGIT_SIDE - 1)
    return (1 - fy) * ((1 - fx) * image[p] + fx * image[p + 1]) + fy * ((1 - fx) * image[p + DIGIT_SIDE] + fx * image[p + DIGIT_SIDE + 1]);
  if (r0 < -1 || r0 >= DIGIT_SIDE || c0 < -1 || c0 >= DIGIT_SIDE) return 0;
  const top = r0 >= 0;
  const bottom = r0 + 1 < DIGIT_SIDE;
  const left = c0 >= 0;
  const right = c0 + 1 < DIGIT_SIDE;
  const v00 = top && left ? image[p] : 0;
  const v01 = top && right ? image[p + 1] : 0;
  const v10 = bottom && left ? image[p + DIGIT_SIDE] : 0;
  const v11 = bottom && right ? image[p + DIGIT_SIDE + 1] : 0;
  return (1 - fy) * ((1 - fx) * v00 + fx * v01) + fy * ((1 - fx) * v10 + fx * v11);
}

/** A separable Gaussian filter sampled at `points` positions: for position i, weights over the 28 rows (or columns) from[i] ≤ p < to[i] (beyond 3σ they are negligible). */
interface Separable {
  points: number;
  weights: Float64Array;
  from: Int32Array;
  to: Int32Array;
}

/** Weights exp(−(p − cᵢ)² / 2σ²) around cᵢ = first + i · spacing, summing to 1 when `normalised`. */
function separable(points: number, first: number, spacing: number, sigma: number, normalised: boolean): Separable {
  const weights = new Float64Array(points * DIGIT_SIDE);
  const from = new Int32Array(points);
  const to = new Int32Array(points);
  for (let i = 0; i < points; i++) {
    const centre = first + i * spacing;
    from[i] = Math.max(0, Math.ceil(centre - 3 * sigma));
    to[i] = Math.min(DIGIT_SIDE, Math.floor(centre + 3 * sigma) + 1);
    let total = 0;
    for (let p = from[i]; p < to[i]; p++) total += weights[i * DIGIT_SIDE + p] = Math.exp(-((p - centre) ** 2) / (2 * sigma * sigma));
    if (normalised) for (let p = from[i]; p < to[i]; p++) weights[i * DIGIT_SIDE + p] /= total;
  }
  return { points, weights, from, to };
}

/** The first pass of filter, reused: the module runs on one thread. */
const filterRows = new Float64Array(DIGIT_PIXELS);

/** out[at + i · points + j] = Σ over (row, col) of weightᵢ(row) · weightⱼ(col) · image[row, col]: a blur when points = 28, a key otherwise. */
function filter(image: ArrayLike<number>, f: Separable, out: Float32Array | Float64Array, at: number): void {
  const { points, weights, from, to } = f;
  const byRow = filterRows.fill(0, 0, points * DIGIT_SIDE);
  for (let i = 0; i < points; i++)
    for (let row = from[i]; row < to[i]; row++) {
      const w = weights[i * DIGIT_SIDE + row];
      for (let col = 0; col < DIGIT_SIDE; col++) byRow[i * DIGIT_SIDE + col] += w * image[row * DIGIT_SIDE + col];
    }
  for (let i = 0; i < points; i++)
    for (let j = 0; j < points; j++) {
      let v = 0;
      for (let col = from[j]; col < to[j]; col++) v += weights[j * DIGIT_SIDE + col] * byRow[i * DIGIT_SIDE + col];
      out[at + i * points + j] = v;
    }
}

/** The canonical form's blur: zeros outside the image. */
const BLUR = separable(DIGIT_SIDE, 0, 1, BLUR_SIGMA, true);

/**
 * The canonical form of a cleaned image under a residual rotation of `degrees`: its canonical
 * coordinates mapped by [[cos φ, −(a/b) sin φ], [(b/a) sin φ, cos φ]] (a, b: the spreads along u
 * and w; tan φ = (a/b) tan degrees), the maps that keep a canonical form canonical — what a small
 * rotation of the image leaves after deslanting and scaling. Blurred.
 */
function canonicalForm(image: Float32Array, frame: Frame, degrees: number): Float32Array {
  const out = new Float32Array(DIGIT_PIXELS);
  const aspect = frame.spreadU / frame.spreadW;
  const phi = Math.atan(aspect * Math.tan((degrees * Math.PI) / 180));
  const cos = Math.cos(phi);
  const sin = Math.sin(phi);
  // Output (u₀, w₀) → undo the residual map → (u, w) → image y = w / scale, x = u / scale + slant · y:
  // linear, so image coordinates advance by constant steps along rows and columns.
  const yPerU = -sin / aspect / frame.scale;
  const yPerW = cos / frame.scale;
  const xPerU = cos / frame.scale + frame.slant * yPerU;
  const xPerW = (aspect * sin) / frame.scale + frame.slant * yPerW;
  for (let row = 0; row < DIGIT_SIDE; row++) {
    let y = frame.row + yPerU * -CENTRE + yPerW * (row - CENTRE);
    let x = frame.col + xPerU * -CENTRE + xPerW * (row - CENTRE);
    for (let col = 0; col < DIGIT_SIDE; col++) {
      out[row * DIGIT_SIDE + col] = sample(image, y, x);
      y += yPerU;
      x += xPerU;
    }
  }
  const blurred = new Float32Array(DIGIT_PIXELS);
  filter(out, BLUR, blurred, 0);
  return blurred;
}

/** Keys: the canonical form smoothed further and sampled on a grid centred on the image. */
function keyGrid(key: { points: number; spacing: number; sigma: number }): Separable {
  return separable(key.points, CENTRE - ((key.points - 1) * key.spacing) / 2, key.spacing, key.sigma, false);
}
const SEARCH_KEY_GRID = keyGrid(SEARCH_KEY);
const RANK_KEY_GRID = keyGrid(RANK_KEY);

/** A key of the canonical form, unit length (0 when blank), written at out[at…]. */
function writeKey(form: ArrayLike<number>, grid: Separable, out: Float32Array | Float64Array, at: number): void {
  filter(form, grid, out, at);
  const size = grid.points * grid.points;
  let norm = 0;
  for (let e = 0; e < size; e++) norm += out[at + e] * out[at + e];
  if (norm > 0) for (let e = 0; e < size; e++) out[at + e] /= Math.sqrt(norm);
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
  const canonical = new Uint8Array(count * FORMS * DIGIT_PIXELS);
  const searchKeysByElement = new Float32Array(SEARCH_KEY_SIZE * count);
  const searchKey = new Float32Array(SEARCH_KEY_SIZE);
  const rankKeys = new Float32Array(count * FORMS * RANK_KEY_SIZE);
  const featuresByElement = new Float32Array(dim * count);
  const feature = new Float64Array(dim);
  for (let j = 0; j < count; j++) {
    const image = images.subarray(j * DIGIT_PIXELS, (j + 1) * DIGIT_PIXELS);
    // Each form is cleaned like a submitted image: thickened or thinned before, as a disguise would be.
    const forms = [image, morphology(image, true, false), morphology(image, true, true), morphology(image, false, false)].map(cleanDigit);
    forms.forEach((clean, f) => {
      const frame = canonicalFrame(clean);
      // A blank form (an eroded stroke gone) stays blank: at distance 1 from everything.
      if (!frame) return;
      const form = canonicalForm(clean, frame, 0);
      const at = (j * FORMS + f) * DIGIT_PIXELS;
      for (let p = 0; p < DIGIT_PIXELS; p++) canonical[at + p] = Math.round(255 * Math.min(1, form[p]));
      writeKey(form, RANK_KEY_GRID, rankKeys, (j * FORMS + f) * RANK_KEY_SIZE);
      if (f !== 0) return;
      writeKey(form, SEARCH_KEY_GRID, searchKey, 0);
      for (let e = 0; e < SEARCH_KEY_SIZE; e++) searchKeysByElement[e * count + j] = searchKey[e];
    });
    for (let d = 0; d < dim; d++) feature[d] = features[j * dim + d];
    normalise(feature);
    for (let d = 0; d < dim; d++) featuresByElement[d * count + j] = feature[d];
  }
  return { count, dim, canonical, searchKeysByElement, rankKeys, featuresByElement };
}

export interface MemorisationResult {
  /** Fraction of the images that are copies of a reference digit. */
  copiedFraction: number;
  /** MiFID's d: mean over the images of the smallest cosine distance to any reference. */
  memorisationDistance: number;
  /** Per image: smallest cosine distance 1 − |cos| of features to any reference. */
  featureDistance: Float64Array;
  /** Per image: D1, the smallest aligned pixel distance to a candidate reference (1 for a blank image). */
  pixelDistance: Float64Array;
  /** Per image: D2, the smallest unaligned pixel distance to any other candidate. */
  secondPixelDistance: Float64Array;
  /** Per image: D1 / √D2; a copy below COPY_SCORE. */
  copyScore: Float64Array;
  /** Per image: the index of the reference digit at D1 (−1 for a blank image). */
  nearest: Int32Array;
}

/** References per stretch of a scan: a stretch's rows stay in cache while every query of a block reads them. */
const SCAN_STRETCH = 1024;
/** Images whose scans share each pass over the references. */
const SCAN_BLOCK = 16;

/**
 * out[b][j] = Σ_e queries[b][e] · byElement[e · count + j]: cosines with every reference when both
 * are unit vectors. Element-major storage keeps the inner loop contiguous, zero query elements
 * (about half the ReLU features) cost nothing, and a block of queries reads each stretch of the
 * references from cache rather than memory. Each sum is taken in the same order for any block.
 */
function similarities(queries: Float64Array[], byElement: Float32Array, count: number, out: Float64Array[]): void {
  // Four elements per pass over the references: a quarter of the reads and writes of out[b].
  // (Past the last nonzero element: weight 0 on the group's first row.)
  const groups = queries.map((query) => {
    const nonzero: number[] = [];
    for (let e = 0; e < query.length; e++) if (query[e] !== 0) nonzero.push(e);
    const padded = Math.ceil(nonzero.length / 4) * 4;
    const rows = new Int32Array(padded);
    const weights = new Float64Array(padded);
    for (let k = 0; k < padded; k++) {
      rows[k] = nonzero[k < nonzero.length ? k : k - (k % 4)] * count;
      weights[k] = k < nonzero.length ? query[nonzero[k]] : 0;
    }
    return { rows, weights };
  });
  for (const similarity of out) similarity.fill(0);
  for (let from = 0; from < count; from += SCAN_STRETCH) {
    const to = Math.min(count, from + SCAN_STRETCH);
    for (let b = 0; b < queries.length; b++) {
      const similarity = out[b];
      const { rows, weights } = groups[b];
      for (let g = 0; g < rows.length; g += 4) {
        const [r0, r1, r2, r3] = [rows[g], rows[g + 1], rows[g + 2], rows[g + 3]];
        const [q0, q1, q2, q3] = [weights[g], weights[g + 1], weights[g + 2], weights[g + 3]];
        for (let j = from; j < to; j++) similarity[j] += q0 * byElement[r0 + j] + q1 * byElement[r1 + j] + q2 * byElement[r2 + j] + q3 * byElement[r3 + j];
      }
    }
  }
}

/** Writes the indices of the k largest |similarity| into out, in no particular order; returns the largest |similarity|. */
function mostSimilar(similarity: Float64Array, k: number, out: Int32Array): number {
  // A min-heap of the k largest so far: most values fall below its root and cost one comparison.
  const heap = new Float64Array(k).fill(-Infinity);
  for (let j = 0; j < similarity.length; j++) {
    const s = Math.abs(similarity[j]);
    if (s <= heap[0]) continue;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= k) break;
      const child = left + 1 < k && heap[left + 1] < heap[left] ? left + 1 : left;
      if (heap[child] >= s) break;
      heap[at] = heap[child];
      out[at] = out[child];
      at = child;
    }
    heap[at] = s;
    out[at] = j;
  }
  let largest = -Infinity;
  for (const s of heap) if (s > largest) largest = s;
  return largest;
}

/**
 * A canonical form of the submitted image (under one residual rotation) with the two appearance
 * changes its distances allow for, as orthonormal images: stroke width (a thicker or thinner stroke
 * moves the edges along the gradient: |∇x|) and contrast (x itself; a brightened and clipped copy
 * differs from its source in both).
 */
interface Posed {
  form: Float32Array;
  /** ‖form‖². */
  norm: number;
  /** Unit |∇form|, and ‖|∇form|‖: a stroke-width change of δ pixels adds about δ · widthScale · width. */
  width: Float64Array;
  widthScale: number;
  /** The form less its width part, unit, and the form's part along it: a contrast change by a factor 1 + γ adds about γ · contrastScale · contrast. */
  contrast: Float64Array;
  contrastScale: number;
}

function posed(form: Float32Array): Posed {
  const width = new Float64Array(DIGIT_PIXELS);
  for (let row = 1; row < DIGIT_SIDE - 1; row++)
    for (let col = 1; col < DIGIT_SIDE - 1; col++) {
      const p = row * DIGIT_SIDE + col;
      const gx = form[p + 1] - form[p - 1];
      const gy = form[p + DIGIT_SIDE] - form[p - DIGIT_SIDE];
      width[p] = Math.sqrt(gx * gx + gy * gy) / 2;
    }
  const widthScale = Math.sqrt(dot(width, width));
  normalise(width);
  const contrast = Float64Array.from(form);
  const overlap = dot(width, contrast);
  for (let p = 0; p < DIGIT_PIXELS; p++) contrast[p] -= overlap * width[p];
  const contrastScale = Math.sqrt(dot(contrast, contrast));
  normalise(contrast);
  return { form, norm: dot(form, form), width, widthScale, contrast, contrastScale };
}

/**
 * ‖e‖² less what a stroke-width change of at most MAX_WIDTH_CHANGE pixels and a contrast change
 * of at most MAX_CONTRAST_CHANGE explain, for a difference e with ‖e‖² = ee and parts widthPart,
 * contrastPart along the posed form's appearance images. (Unbounded, contrast would explain away
 * any difference from a blank or fainter image.)
 */
function unexplained(x: Posed, ee: number, widthPart: number, contrastPart: number): number {
  const width = Math.max(-MAX_WIDTH_CHANGE * x.widthScale, Math.min(MAX_WIDTH_CHANGE * x.widthScale, widthPart));
  const contrast = Math.max(-MAX_CONTRAST_CHANGE * x.contrastScale, Math.min(MAX_CONTRAST_CHANGE * x.contrastScale, contrastPart));
  // The appearance images are orthonormal: ‖e − w·width − c·contrast‖² = ‖e‖² − 2w·widthPart + w² − 2c·contrastPart + c².
  return Math.max(0, ee - 2 * width * widthPart + width * width - 2 * contrast * contrastPart + contrast * contrast);
}

/**
 * D = ‖e‖² / (‖x‖² + ‖r‖²) for the difference e between a stored form r (0–255) and the posed form
 * x (plain), and the same for what appearance changes leave of e (apart); 0 for two blank images.
 */
function pixelDistances(x: Posed, stored: Uint8Array, at: number, out: { plain: number; apart: number }): void {
  const { form, width, contrast } = x;
  let ee = 0;
  let rr = 0;
  let widthPart = 0;
  let contrastPart = 0;
  for (let p = 0; p < DIGIT_PIXELS; p++) {
    const r = stored[at + p] * (1 / 255);
    const e = r - form[p];
    rr += r * r;
    ee += e * e;
    widthPart += width[p] * e;
    contrastPart += contrast[p] * e;
  }
  const total = x.norm + rr;
  out.plain = total > 0 ? ee / total : 0;
  out.apart = total > 0 ? unexplained(x, ee, widthPart, contrastPart) / total : 0;
}

/**
 * The template side of an inverse-compositional Lucas–Kanade alignment (Baker and Matthews,
 * "Lucas-Kanade 20 Years On", 2004) of a reference form to a posed form: the six steepest-descent
 * images of an affine warp, with the appearance images projected out ("project out", ibid.), and
 * the inverse of their Gauss–Newton Hessian.
 */
interface Template {
  posed: Posed;
  /** 784 × 6 steepest-descent images. */
  descent: Float64Array;
  inverseHessian: Float64Array;
}

function alignmentTemplate(posed: Posed): Template {
  const { form } = posed;
  const descent = new Float64Array(DIGIT_PIXELS * 6);
  for (let row = 0; row < DIGIT_SIDE; row++)
    for (let col = 0; col < DIGIT_SIDE; col++) {
      const p = row * DIGIT_SIDE + col;
      const gx = col > 0 && col < DIGIT_SIDE - 1 ? (form[p + 1] - form[p - 1]) / 2 : 0;
      const gy = row > 0 && row < DIGIT_SIDE - 1 ? (form[p + DIGIT_SIDE] - form[p - DIGIT_SIDE]) / 2 : 0;
      const u = col - CENTRE;
      const w = row - CENTRE;
      // ∂(warped u, w)/∂(a11, a21, a12, a22, t1, t2) for u' = a11 u + a12 w + t1, w' = a21 u + a22 w + t2.
      descent[p * 6] = gx * u;
      descent[p * 6 + 1] = gy * u;
      descent[p * 6 + 2] = gx * w;
      descent[p * 6 + 3] = gy * w;
      descent[p * 6 + 4] = gx;
      descent[p * 6 + 5] = gy;
    }
  for (const appearance of [posed.width, posed.contrast]) {
    const projections = new Float64Array(6);
    for (let p = 0; p < DIGIT_PIXELS; p++) for (let k = 0; k < 6; k++) projections[k] += appearance[p] * descent[p * 6 + k];
    for (let p = 0; p < DIGIT_PIXELS; p++) for (let k = 0; k < 6; k++) descent[p * 6 + k] -= projections[k] * appearance[p];
  }
  const hessian = new Float64Array(36);
  for (let p = 0; p < DIGIT_PIXELS; p++) for (let a = 0; a < 6; a++) for (let b = 0; b <= a; b++) hessian[a * 6 + b] += descent[p * 6 + a] * descent[p * 6 + b];
  for (let a = 0; a < 6; a++) {
    for (let b = a + 1; b < 6; b++) hessian[a * 6 + b] = hessian[b * 6 + a];
    // A blank or featureless template leaves the Hessian singular: a tiny ridge keeps it invertible.
    hessian[a * 6 + a] += 1e-9;
  }
  return { posed, descent, inverseHessian: invert6(hessian) };
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Inverse of a symmetric positive-definite 6×6 matrix (Gauss–Jordan). */
function invert6(matrix: Float64Array): Float64Array {
  const a = Float64Array.from(matrix);
  const inverse = new Float64Array(36);
  for (let i = 0; i < 6; i++) inverse[i * 7] = 1;
  for (let c = 0; c < 6; c++) {
    const pivot = a[c * 7];
    for (let j = 0; j < 6; j++) {
      a[c * 6 + j] /= pivot;
      inverse[c * 6 + j] /= pivot;
    }
    for (let r = 0; r < 6; r++) {
      if (r === c) continue;
      const f = a[r * 6 + c];
      for (let j = 0; j < 6; j++) {
        a[r * 6 + j] -= f * a[c * 6 + j];
        inverse[r * 6 + j] -= f * inverse[c * 6 + j];
      }
    }
  }
  return inverse;
}

/**
 * The pixel distance between the template and a stored reference form after aligning the form to
 * it, less the stroke-width and contrast parts of their difference: the smallest over the steps.
 */
function alignedDistance(template: Template, stored: Uint8Array, at: number): number {
  const { descent, inverseHessian } = template;
  const { form, width, contrast } = template.posed;
  // Warp: template coordinates (u, w) ↦ (a11 u + a12 w + t1, a21 u + a22 w + t2) in the reference form.
  let [a11, a12, a21, a22, t1, t2] = [1, 0, 0, 1, 0, 0];
  let best = Infinity;
  const b = new Float64Array(6);
  const d = new Float64Array(6);
  const image = stored.subarray(at, at + DIGIT_PIXELS);
  for (let step = 0; ; step++) {
    let ww = 0;
    let ee = 0;
    let widthPart = 0;
    let contrastPart = 0;
    b.fill(0);
    for (let row = 0; row < DIGIT_SIDE; row++) {
      // Reference coordinates advance by constant steps along a row.
      let y = a21 * -CENTRE + a22 * (row - CENTRE) + t2 + CENTRE;
      let x = a11 * -CENTRE + a12 * (row - CENTRE) + t1 + CENTRE;
      for (let col = 0; col < DIGIT_SIDE; col++, y += a21, x += a11) {
        const p = row * DIGIT_SIDE + col;
        const v = sample(image, y, x) / 255;
        const e = v - form[p];
        ww += v * v;
        ee += e * e;
        widthPart += width[p] * e;
        contrastPart += contrast[p] * e;
        // The descent images are orthogonal to the appearance images: their parts of e add nothing here.
        if (e !== 0) for (let k = 0; k < 6; k++) b[k] += descent[p * 6 + k] * e;
      }
    }
    const total = template.posed.norm + ww;
    best = Math.min(best, total > 0 ? unexplained(template.posed, ee, widthPart, contrastPart) / total : 0);
    if (step === LK_ITERATIONS) return best;
    d.fill(0);
    for (let i = 0; i < 6; i++) for (let k = 0; k < 6; k++) d[i] += inverseHessian[i * 6 + k] * b[k];
    // Compose with the inverse of the increment: W ← W ∘ W(Δ)⁻¹.
    const m11 = 1 + d[0];
    const m21 = d[1];
    const m12 = d[2];
    const m22 = 1 + d[3];
    const det = m11 * m22 - m12 * m21;
    const i11 = m22 / det;
    const i12 = -m12 / det;
    const i21 = -m21 / det;
    const i22 = m11 / det;
    const s1 = -(i11 * d[4] + i12 * d[5]);
    const s2 = -(i21 * d[4] + i22 * d[5]);
    [a11, a12, a21, a22, t1, t2] = [
      a11 * i11 + a12 * i21,
      a11 * i12 + a12 * i22,
      a21 * i11 + a22 * i21,
      a21 * i12 + a22 * i22,
      a11 * s1 + a12 * s2 + t1,
      a21 * s1 + a22 * s2 + t2,
    ];
  }
}

/**
 * The best cosine of the image's fine keys (one per rotation) with reference j's (one per form):
 * every rotation against the form as it is, then the other forms unrotated and under the rotation
 * that suited the first (stroke width hardly changes which rotation fits). Writes the best rotation
 * for each form.
 */
function matchRankKeys(queryKeys: Float64Array, rankKeys: Float32Array, j: number, rotationOfForm: Uint8Array): number {
  let best = -1;
  const asIs = j * FORMS * RANK_KEY_SIZE;
  for (let k = 0; k < ROTATIONS.length; k++) {
    const s = dot32(queryKeys, k * RANK_KEY_SIZE, rankKeys, asIs, RANK_KEY_SIZE);
    if (s > best) {
      best = s;
      rotationOfForm[0] = k;
    }
  }
  const rotation = rotationOfForm[0];
  for (let f = 1; f < FORMS; f++) {
    const at = asIs + f * RANK_KEY_SIZE;
    const unrotated = dot32(queryKeys, 0, rankKeys, at, RANK_KEY_SIZE);
    const rotated = rotation === 0 ? unrotated : dot32(queryKeys, rotation * RANK_KEY_SIZE, rankKeys, at, RANK_KEY_SIZE);
    rotationOfForm[f] = rotated > unrotated ? rotation : 0;
    best = Math.max(best, unrotated, rotated);
  }
  return best;
}

/** Σ a[aAt + e] · b[bAt + e] for e < size, in four interleaved sums (they run in parallel). */
function dot32(a: Float64Array, aAt: number, b: Float32Array, bAt: number, size: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let e = 0;
  for (; e + 3 < size; e += 4) {
    s0 += a[aAt + e] * b[bAt + e];
    s1 += a[aAt + e + 1] * b[bAt + e + 1];
    s2 += a[aAt + e + 2] * b[bAt + e + 2];
    s3 += a[aAt + e + 3] * b[bAt + e + 3];
  }
  for (; e < size; e++) s0 += a[aAt + e] * b[bAt + e];
  return s0 + s1 + s2 + s3;
}

/** A candidate's pixel distance and where it was measured: the image's rotation, the reference form's offset in `canonical`. */
interface Measured {
  distance: number;
  rotation: number;
  at: number;
}

/** Per-image buffers of the copy search, allocated once per call of detectCopies. */
function searchBuffers(count: number) {
  return {
    searched: new Int32Array(Math.min(SEARCH_CANDIDATES, count)),
    rankScore: new Float64Array(Math.min(SEARCH_CANDIDATES, count)),
    ranked: new Int32Array(Math.min(RANK_CANDIDATES, count)),
    rotationOfForm: new Uint8Array(FORMS),
    distances: { plain: 0, apart: 0 },
  };
}

/** A submitted image's canonical forms (one per rotation) and keys; null for a blank image. */
function searchableImage(image: ArrayLike<number>) {
  const clean = cleanDigit(image);
  const frame = canonicalFrame(clean);
  if (!frame) return null;
  const forms = ROTATIONS.map((degrees) => canonicalForm(clean, frame, degrees));
  const rankKeys = new Float64Array(ROTATIONS.length * RANK_KEY_SIZE);
  forms.forEach((form, k) => writeKey(form, RANK_KEY_GRID, rankKeys, k * RANK_KEY_SIZE));
  const searchKey = new Float64Array(SEARCH_KEY_SIZE);
  writeKey(forms[0], SEARCH_KEY_GRID, searchKey, 0);
  return { forms, rankKeys, searchKey };
}

/**
 * D1 and D2 (see the top of this file) of one image and the reference at D1, given its cosines with
 * every reference's search key and the references nearest by evaluator features.
 */
function copyDistances(
  reference: MemorisationReference,
  { forms, rankKeys }: NonNullable<ReturnType<typeof searchableImage>>,
  searchSimilarity: Float64Array,
  byFeatures: Int32Array,
  buffers: ReturnType<typeof searchBuffers>,
): { d1: number; d2: number; nearest: number } {
  const { canonical } = reference;
  const { searched, rankScore, ranked, rotationOfForm, distances } = buffers;
  // Posed (appearance images made) only for the rotations some candidate is measured at.
  const poses: (Posed | undefined)[] = [];
  const posedAt = (rotation: number) => (poses[rotation] ??= posed(forms[rotation]));

  mostSimilar(searchSimilarity, searched.length, searched);
  for (let c = 0; c < searched.length; c++) rankScore[c] = matchRankKeys(rankKeys, reference.rankKeys, searched[c], rotationOfForm);
  mostSimilar(rankScore, ranked.length, ranked);

  const candidates = [...new Set([...Array.from(ranked, (c) => searched[c]), ...byFeatures])];
  const plain: Measured[] = [];
  const apart: Measured[] = [];
  for (const j of candidates) {
    matchRankKeys(rankKeys, reference.rankKeys, j, rotationOfForm);
    let nearestPlain: Measured = { distance: Infinity, rotation: 0, at: 0 };
    let nearestApart = nearestPlain;
    for (let f = 0; f < FORMS; f++) {
      const rotation = rotationOfForm[f];
      const at = (j * FORMS + f) * DIGIT_PIXELS;
      pixelDistances(posedAt(rotation), canonical, at, distances);
      if (distances.plain < nearestPlain.distance) nearestPlain = { distance: distances.plain, rotation, at };
      if (distances.apart < nearestApart.distance) nearestApart = { distance: distances.apart, rotation, at };
    }
    plain.push(nearestPlain);
    apart.push(nearestApart);
  }

  const nearestBy = (by: Measured[], k: number) =>
    by
      .map((measured, c) => ({ ...measured, c }))
      .sort((a, b) => a.distance - b.distance)
      .slice(0, k);
  const toAlign = [...nearestBy(plain, ALIGNED_PLAIN), ...nearestBy(apart, ALIGNED_APART)];
  const templates: (Template | undefined)[] = [];
  let d1 = 1;
  let nearestCandidate = -1;
  toAlign.forEach(({ c, rotation, at }, k) => {
    if (toAlign.findIndex((other) => other.at === at && other.rotation === rotation) < k) return;
    templates[rotation] ??= alignmentTemplate(posedAt(rotation));
    const distance = alignedDistance(templates[rotation], canonical, at);
    if (distance < d1) {
      d1 = distance;
      nearestCandidate = c;
    }
  });
  let d2 = 1;
  apart.forEach(({ distance }, c) => {
    if (c !== nearestCandidate) d2 = Math.min(d2, distance);
  });
  return { d1, d2, nearest: nearestCandidate >= 0 ? candidates[nearestCandidate] : -1 };
}

/** Compares n images (n × 784 grey levels) and their evaluator features (n × dim) with the reference digits. */
export function detectCopies(reference: MemorisationReference, images: Uint8Array, features: ArrayLike<number>, n: number): MemorisationResult {
  const { count, dim } = reference;
  if (images.length !== n * DIGIT_PIXELS || features.length !== n * dim) throw new RangeError(`Expected ${n} images and ${n} × ${dim} features.`);
  const featureDistance = new Float64Array(n);
  const pixelDistance = new Float64Array(n).fill(1);
  const secondPixelDistance = new Float64Array(n).fill(1);
  const copyScore = new Float64Array(n).fill(1);
  const nearest = new Int32Array(n).fill(-1);
  const buffers = searchBuffers(count);
  const byFeatures = new Int32Array(Math.min(FEATURE_CANDIDATES, count));
  const featureSimilarity = Array.from({ length: Math.min(SCAN_BLOCK, n) }, () => new Float64Array(count));
  const searchSimilarity = Array.from({ length: Math.min(SCAN_BLOCK, n) }, () => new Float64Array(count));
  let copies = 0;
  let distanceSum = 0;
  for (let start = 0; start < n; start += SCAN_BLOCK) {
    const block = Array.from({ length: Math.min(SCAN_BLOCK, n - start) }, (_, b) => start + b);
    const unitFeatures = block.map((i) => {
      const feature = Float64Array.from({ length: dim }, (_, d) => features[i * dim + d]);
      normalise(feature);
      return feature;
    });
    const searchable = block.map((i) => searchableImage(images.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS)));
    similarities(unitFeatures, reference.featuresByElement, count, featureSimilarity);
    // A blank image's zero key costs nothing.
    similarities(
      searchable.map((image) => image?.searchKey ?? new Float64Array(SEARCH_KEY_SIZE)),
      reference.searchKeysByElement,
      count,
      searchSimilarity,
    );
    block.forEach((i, b) => {
      featureDistance[i] = Math.max(0, 1 - mostSimilar(featureSimilarity[b], byFeatures.length, byFeatures));
      distanceSum += featureDistance[i];
      const image = searchable[b];
      if (!image) return;
      const distances = copyDistances(reference, image, searchSimilarity[b], byFeatures, buffers);
      pixelDistance[i] = distances.d1;
      secondPixelDistance[i] = distances.d2;
      nearest[i] = distances.nearest;
      copyScore[i] = distances.d1 / Math.sqrt(Math.max(distances.d2, MIN_SECOND_DISTANCE));
      if (copyScore[i] < COPY_SCORE) copies++;
    });
  }
  return {
    copiedFraction: n > 0 ? copies / n : 0,
    memorisationDistance: n > 0 ? distanceSum / n : 1,
    featureDistance,
    pixelDistance,
    secondPixelDistance,
    copyScore,
    nearest,
  };
}

/** MiFID: FID / d when the memorisation distance d is below ε, else FID. */
export function mifid(fid: number, memorisationDistance: number, epsilon = MIFID_EPSILON): number {
  if (memorisationDistance >= epsilon) return fid;
  return fid / Math.max(memorisationDistance, MIFID_MIN_DISTANCE);
}
