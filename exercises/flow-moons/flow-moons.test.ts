// flow-moons: the schema refuses each class of bad weights with a message naming the entry, the
// scorer matches closed forms (identity flow, a fitted diagonal Gaussian), and the largest
// submission fits the body limit and scores quickly.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { HeldoutInputError } from "@/lib/datasets/heldout-input";
import { sampleMoons } from "@/lib/ml/datasets/toy2d";
import { standardNormalPoints } from "@/lib/ml/models/realnvp-float64";
import { realNvpParameterCount, realNvpWeightsFromParameters, type RealNvpArchitecture, type RealNvpSubmission } from "@/lib/ml/models/realnvp-submission";
import { gaussian, mulberry32 } from "@/lib/ml/random";
import { assertContract, messageFor } from "@/tests/support/exercise-contract";
import { rankKeysOf } from "@/lib/exercises/ranking";
import { defineExercise } from "@/lib/exercises/types";
import { flowMoonsHeldoutPoints, flowMoonsScorer, flowMoonsTrainingPoints, scoreFlowMoonsAgainst } from "./server";
import {
  FLOW_MOONS_HELDOUT_SEED,
  FLOW_MOONS_HELDOUT_SIZE,
  FLOW_MOONS_PREVIEW_POINTS,
  FLOW_MOONS_PREVIEW_SEED,
  FLOW_MOONS_TRAIN_SEED,
  FLOW_MOONS_TRAIN_SIZE,
  flowMoonsSpec,
} from "./spec";

const flowMoons = defineExercise(flowMoonsSpec, flowMoonsScorer);

/** Every parameter ~ N(0, scale²), seeded; `digits` rounds like RealNvpTrainer.exportWeights. */
function randomFlow(architecture: RealNvpArchitecture, seed: number, scale: number, digits?: number): RealNvpSubmission {
  const rng = mulberry32(seed);
  const flat = Float64Array.from({ length: realNvpParameterCount(architecture) }, () => scale * gaussian(rng));
  return { architecture, weights: realNvpWeightsFromParameters(architecture, flat, digits ? (v) => Number(Math.fround(v).toPrecision(digits)) : undefined) };
}

/** Round-trips through JSON, as a real submission does (NaN and Infinity become null). */
const json = <T>(v: T): any => JSON.parse(JSON.stringify(v));
const close = (a: number, b: number, tol: number) => assert.ok(Math.abs(a - b) <= tol, `${a} ≉ ${b} (tol ${tol})`);

const SMALL: RealNvpArchitecture = { couplings: 3, hiddenWidth: 4, hiddenLayers: 2 };
const GOOD = json(randomFlow(SMALL, 1, 0.5));
/** The largest submission (99,950 parameters) and the one with the most tanh evaluations per point. */
const LARGEST: RealNvpArchitecture = { couplings: 7, hiddenWidth: 83, hiddenLayers: 3 };
const MOST_TANH: RealNvpArchitecture = { couplings: 16, hiddenWidth: 54, hiddenLayers: 3 };

/** A copy of GOOD with one change. */
function edited(change: (body: any) => void): any {
  const body = json(GOOD);
  change(body);
  return body;
}

describe("flow-moons definition", () => {
  test("slug, module, metric, data sizes and seeds", () => {
    assert.equal(flowMoons.slug, "flow-moons");
    assert.equal(flowMoons.moduleSlug, "normalizing-flows");
    assert.deepEqual(
      flowMoons.metrics.map((m) => `${m.key}:${m.better}`),
      ["meanLogLikelihood:higher"],
    );
    assert.ok(!flowMoons.configSchema.safeParse({ ...flowMoons.defaultHyperparameters, unknownKey: 1 }).success, "config is strict");
    assert.ok(flowMoons.dataset.description.includes("held-out"), "the description mentions the held-out set");
    assert.ok(!flowMoons.submissionShape.includes("\n"), "one line");
    assert.deepEqual(flowMoonsTrainingPoints(), sampleMoons(FLOW_MOONS_TRAIN_SIZE, FLOW_MOONS_TRAIN_SEED));
    assert.deepEqual(flowMoonsHeldoutPoints(), sampleMoons(FLOW_MOONS_HELDOUT_SIZE, FLOW_MOONS_HELDOUT_SEED));
    assert.notEqual(FLOW_MOONS_TRAIN_SEED, FLOW_MOONS_HELDOUT_SEED);
    const training = flowMoons.trainingData?.();
    assert.ok(training?.kind === "points" && training.points.length === FLOW_MOONS_TRAIN_SIZE, "2,000 training points");
    assert.deepEqual(training.labels, ["x", "y"]);
    assert.deepEqual(training.points[1], [flowMoonsTrainingPoints()[2], flowMoonsTrainingPoints()[3]]);
  });
});

describe("flow-moons validation", () => {
  test("accepts a well-formed flow", () => {
    assert.equal(messageFor(flowMoons, GOOD), "ok");
  });

  test("bad numbers are refused at their exact entry", () => {
    const cases: [any, string][] = [
      [
        json(edited((b) => (b.weights.couplings[2].layers[1].w[3][1] = NaN))),
        '"weights.couplings[2].layers[1].w[3][1]" is not a number (NaN and Infinity cannot be sent as JSON).',
      ],
      [edited((b) => (b.weights.couplings[2].layers[1].w[3][1] = Infinity)), '"weights.couplings[2].layers[1].w[3][1]" is not a finite number.'],
      [edited((b) => (b.weights.couplings[0].layers[0].b[2] = "0.5")), '"weights.couplings[0].layers[0].b[2]" is not a number.'],
      [edited((b) => (b.weights.couplings[1].layers[2].w[0][1] = 1500)), '"weights.couplings[1].layers[2].w[0][1]" is 1500; it must be within ±1000.'],
      [edited((b) => (b.weights.normalization.logScale[1] = -12)), '"weights.normalization.logScale[1]" is -12; it must be within ±10.'],
      [edited((b) => (b.weights.normalization.shift[0] = null)), '"weights.normalization.shift[0]" is not a number (NaN and Infinity cannot be sent as JSON).'],
    ];
    for (const [body, message] of cases) assert.equal(messageFor(flowMoons, body), message);
  });

  test("wrong shapes are refused with the expected shape", () => {
    const cases: [any, string][] = [
      [edited((b) => b.weights.couplings[0].layers[1].w[2].pop()), '"weights.couplings[0].layers[1].w[2]" must have 4 numbers (one per output); it has 3.'],
      [
        edited((b) => b.weights.couplings[0].layers[0].w.push([1, 2, 3, 4])),
        '"weights.couplings[0].layers[0].w" must have 1 row (one per input), each a list of 4 numbers (one per output); it has 2.',
      ],
      [edited((b) => b.weights.couplings[2].layers[2].b.push(0)), '"weights.couplings[2].layers[2].b" must have 2 numbers (one per output); it has 3.'],
      [
        edited((b) => delete b.weights.couplings[0].layers[0].b),
        '"weights.couplings[0].layers[0].b" is missing; it must be a list of 4 numbers (one per output).',
      ],
      [edited((b) => b.weights.couplings.pop()), '"weights.couplings" must have 3 entries (architecture.couplings is 3); it has 2.'],
      [
        edited((b) => b.weights.couplings[1].layers.pop()),
        '"weights.couplings[1].layers" must have 3 entries (2 hidden layers, then the output layer); it has 2.',
      ],
      [edited((b) => (b.weights.couplings[1] = [])), '"weights.couplings[1]" must be an object like {"layers": […]}.'],
      [
        edited((b) => (b.weights.couplings[1].layers[0].w = 7)),
        '"weights.couplings[1].layers[0].w" must be a list of 1 row (one per input), each a list of 4 numbers (one per output).',
      ],
      [edited((b) => (b.weights.normalization.logScale = [0])), '"weights.normalization.logScale" must have 2 numbers (one per coordinate); it has 1.'],
      [
        edited((b) => (b.weights.couplings[0].layers[0].activation = "relu")),
        '"weights.couplings[0].layers[0].activation" is not a known field; "weights.couplings[0].layers[0]" has only "w", "b".',
      ],
      [edited((b) => delete b.weights), '"weights" is missing; it must be an object like {"normalization": {…}, "couplings": […]}.'],
      [edited((b) => (b.config = {})), '"config" is not a known field; the submission has only "architecture", "weights".'],
    ];
    for (const [body, message] of cases) assert.equal(messageFor(flowMoons, body), message);
    assert.match(messageFor(flowMoons, [GOOD]), /^The submission must be a JSON object like \{"architecture"/);
  });

  test("unknown or out-of-range architecture values and too many parameters are refused", () => {
    const arch = (architecture: unknown) => ({ ...GOOD, architecture });
    const cases: [any, string][] = [
      [
        arch({ ...SMALL, activation: "relu" }),
        '"architecture.activation" is not a known field; "architecture" has only "couplings", "hiddenWidth", "hiddenLayers".',
      ],
      [arch({ ...SMALL, hiddenWidth: 200 }), '"architecture.hiddenWidth" must be a whole number from 4 to 128; it is 200.'],
      [arch({ ...SMALL, couplings: 2.5 }), '"architecture.couplings" must be a whole number from 1 to 16; it is 2.5.'],
      [arch({ ...SMALL, hiddenLayers: 0 }), '"architecture.hiddenLayers" must be a whole number from 1 to 3; it is 0.'],
      [arch({ ...SMALL, couplings: "3" }), '"architecture.couplings" is not a number.'],
      [arch({ couplings: 3, hiddenWidth: 4 }), '"architecture.hiddenLayers" is missing; it must be a whole number from 1 to 3.'],
      [arch([3, 4, 2]), '"architecture" must be an object like {"couplings": 8, "hiddenWidth": 32, "hiddenLayers": 2}.'],
      [
        arch({ couplings: 16, hiddenWidth: 128, hiddenLayers: 3 }),
        '"architecture" describes 536612 parameters; at most 100000 are accepted (use fewer couplings, a smaller hiddenWidth or fewer hiddenLayers).',
      ],
      [
        arch({ couplings: 7, hiddenWidth: 84, hiddenLayers: 3 }),
        '"architecture" describes 102330 parameters; at most 100000 are accepted (use fewer couplings, a smaller hiddenWidth or fewer hiddenLayers).',
      ],
    ];
    for (const [body, message] of cases) assert.equal(messageFor(flowMoons, body), message);
    assert.equal(realNvpParameterCount(LARGEST), 99_950);
  });
});

describe("flow-moons scoring", () => {
  const heldout = flowMoonsHeldoutPoints();

  test("the identity flow (all-zero weights) scores exactly the mean log N(x; 0, I) of the held-out points", () => {
    const identity = flowMoons.submissionSchema.parse(json(randomFlow({ couplings: 4, hiddenWidth: 8, hiddenLayers: 2 }, 1, 0)));
    let sum = 0;
    for (let i = 0; i < FLOW_MOONS_HELDOUT_SIZE; i++) {
      const [x, y] = [heldout[2 * i], heldout[2 * i + 1]];
      sum += -Math.log(2 * Math.PI) - 0.5 * (x * x + y * y);
    }
    close(flowMoons.score(identity).meanLogLikelihood, sum / FLOW_MOONS_HELDOUT_SIZE, 1e-12);
  });

  test("a normalization-only flow is the fitted diagonal Gaussian, and beats the standard normal", () => {
    const train = flowMoonsTrainingPoints();
    const n = FLOW_MOONS_TRAIN_SIZE;
    const stats = [0, 1].map((c) => {
      const mean = train.filter((_, i) => i % 2 === c).reduce((s, v) => s + v, 0) / n;
      const variance = train.filter((_, i) => i % 2 === c).reduce((s, v) => s + (v - mean) ** 2, 0) / n;
      return { mean, sd: Math.sqrt(variance) };
    });
    const body = json(randomFlow(SMALL, 1, 0));
    body.weights.normalization = { logScale: stats.map((s) => -Math.log(s.sd)), shift: stats.map((s) => -s.mean / s.sd) };
    let sum = 0;
    for (let i = 0; i < FLOW_MOONS_HELDOUT_SIZE; i++) {
      for (const c of [0, 1]) {
        const { mean, sd } = stats[c];
        sum += -0.5 * Math.log(2 * Math.PI) - Math.log(sd) - 0.5 * ((heldout[2 * i + c] - mean) / sd) ** 2;
      }
    }
    const gaussian = flowMoons.score(flowMoons.submissionSchema.parse(body)).meanLogLikelihood;
    close(gaussian, sum / FLOW_MOONS_HELDOUT_SIZE, 1e-10);
    const standardNormal = flowMoons.score(flowMoons.submissionSchema.parse(json(randomFlow(SMALL, 1, 0)))).meanLogLikelihood;
    assert.ok(gaussian > standardNormal + 0.3, `${gaussian} vs ${standardNormal}`);
  });

  test("a random flow scores a finite log-likelihood; a caller's held-out set scores the same way", () => {
    const submission = flowMoons.submissionSchema.parse(GOOD);
    const { meanLogLikelihood } = flowMoons.score(submission);
    assert.ok(Number.isFinite(meanLogLikelihood) && meanLogLikelihood < 0, `${meanLogLikelihood}`);
    const pairs = Array.from({ length: 30 }, (_, i) => [heldout[2 * i], heldout[2 * i + 1]]);
    assert.deepEqual(flowMoons.scoreWithHeldout?.(submission, pairs), scoreFlowMoonsAgainst(submission, heldout.slice(0, 60)));
    assert.throws(() => flowMoons.scoreWithHeldout?.(submission, [[1, null]]), HeldoutInputError);
    assert.deepEqual(rankKeysOf(flowMoons, { meanLogLikelihood }), [0, -meanLogLikelihood]);
  });

  test("the preview is the identity's latents for the identity flow, rounded; small and JSON-safe for any flow", () => {
    const identity = flowMoons.submissionSchema.parse(json(randomFlow(SMALL, 1, 0)));
    const preview = flowMoons.preview(identity) as [number, number][];
    const z = standardNormalPoints(FLOW_MOONS_PREVIEW_POINTS, FLOW_MOONS_PREVIEW_SEED);
    assert.equal(preview.length, FLOW_MOONS_PREVIEW_POINTS);
    preview.forEach(([x, y], i) => {
      close(x, z[2 * i], 0.005 + 1e-12);
      close(y, z[2 * i + 1], 0.005 + 1e-12);
    });
    // A wild flow (weights near the limits) still gives a small, finite preview.
    const clampToLimits = (v: number, i: number) => Math.max(-1, Math.min(1, v)) * (i < 2 ? 10 : 1000); // logScale first, within ±10
    const rng = mulberry32(2);
    const flat = Array.from({ length: realNvpParameterCount(SMALL) }, (_, i) => clampToLimits(3 * gaussian(rng), i));
    const wild = flowMoons.submissionSchema.parse(json({ architecture: SMALL, weights: realNvpWeightsFromParameters(SMALL, flat) }));
    const wildPreview = flowMoons.preview(wild) as [number, number][];
    assert.ok(
      wildPreview.flat().every((v) => Number.isFinite(v) && Math.abs(v) <= 99.99),
      "finite, clamped coordinates",
    );
    assert.ok(JSON.stringify(wildPreview).length < 8 * 1024, "small preview");
    assert.ok(Number.isFinite(flowMoons.score(wild).meanLogLikelihood), "finite score");
  });

  test("the largest submissions fit the body limit (as exported, even indented) and score well under a second", () => {
    for (const architecture of [LARGEST, MOST_TANH]) {
      const exported = randomFlow(architecture, 3, 0.3, 9); // 9 significant digits, like exportWeights
      assertContract(flowMoons, exported); // includes the compact and 2-space-indented body sizes
      const fullPrecision = JSON.stringify(randomFlow(architecture, 3, 0.3));
      assert.ok(Buffer.byteLength(fullPrecision) < flowMoons.limits.maxBodyBytes, `${fullPrecision.length} B at full precision`);

      const t0 = performance.now();
      const submission = flowMoons.submissionSchema.parse(json(exported));
      const parseMs = performance.now() - t0;
      flowMoons.score(submission); // warm-up
      const cpu0 = process.cpuUsage();
      const t1 = performance.now();
      flowMoons.score(submission);
      const wallMs = performance.now() - t1;
      const cpu = process.cpuUsage(cpu0);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      console.log(
        `# ${JSON.stringify(architecture)} (${realNvpParameterCount(architecture)} parameters): validation ${parseMs.toFixed(0)} ms, score of ${FLOW_MOONS_HELDOUT_SIZE} points ${wallMs.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU`,
      );
      // CPU time, not wall time: the test machine's cores are shared.
      assert.ok(cpuMs < 1000, `${cpuMs} ms CPU`);
    }
  });
});
