// What the pool can train: the browser's own trainers from lib/ml, by exercise slug. Each turns a
// config into a model, trains in steps, checkpoints, and draws the submission the browser would.
import { ganConfigSchema } from "@/lib/ml/configs/gan";
import { GanTrainer, type GanTrainerState } from "@/lib/ml/train/gan-trainer";

export interface PoolTrainer {
  readonly iteration: number;
  step(n: number): void;
  losses(): Promise<Record<string, number>>;
  exportState(): Promise<unknown>;
  importState(state: unknown): void;
  /** A few samples for the live thumbnail, flattened [x0, y0, …]. */
  preview(points: number): Promise<number[]>;
  /** The body the exercise's scorer takes, as the browser's submit button would build it. */
  submission(): Promise<unknown>;
  dispose(): void;
}

const GAN_RING_SAMPLES = 2000;

function ganRingTrainer(config: unknown): PoolTrainer {
  const trainer = new GanTrainer(ganConfigSchema.parse(config));
  return {
    get iteration() {
      return trainer.iteration;
    },
    step: (n) => trainer.step(n),
    losses: async () => {
      const { dLoss, gLoss } = await trainer.losses();
      return { D: dLoss, G: gLoss };
    },
    exportState: () => trainer.exportState(),
    importState: (state) => trainer.importState(state as GanTrainerState),
    preview: async (points) => Array.from(await trainer.sample(points)),
    submission: async () => {
      const flat = await trainer.sample(GAN_RING_SAMPLES);
      const samples: [number, number][] = [];
      for (let i = 0; i < flat.length; i += 2) samples.push([flat[i], flat[i + 1]]);
      return { samples };
    },
    dispose: () => trainer.dispose(),
  };
}

const POOL_TRAINERS: Record<string, (config: unknown) => PoolTrainer> = {
  "gan-ring": ganRingTrainer,
};

export function poolTrainerFor(slug: string): ((config: unknown) => PoolTrainer) | null {
  return POOL_TRAINERS[slug] ?? null;
}
