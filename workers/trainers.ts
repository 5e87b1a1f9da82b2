// What the pool can train: the browser's own trainers from lib/ml, by exercise slug. Each turns a
// config into a model, trains in steps, checkpoints, and draws the submission the browser would.
import { VAE_SUBMISSION_SEED } from "@/exercises/vae-digits/spec";
import { loadMnistSplit } from "@/lib/datasets/mnist";
import { IMAGE_SUBMISSION_COUNT } from "@/lib/exercises/digit-images";
import { ganConfigSchema } from "@/lib/ml/configs/gan";
import { DIGIT_PREVIEW } from "@/lib/pool/types";
import { bytesToBase64, DIGIT_PIXELS, DIGIT_SIDE, digitsToFloat, floatToDigits } from "@/lib/ml/datasets/digits";
import { VaeTrainer, type VaeTrainerState } from "@/lib/ml/models/vae";
import { vaeConfigSchema } from "@/lib/ml/configs/vae";
import { GanTrainer, type GanTrainerState } from "@/lib/ml/train/gan-trainer";

export interface PoolTrainer {
  readonly iteration: number;
  step(n: number): void;
  losses(): Promise<Record<string, number>>;
  exportState(): Promise<unknown>;
  importState(state: unknown): void;
  /**
   * The live thumbnail, flat numbers: point exercises send up to `points` samples [x0, y0, …];
   * digit exercises send DIGIT_PREVIEW's digits (and ignore `points`).
   */
  preview(points: number): Promise<number[]>;
  /** The body the exercise's scorer takes, as the browser's submit button would build it. */
  submission(): Promise<unknown>;
  dispose(): void;
}

/** What the pool needs of a lib/ml trainer besides its exercise's own parts: steps and checkpoints. */
interface CheckpointedTrainer<State> {
  readonly iteration: number;
  step(n: number): void;
  exportState(): Promise<State>;
  /** Validates the checkpoint itself: it arrives as JSON from the database. */
  importState(state: State): void;
  dispose(): void;
}

function poolTrainer<State>(trainer: CheckpointedTrainer<State>, own: Pick<PoolTrainer, "losses" | "preview" | "submission">): PoolTrainer {
  return {
    get iteration() {
      return trainer.iteration;
    },
    step: (n) => trainer.step(n),
    exportState: () => trainer.exportState(),
    importState: (state) => trainer.importState(state as State),
    dispose: () => trainer.dispose(),
    ...own,
  };
}

const GAN_RING_SAMPLES = 2000;

function ganRingTrainer(config: unknown): PoolTrainer {
  const trainer = new GanTrainer(ganConfigSchema.parse(config));
  return poolTrainer<GanTrainerState>(trainer, {
    losses: async () => {
      const { dLoss, gLoss } = await trainer.losses();
      return { D: dLoss, G: gLoss };
    },
    preview: async (points) => Array.from(await trainer.sample(points)),
    submission: async () => {
      const flat = await trainer.sample(GAN_RING_SAMPLES);
      const samples: [number, number][] = [];
      for (let i = 0; i < flat.length; i += 2) samples.push([flat[i], flat[i + 1]]);
      return { samples };
    },
  });
}

/** The page's PREVIEW_SEED: the thumbnail shows the first of its "Samples from the prior". */
const VAE_PREVIEW_SEED = 7;

/** count × 784 pixel values in [0, 1] → DIGIT_PREVIEW's format. */
function digitThumbnails(images: Float32Array): number[] {
  const { count, side, levels } = DIGIT_PREVIEW;
  const block = DIGIT_SIDE / side;
  const out: number[] = [];
  for (let d = 0; d < count; d++) {
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        let sum = 0;
        for (let i = 0; i < block; i++) {
          for (let j = 0; j < block; j++) sum += images[d * DIGIT_PIXELS + (r * block + i) * DIGIT_SIDE + c * block + j];
        }
        out.push(Math.round((sum / block ** 2) * (levels - 1)));
      }
    }
  }
  return out;
}

/** The digit exercises' submission body: pixel values in [0, 1] as the uint8 wire format. */
function digitImagesBody(images: Float32Array) {
  return { images: { dtype: "uint8", shape: [IMAGE_SUBMISSION_COUNT, DIGIT_SIDE, DIGIT_SIDE], data: bytesToBase64(floatToDigits(images)) } };
}

/** The 8,000 training digits the page trains on (25 MB of floats): loaded once per worker process, when first needed. */
let mnistTrain: Float32Array | undefined;
const mnistTrainDigits = () => (mnistTrain ??= digitsToFloat(loadMnistSplit("train").images));

function vaeDigitsTrainer(config: unknown): PoolTrainer {
  const trainer = new VaeTrainer(vaeConfigSchema.parse(config), mnistTrainDigits());
  return poolTrainer<VaeTrainerState>(trainer, {
    losses: () => trainer.losses(), // elbo, reconstruction, kl: the page's names, in its order
    preview: async () => digitThumbnails(await trainer.sample(DIGIT_PREVIEW.count, VAE_PREVIEW_SEED)),
    submission: async () => digitImagesBody(await trainer.sample(IMAGE_SUBMISSION_COUNT, VAE_SUBMISSION_SEED)),
  });
}

const POOL_TRAINERS: Record<string, (config: unknown) => PoolTrainer> = {
  "gan-ring": ganRingTrainer,
  "vae-digits": vaeDigitsTrainer,
};

export function poolTrainerFor(slug: string): ((config: unknown) => PoolTrainer) | null {
  return POOL_TRAINERS[slug] ?? null;
}
