// Memorisation detection (lib/ml/metrics/memorisation.ts, lib/datasets/digit-memorisation.ts): copies
// of MNIST digits — exact, shifted, noisy, mixed with genuine samples — are counted; genuine held-out
// digits and honest samplers are not; MiFID against a direct computation; the digit exercises' flag.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { digitEvaluator } from "@/lib/datasets/digit-evaluator";
import { digitFeatures, digitMemorisation, mnistMemorisationReference } from "@/lib/datasets/digit-memorisation";
import { loadAllMnist, loadMnistSplit, mnistSplitIndices } from "@/lib/datasets/mnist";
import { ganDigits } from "@/lib/exercises/digit-generators";
import { copiedDigitsFlag, MAX_COPIED_FRACTION } from "@/lib/exercises/digit-images";
import { rankKeysOf } from "@/lib/exercises/ranking";
import { shiftDigit, shiftsAt, withGaussianNoise, withSaltAndPepper } from "@/lib/ml/datasets/digit-copies";
import { bytesToBase64, DIGIT_PIXELS, digitsToFloat, floatToDigits } from "@/lib/ml/datasets/digits";
import { cleanDigit, CLEAN_LEVEL, detectCopies, memorisationReference, mifid, MIFID_EPSILON, MIFID_MIN_DISTANCE } from "@/lib/ml/metrics/memorisation";
import { fitPpca, ppcaSample } from "@/lib/ml/models/ppca";
import { gaussian, mulberry32, type Rng } from "@/lib/ml/random";

const COUNT = 1000;
/** Images per disguise where a rate, not a submission, is checked. */
const SAMPLE = 500;
const validation = loadMnistSplit("validation");
const image = (images: Uint8Array, i: number) => images.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS);
const disguised = (disguise: (digit: Uint8Array, i: number) => Uint8Array) => {
  const out = new Uint8Array(SAMPLE * DIGIT_PIXELS);
  for (let i = 0; i < SAMPLE; i++) out.set(disguise(image(validation.images, i), i), i * DIGIT_PIXELS);
  return out;
};

/** 1,000 samples of a PPCA (q = 16) fitted to 2,000 train digits: blurry, honest digits. */
function ppcaDigits(rng: Rng): Uint8Array {
  const train = loadMnistSplit("train");
  const model = fitPpca(digitsToFloat(train.images, 0, 2000), 2000, DIGIT_PIXELS, 16);
  return floatToDigits(ppcaSample(model, COUNT, rng));
}

describe("cleaning", () => {
  test("is a 3×3 median filter (0 outside the image) with grey levels below CLEAN_LEVEL set to 0", () => {
    const rng = mulberry32(5);
    for (let trial = 0; trial < 3; trial++) {
      const noisy = Uint8Array.from({ length: DIGIT_PIXELS }, () => (rng() < 0.5 ? Math.floor(rng() * 256) : 0));
      const cleaned = cleanDigit(noisy);
      for (let row = 0; row < 28; row++)
        for (let col = 0; col < 28; col++) {
          const window: number[] = [];
          for (let r = row - 1; r <= row + 1; r++) for (let c = col - 1; c <= col + 1; c++) window.push(r >= 0 && r < 28 && c >= 0 && c < 28 ? noisy[r * 28 + c] : 0);
          const median = window.sort((a, b) => a - b)[4];
          assert.equal(cleaned[row * 28 + col], median >= CLEAN_LEVEL ? median : 0, `pixel (${row}, ${col})`);
        }
    }
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

  test("lightly noised copies (Gaussian σ = 0.1 of full scale, 2 % salt and pepper) and noisy shifted ones", async () => {
    const rng = mulberry32(3);
    const gaussianCopies = disguised((digit) => withGaussianNoise(digit, 0.1, rng));
    const saltAndPepper = disguised((digit) => withSaltAndPepper(digit, 0.02, rng));
    const shiftedNoisy = disguised((digit, i) => withGaussianNoise(shiftDigit(digit, ...shiftsAt(2)[i % 16]), 0.05, rng));
    for (const [name, images] of Object.entries({ gaussianCopies, saltAndPepper, shiftedNoisy })) {
      const { copiedFraction } = await digitMemorisation(images, SAMPLE);
      assert.ok(copiedFraction >= 0.9, `${name}: ${copiedFraction}`);
    }
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
    assert.deepEqual(Array.from(result.featureDistance, (v) => Number(v.toFixed(6))), [0.2, 0, 0]);
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
