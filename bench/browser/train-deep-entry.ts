// Browser side of bench/train-deep-models.ts: trains each deep model of the course with its default
// config on the chosen backend and reports steps per second (losses read back every 10 steps, as
// a page reads them about once per frame).
import * as tf from "@tensorflow/tfjs";
import { activateBackend } from "@/lib/ml/backend";
import { decodeDigitSet, digitsToFloat } from "@/lib/ml/datasets/digits";
import { sampleMoons, sampleSwissRoll } from "@/lib/ml/datasets/toy2d";
import { AutoencoderTrainer } from "@/lib/ml/models/autoencoder";
import { DEFAULT_AUTOENCODER_CONFIG } from "@/lib/ml/configs/autoencoder";
import { CharLmTrainer } from "@/lib/ml/train/char-lm-trainer";
import { DEFAULT_CHAR_LM_CONFIG } from "@/lib/ml/configs/char-lm";
import { DdpmTrainer } from "@/lib/ml/models/ddpm";
import { DEFAULT_DDPM_CONFIG } from "@/lib/ml/configs/ddpm";
import { DigitGanTrainer } from "@/lib/ml/models/digit-gan";
import { DEFAULT_DIGIT_CGAN_CONFIG, DEFAULT_DIGIT_GAN_CONFIG } from "@/lib/ml/configs/digit-gan";
import { RbmTrainer } from "@/lib/ml/models/rbm";
import { DEFAULT_RBM_CONFIG } from "@/lib/ml/configs/rbm";
import { RealNvpTrainer } from "@/lib/ml/train/realnvp-trainer";
import { DEFAULT_REALNVP_CONFIG } from "@/lib/ml/configs/realnvp";
import { VaeTrainer } from "@/lib/ml/models/vae";
import { DEFAULT_VAE_CONFIG } from "@/lib/ml/configs/vae";
import type { SteppedTrainer } from "@/lib/ml/train/loop";

export interface DeepBenchResult {
  model: string;
  backend: string;
  its: number;
  numTensorsGrowth: number;
}

async function measure(trainer: SteppedTrainer, warmupMs: number, measureMs: number): Promise<{ its: number; growth: number }> {
  const run = async (ms: number) => {
    const start = performance.now();
    let steps = 0;
    while (performance.now() - start < ms) {
      trainer.step(1);
      if (++steps % 10 === 0) await trainer.losses();
    }
    await trainer.losses();
    return (steps * 1000) / (performance.now() - start);
  };
  await run(warmupMs);
  const before = tf.memory().numTensors;
  const its = await run(measureMs);
  return { its, growth: tf.memory().numTensors - before };
}

async function benchDeepModels(options: { backend: string; warmupMs: number; measureMs: number }): Promise<DeepBenchResult[]> {
  const backend = await activateBackend(options.backend);
  const digits = decodeDigitSet(new Uint8Array(await (await fetch("/digits.bin")).arrayBuffer()));
  const names = (await (await fetch("/names.json")).json()) as string[];
  const floats = digitsToFloat(digits.images);
  const builders: Record<string, () => SteppedTrainer> = {
    "rbm-digits": () => new RbmTrainer(DEFAULT_RBM_CONFIG, floats),
    "autoencoder-digits": () => new AutoencoderTrainer(DEFAULT_AUTOENCODER_CONFIG, floats),
    "vae-digits": () => new VaeTrainer(DEFAULT_VAE_CONFIG, floats),
    "gan-digits": () => new DigitGanTrainer(DEFAULT_DIGIT_GAN_CONFIG, digits),
    "cgan-digits": () => new DigitGanTrainer(DEFAULT_DIGIT_CGAN_CONFIG, digits),
    "diffusion-2d": () => new DdpmTrainer(DEFAULT_DDPM_CONFIG, sampleSwissRoll(4000, 2020)),
    "flow-moons": () => new RealNvpTrainer(DEFAULT_REALNVP_CONFIG, sampleMoons(2000, 2017)),
    "ar-names (bigram)": () => new CharLmTrainer(DEFAULT_CHAR_LM_CONFIG.bigram, names),
    "ar-names (mlp)": () => new CharLmTrainer(DEFAULT_CHAR_LM_CONFIG.mlp, names),
    "ar-names (transformer)": () => new CharLmTrainer(DEFAULT_CHAR_LM_CONFIG.transformer, names),
  };
  const results: DeepBenchResult[] = [];
  for (const [model, build] of Object.entries(builders)) {
    const trainer = build();
    try {
      const { its, growth } = await measure(trainer, options.warmupMs, options.measureMs);
      results.push({ model, backend, its, numTensorsGrowth: growth });
    } finally {
      trainer.dispose();
    }
  }
  return results;
}

(globalThis as unknown as { genlabDeepBench: typeof benchDeepModels }).genlabDeepBench = benchDeepModels;
