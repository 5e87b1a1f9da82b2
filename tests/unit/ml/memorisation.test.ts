// Memorisation detection (lib/ml/metrics/memorisation.ts, lib/datasets/digit-memorisation.ts): copies
// of MNIST digits — exact, shifted, noisy, rotated, scaled, sheared, thickened, brightened, mixed with
// genuine samples — are counted; genuine held-out digits and honest samplers are not; MiFID against a
// direct computation; the digit exercises' flag.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { digitEvaluator } from "@/lib/datasets/digit-evaluator";
import { digitFeatures, digitMemorisation, mnistMemorisationReference } from "@/lib/datasets/digit-memorisation";
import { loadAllMnist, loadMnistSplit, mnistSplitIndices } from "@/lib/datasets/mnist";
import { ganDigitsScorer } from "@/exercises/gan-digits/server";
import { ganDigitsSpec } from "@/exercises/gan-digits/spec";
import { copiedDigitsFlag, MAX_COPIED_FRACTION } from "@/lib/exercises/digit-images";
import { rankKeysOf } from "@/lib/exercises/ranking";
import { defineExercise } from "@/lib/exercises/types";
import { COPY_KINDS, shiftDigit, shiftsAt } from "@/lib/ml/datasets/digit-copies";
import { bytesToBase64, DIGIT_PIXELS, digitsToFloat, floatToDigits } from "@/lib/ml/datasets/digits";
import {
  cleanDigit,
  CLEAN_LEVEL,
  CLEAN_SUPPORT,
  COPY_SCORE,
  detectCopies,
  HOLE_SUPPORT,
  memorisationReference,
  mifid,
  MIFID_EPSILON,
  MIFID_MIN_DISTANCE,
} from "@/lib/ml/metrics/memorisation";
import { fitPpca, ppcaSample } from "@/lib/ml/models/ppca";
import { gaussian, mulberry32, type Rng } from "@/lib/ml/random";

const ganDigits = defineExercise(ganDigitsSpec, ganDigitsScorer);

const COUNT = 1000;
/** Images per disguise where a rate, not a submission, is checked. */
const SAMPLE = 500;
/** Images per light kind of COPY_KINDS. */
const KIND_SAMPLE = 200;
const validation = loadMnistSplit("validation");
const image = (images: Uint8Array, i: number) => images.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS);
const disguised = (disguise: (digit: Uint8Array, i: number) => Uint8Array, count = SAMPLE) => {
  const out = new Uint8Array(count * DIGIT_PIXELS);
  for (let i = 0; i < count; i++) out.set(disguise(image(validation.images, i), i), i * DIGIT_PIXELS);
  return out;
};

/** 1,000 samples of a PPCA (q = 16) fitted to 2,000 train digits: blurry, honest digits. */
function ppcaDigits(rng: Rng): Uint8Array {
  const train = loadMnistSplit("train");
  const model = fitPpca(digitsToFloat(train.images, 0, 2000), 2000, DIGIT_PIXELS, 16);
  return floatToDigits(ppcaSample(model, COUNT, rng));
}

describe("cleaning", () => {
  test("keeps inked pixels (from CLEAN_LEVEL × the brightest) with CLEAN_SUPPORT inked around them, fills holes, divides by the brightest", () => {
    const rng = mulberry32(5);
    for (let trial = 0; trial < 3; trial++) {
      // Dense random ink: every rule of cleaning applies somewhere.
      const noisy = Uint8Array.from({ length: DIGIT_PIXELS }, () => (rng() < 0.6 ? Math.floor(rng() * 256) : 0));
      const level = CLEAN_LEVEL * Math.max(...noisy);
      const inked = (r: number, c: number) => r >= 0 && r < 28 && c >= 0 && c < 28 && noisy[r * 28 + c] >= level;
      let holes = 0;
      const expected = Array.from(noisy, (v, p) => {
        const [row, col] = [Math.floor(p / 28), p % 28];
        const around: number[] = [];
        for (let r = row - 1; r <= row + 1; r++) for (let c = col - 1; c <= col + 1; c++) if (inked(r, c)) around.push(noisy[r * 28 + c]);
        if (inked(row, col)) return around.length >= CLEAN_SUPPORT ? v : 0;
        if (around.length < HOLE_SUPPORT) return 0;
        holes++;
        return around.reduce((a, b) => a + b, 0) / around.length;
      });
      assert.ok(holes > 0);
      const brightest = Math.max(...expected);
      const cleaned = cleanDigit(noisy);
      for (let p = 0; p < DIGIT_PIXELS; p++) assert.ok(Math.abs(cleaned[p] - expected[p] / brightest) < 1e-6, `pixel ${p}`);
    }
  });

  test("a darkened copy cleans to its source; an image of isolated specks to nothing", () => {
    const digit = image(validation.images, 0);
    const darker = Uint8Array.from(digit, (v) => Math.round(v * 0.5));
    const [a, b] = [cleanDigit(digit), cleanDigit(darker)];
    assert.ok(a.every((v, p) => Math.abs(v - b[p]) < 0.01));
    const specks = new Uint8Array(DIGIT_PIXELS);
    for (let p = 0; p < DIGIT_PIXELS; p += 97) specks[p] = 255;
    assert.ok(cleanDigit(specks).every((v) => v === 0));
  });
});

describe("copies of MNIST digits, scored against all 10,000", () => {
  before(async () => void (await mnistMemorisationReference()));

  test("exact copies: all; shifted by 1–2 px: all but a few", async () => {
    assert.equal((await digitMemorisation(validation.images, COUNT)).copiedFraction, 1);
    const shifts = [...shiftsAt(1), ...shiftsAt(2)];
    const shifted = disguised((digit, i) => shiftDigit(digit, ...shifts[i % shifts.length]));
    assert.ok((await digitMemorisation(shifted, SAMPLE)).copiedFraction >= 0.99);
  });

  for (const kind of COPY_KINDS.filter((k) => k.light))
    test(`copies, ${kind.name}: at least 90 % counted`, async () => {
      const rng = mulberry32(3);
      const { copiedFraction } = await digitMemorisation(
        disguised((digit) => kind.disguise(digit, rng), KIND_SAMPLE),
        KIND_SAMPLE,
      );
      assert.ok(copiedFraction >= 0.9, String(copiedFraction));
    });

  test("half copies, half PPCA samples: half; honest samplers alone: none", async () => {
    const ppca = ppcaDigits(mulberry32(8));
    const mixture = Uint8Array.from(ppca);
    mixture.set(validation.images.subarray(0, (COUNT / 2) * DIGIT_PIXELS));
    assert.ok(Math.abs((await digitMemorisation(mixture, COUNT)).copiedFraction - 0.5) <= 0.01);

    const meanDigit = new Float64Array(DIGIT_PIXELS);
    for (let i = 0; i < validation.images.length; i++) meanDigit[i % DIGIT_PIXELS] += validation.images[i] / 255 / COUNT;
    const rng = mulberry32(9);
    const meanPlusNoise = floatToDigits(Float64Array.from({ length: COUNT * DIGIT_PIXELS }, (_, i) => meanDigit[i % DIGIT_PIXELS] + 0.2 * gaussian(rng)));
    for (const [name, images] of Object.entries({ ppca, meanPlusNoise })) {
      const memorisation = await digitMemorisation(images, COUNT);
      assert.ok(memorisation.copiedFraction <= 0.002, `${name}: ${memorisation.copiedFraction}`);
      assert.ok(memorisation.memorisationDistance > MIFID_EPSILON, `${name}: d = ${memorisation.memorisationDistance}`);
    }
  });

  test("gan-digits: submitting validation digits is flagged and ranks below an honest FID of 48", async () => {
    const metrics = await ganDigits.score({ images: { dtype: "uint8", shape: [COUNT, 28, 28], data: bytesToBase64(validation.images) } } as never);
    assert.equal(metrics.copiedFraction, 1);
    assert.ok(metrics.fid < 5 && metrics.mifid > 1000 * metrics.fid, JSON.stringify(metrics));
    assert.match(ganDigits.flag!(metrics) ?? "", /^100 % of the images are copies of MNIST digits \(at most 5 % allowed\)\.$/);
    assert.equal(rankKeysOf(ganDigits, metrics)[0], 1);
    assert.equal(rankKeysOf(ganDigits, { fid: 48, mifid: 48, classifierScore: 5, copiedFraction: 0 })[0], 0);
  });
});

describe("genuine held-out digits against the train split", () => {
  test("fewer than 1 % of the 2,000 validation and test digits count as copies of train digits", async () => {
    const all = loadAllMnist();
    const splits = mnistSplitIndices(all.count);
    const gather = (indices: number[]) => {
      const images = new Uint8Array(indices.length * DIGIT_PIXELS);
      indices.forEach((from, i) => images.set(image(all.images, from), i * DIGIT_PIXELS));
      return images;
    };
    const trainImages = gather(splits.train);
    const heldOut = gather([...splits.validation, ...splits.test]);
    const train = memorisationReference(trainImages, await digitFeatures(trainImages, splits.train.length), splits.train.length);
    const { copiedFraction } = detectCopies(train, heldOut, await digitFeatures(heldOut, 2000), 2000);
    assert.ok(copiedFraction < 0.01, String(copiedFraction));
  });

  test("no digit is a copy of a blank one: the stroke width and contrast distances allow for are bounded", async () => {
    const reference = new Uint8Array(2 * DIGIT_PIXELS);
    reference.set(image(validation.images, 0), DIGIT_PIXELS);
    const digits = validation.images.subarray(DIGIT_PIXELS, 101 * DIGIT_PIXELS);
    const blankAndOne = memorisationReference(reference, await digitFeatures(reference, 2), 2);
    const { copyScore } = detectCopies(blankAndOne, digits, await digitFeatures(digits, 100), 100);
    assert.ok(
      copyScore.every((score) => score >= COPY_SCORE),
      String(Math.min(...copyScore)),
    );
  });
});

test("images searched together, in blocks sharing each pass over the references, get what each gets alone", async () => {
  const train = loadMnistSplit("train");
  const referenceImages = train.images.subarray(0, 300 * DIGIT_PIXELS);
  const reference = memorisationReference(referenceImages, await digitFeatures(referenceImages, 300), 300);
  // 20 images (more than a block): copies, genuine digits and a blank one among them.
  const n = 20;
  const images = new Uint8Array(n * DIGIT_PIXELS);
  for (let i = 0; i < n; i++) if (i !== 7) images.set(i % 2 ? image(validation.images, i) : image(train.images, i), i * DIGIT_PIXELS);
  const features = await digitFeatures(images, n);
  const dim = features.length / n;
  const together = detectCopies(reference, images, features, n);
  for (let i = 0; i < n; i++) {
    const alone = detectCopies(reference, image(images, i), features.subarray(i * dim, (i + 1) * dim), 1);
    for (const key of ["featureDistance", "pixelDistance", "secondPixelDistance", "copyScore", "nearest"] as const)
      assert.equal(together[key][i], alone[key][0], `${key} of image ${i}`);
  }
  assert.equal(together.nearest[7], -1);
  assert.equal(together.copiedFraction, 10 / n);
});

describe("MiFID", () => {
  // References along two axes of a 3-d feature space; blank images (only d is checked here).
  const reference = memorisationReference(new Uint8Array(2 * DIGIT_PIXELS), [1, 0, 0, 0, 2, 0], 2);
  // Cosine distances to the nearest reference, by hand: [3, 4, 0] → 1 − 0.8; [0, −5, 0] → 1 − |−1|; [1, 0, 0] → 0.
  const features = [3, 4, 0, 0, -5, 0, 1, 0, 0];
  const d = (0.2 + 0 + 0) / 3;

  test("d is the mean nearest cosine distance 1 − |cos|", () => {
    const result = detectCopies(reference, new Uint8Array(3 * DIGIT_PIXELS), features, 3);
    assert.ok(Math.abs(result.memorisationDistance - d) < 1e-6, String(result.memorisationDistance));
    assert.deepEqual(
      Array.from(result.featureDistance, (v) => Number(v.toFixed(6))),
      [0.2, 0, 0],
    );
  });

  test("FID / d below ε, FID from ε on; d = 0 is floored", () => {
    assert.equal(mifid(30, d, 0.1), 30 / d);
    assert.equal(mifid(30, d, d), 30);
    assert.equal(mifid(30, 0.02), 30);
    assert.equal(mifid(30, MIFID_EPSILON / 2), 30 / (MIFID_EPSILON / 2));
    assert.equal(mifid(30, 0), 30 / MIFID_MIN_DISTANCE);
  });
});

describe("the copy flag", () => {
  test("says how many copies, from just over 5 % on; old scores without the metric are not flagged", () => {
    assert.equal(copiedDigitsFlag({ fid: 20, copiedFraction: 0.37 }), "37 % of the images are copies of MNIST digits (at most 5 % allowed).");
    assert.equal(copiedDigitsFlag({ fid: 20, copiedFraction: 0.051 }), "5.1 % of the images are copies of MNIST digits (at most 5 % allowed).");
    assert.equal(copiedDigitsFlag({ fid: 20, copiedFraction: MAX_COPIED_FRACTION }), null);
    assert.equal(copiedDigitsFlag({ fid: 20 }), null);
  });
});

test("features evaluated 1,000 at a time equal one call's", async () => {
  const train = loadMnistSplit("train");
  const n = 1500;
  const images = train.images.subarray(0, n * DIGIT_PIXELS);
  assert.deepEqual(await digitFeatures(images, n), (await (await digitEvaluator()).evaluate(images, n)).features);
});
