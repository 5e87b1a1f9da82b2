/**
 * Bench: what a digit exercise's default run scores. Trains the page's model with its config for the
 * page's budget of steps in Node (the same lib/ml trainer the page runs; wasm backend), draws the
 * 1,000 digits its submit button would, and scores them with the exercise's own server scorer (the
 * digit evaluator's FID and classifier score, and the copy search). One JSON line per score:
 *   {"bench":"default-run","exercise":…,"config":…,"steps":…,"fid":…,"classifierScore":…,"copiedFraction":…,"train_s":…}
 * (rbm-digits adds "gibbsSteps"). The number in each spec's `defaultRun` comes from here.
 *   npx tsx bench/default-runs.ts                   both exercises, their defaults and page budgets
 *   npx tsx bench/default-runs.ts --exercise rbm-digits --config '{"hidden":256}' --score-at 1000,3000 --gibbs 200,1000
 * Run time with no arguments: about 3 minutes on a 2-core machine (vae-digits: 5,000 steps in 55–90 s,
 * then scoring; rbm-digits: 3,000 updates in 65–75 s, 1,000 chains of 200 Gibbs steps in 7 s, then
 * scoring). Deterministic: the same config
 * gives the same FID on this machine.
 */
import { parseArgs } from "node:util";
import { loadMnistSplit } from "@/lib/datasets/mnist";
import { IMAGE_SUBMISSION_COUNT } from "@/lib/exercises/digit-images";
import { activateBackend } from "@/lib/ml/backend";
import { rbmConfigSchema } from "@/lib/ml/configs/rbm";
import { vaeConfigSchema } from "@/lib/ml/configs/vae";
import { bytesToBase64, DIGIT_SIDE, digitsToFloat, floatToDigits } from "@/lib/ml/datasets/digits";
import { RbmTrainer } from "@/lib/ml/models/rbm";
import { VaeTrainer } from "@/lib/ml/models/vae";
import { rbmDigitsScorer } from "@/exercises/rbm-digits/server";
import { RBM_SUBMISSION, sampleRbmSubmission } from "@/exercises/rbm-digits/sampling";
import { RBM_PAGE_STEPS, rbmDigitsSpec } from "@/exercises/rbm-digits/spec";
import { vaeDigitsScorer } from "@/exercises/vae-digits/server";
import { VAE_PAGE_STEPS, VAE_SUBMISSION_SEED, vaeDigitsSpec } from "@/exercises/vae-digits/spec";

const { values } = parseArgs({
  options: {
    exercise: { type: "string" },
    config: { type: "string", default: "{}" },
    "score-at": { type: "string" },
    gibbs: { type: "string" },
  },
});
/** "a,b,c": increasing whole numbers ≥ 1. */
function list(text: string | undefined): number[] | undefined {
  if (!text) return undefined;
  const numbers = text.split(",").map((v) => Number(v));
  if (numbers.some((v, i) => !Number.isInteger(v) || v < 1 || (i > 0 && v <= numbers[i - 1])))
    throw new Error(`Expected increasing whole numbers, got ${text}.`);
  return numbers;
}
// Checked before the wasm backend loads (its handler of uncaught errors prints its whole source).
const overrides = JSON.parse(values.config) as Record<string, unknown>;
const scoreAt = list(values["score-at"]);
const gibbsSteps = list(values.gibbs);
const exercises = values.exercise ? [values.exercise] : ["vae-digits", "rbm-digits"];
for (const exercise of exercises) {
  if (exercise !== "vae-digits" && exercise !== "rbm-digits") throw new Error(`Unknown exercise ${exercise}: vae-digits or rbm-digits.`);
}

const backend = await activateBackend("wasm");
const log = (line: string) => process.stderr.write(`[bench:default-runs] ${line}\n`);
const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;
const seconds = (from: number) => round((performance.now() - from) / 1000, 1);
const train = digitsToFloat(loadMnistSplit("train").images);
const validation = digitsToFloat(loadMnistSplit("validation").images);

function imagesBody(images: Float32Array) {
  return { images: { dtype: "uint8", shape: [IMAGE_SUBMISSION_COUNT, DIGIT_SIDE, DIGIT_SIDE], data: bytesToBase64(floatToDigits(images)) } };
}

async function vaeRuns(): Promise<void> {
  const config = vaeConfigSchema.parse({ ...vaeDigitsSpec.defaultHyperparameters, ...overrides });
  const at = scoreAt ?? [VAE_PAGE_STEPS];
  const trainer = new VaeTrainer(config, train);
  let trainS = 0;
  for (const steps of at) {
    const started = performance.now();
    trainer.step(steps - trainer.iteration);
    await trainer.losses(); // waits for the queued steps
    trainS += seconds(started);
    const body = vaeDigitsSpec.submissionSchema.parse(imagesBody(await trainer.sample(IMAGE_SUBMISSION_COUNT, VAE_SUBMISSION_SEED)));
    const m = await vaeDigitsScorer.score(body);
    print("vae-digits", config, steps, m, { train_s: round(trainS, 1) });
  }
  trainer.dispose();
}

async function rbmRuns(): Promise<void> {
  const config = rbmConfigSchema.parse({ ...rbmDigitsSpec.defaultHyperparameters, ...overrides });
  const at = scoreAt ?? [RBM_PAGE_STEPS];
  const gibbs = gibbsSteps ?? [RBM_SUBMISSION.gibbsSteps];
  // The page's validation digits are the held-out set of its free-energy gap.
  const trainer = new RbmTrainer(config, train, validation);
  let trainS = 0;
  for (const steps of at) {
    const started = performance.now();
    trainer.step(steps - trainer.iteration);
    await trainer.losses();
    trainS += seconds(started);
    for (const chainSteps of gibbs) {
      const sampled = performance.now();
      const images = await sampleRbmSubmission((n, seed) => trainer.sampleGibbs(n, chainSteps, seed));
      const sampleS = seconds(sampled);
      const m = await rbmDigitsScorer.score(rbmDigitsSpec.submissionSchema.parse(imagesBody(images)));
      print("rbm-digits", config, steps, m, { gibbsSteps: chainSteps, train_s: round(trainS, 1), sample_s: sampleS });
    }
  }
  trainer.dispose();
}

function print(exercise: string, config: object, steps: number, m: Record<string, number>, extra: Record<string, number>): void {
  const line = {
    bench: "default-run",
    exercise,
    config,
    steps,
    fid: round(m.fid),
    classifierScore: round(m.classifierScore),
    copiedFraction: round(m.copiedFraction, 3),
    ...extra,
    backend,
  };
  process.stdout.write(JSON.stringify(line) + "\n");
}

for (const exercise of exercises) {
  log(`${exercise}…`);
  if (exercise === "vae-digits") await vaeRuns();
  else await rbmRuns();
}
process.exit(0);
