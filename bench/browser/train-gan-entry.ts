/**
 * Browser side of bench/train-gan-ring.ts: GenLab's GanTrainer against a naive layers-API GAN
 * loop of the same model, in the same page on the same backend. Exposes `genlabBench(options)`.
 */
import * as tf from "@tensorflow/tfjs";
import { activateBackend } from "../../lib/ml/backend";
import { DEFAULT_GAN_CONFIG, type GanConfig } from "../../lib/ml/configs/gan";
import { sampleRing } from "../../lib/ml/datasets/ring";
import { mulberry32 } from "../../lib/ml/random";
import { GanTrainer } from "../../lib/ml/train/gan-trainer";

export interface BenchOptions {
  backend: string;
  warmupMs: number;
  measureMs: number;
  rounds: number;
}

export interface BenchResult {
  backend: string;
  /** GanTrainer throughput: step(10) then one loss read-back, back to back (no frame yields). */
  genlabIts: number[];
  /** GanTrainer.run() as the UI uses it: 12 ms of training per animation frame, then yield. */
  genlabRunIts: number[];
  /** The naive layers-API loop: one loss read-back per iteration, no frame yields. */
  naiveIts: number[];
}

const CONFIG: GanConfig = DEFAULT_GAN_CONFIG;

/** GenLab as the UI runs it: trainer.run() with its frame budget, yielding every frame. */
async function genlabRun(warmupMs: number, measureMs: number): Promise<number> {
  const trainer = new GanTrainer(CONFIG);
  try {
    await trainer.run({ signal: AbortSignal.timeout(warmupMs) });
    const start = trainer.iteration;
    const t0 = performance.now();
    await trainer.run({ signal: AbortSignal.timeout(measureMs) });
    await trainer.losses(); // make sure all queued work is done (GPU backends)
    return ((trainer.iteration - start) * 1000) / (performance.now() - t0);
  } finally {
    trainer.dispose();
  }
}

/** GenLab's raw step() throughput (no frame yields), for reference. */
async function genlabSteps(warmupMs: number, measureMs: number): Promise<number> {
  const trainer = new GanTrainer(CONFIG);
  try {
    const until = async (ms: number) => {
      const t0 = performance.now();
      let n = 0;
      while (performance.now() - t0 < ms) {
        trainer.step(10);
        await trainer.losses();
        n += 10;
      }
      return (n * 1000) / (performance.now() - t0);
    };
    await until(warmupMs);
    return await until(measureMs);
  } finally {
    trainer.dispose();
  }
}

/**
 * The way a typical TensorFlow.js GAN tutorial trains (Keras-style): tf.sequential generator and
 * discriminator, a combined model with the discriminator frozen, trainOnBatch for each update
 * (which reads the loss back every call). Same sizes, batch, optimizer and algorithm as GenLab:
 * one D update on a real+fake batch, then one G update.
 */
async function naiveRun(warmupMs: number, measureMs: number): Promise<number> {
  const { hiddenWidth, depth, noiseDim, batchSize: B } = CONFIG;
  const adam = (lr: number) => tf.train.adam(lr, CONFIG.momentum);
  const generator = tf.sequential();
  for (let i = 0; i < depth; i++) {
    generator.add(tf.layers.dense({ units: hiddenWidth, activation: "relu", ...(i === 0 ? { inputShape: [noiseDim] } : {}) }));
  }
  generator.add(tf.layers.dense({ units: 2 }));
  const discriminator = tf.sequential();
  for (let i = 0; i < depth; i++) {
    discriminator.add(tf.layers.dense({ units: hiddenWidth, activation: "relu", ...(i === 0 ? { inputShape: [2] } : {}) }));
  }
  discriminator.add(tf.layers.dense({ units: 1, activation: "sigmoid" }));
  discriminator.compile({ optimizer: adam(CONFIG.discriminatorLr), loss: "binaryCrossentropy" });
  discriminator.trainable = false;
  const combined = tf.sequential();
  combined.add(generator);
  combined.add(discriminator);
  combined.compile({ optimizer: adam(CONFIG.generatorLr), loss: "binaryCrossentropy" });

  const data = sampleRing(20_000, mulberry32(1));
  const labels = tf.concat([tf.ones([B, 1]), tf.zeros([B, 1])]);
  const ones = tf.ones([B, 1]);
  const batch = new Float32Array(2 * B);
  const iteration = async () => {
    for (let i = 0; i < B; i++) {
      const j = Math.floor(Math.random() * 20_000);
      batch[2 * i] = data[2 * j];
      batch[2 * i + 1] = data[2 * j + 1];
    }
    const real = tf.tensor2d(batch, [B, 2]);
    const fake = tf.tidy(() => generator.predict(tf.randomNormal([B, noiseDim])) as tf.Tensor);
    const x = tf.concat([real, fake]);
    discriminator.trainable = true; // tfjs freezes the variables themselves: toggle per update
    const dLoss = (await discriminator.trainOnBatch(x, labels)) as number;
    discriminator.trainable = false;
    const z = tf.randomNormal([B, noiseDim]);
    const gLoss = (await combined.trainOnBatch(z, ones)) as number;
    tf.dispose([real, fake, x, z]);
    if (!Number.isFinite(dLoss + gLoss)) throw new Error("naive loop diverged");
  };
  const until = async (ms: number) => {
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < ms) {
      await iteration();
      n++;
    }
    return (n * 1000) / (performance.now() - t0);
  };
  try {
    await until(warmupMs);
    return await until(measureMs);
  } finally {
    tf.dispose([labels, ones]);
    generator.dispose();
    discriminator.dispose();
  }
}

async function genlabBench(options: BenchOptions): Promise<BenchResult> {
  const backend = await activateBackend(options.backend, { wasmPath: "/tfjs-wasm/" });
  if (backend !== options.backend) throw new Error(`wanted backend ${options.backend}, got ${backend}`);
  const result: BenchResult = { backend, genlabIts: [], genlabRunIts: [], naiveIts: [] };
  // Alternate the sides so drift in machine load hits both alike.
  for (let r = 0; r < options.rounds; r++) {
    result.genlabIts.push(await genlabSteps(options.warmupMs, options.measureMs));
    result.naiveIts.push(await naiveRun(options.warmupMs, options.measureMs));
    result.genlabRunIts.push(await genlabRun(options.warmupMs, options.measureMs));
  }
  return result;
}

/**
 * Smoke test + rough speed of GanTrainer on another backend (run after genlabBench: it switches
 * the page's backend). Returns null when the backend cannot be activated here.
 */
async function genlabOtherBackend(backend: string, measureMs: number): Promise<{ backend: string; its: number; dLoss: number; gLoss: number } | null> {
  if ((await activateBackend(backend, { wasmPath: "/tfjs-wasm/" })) !== backend) return null;
  const trainer = new GanTrainer(CONFIG);
  try {
    trainer.step(2);
    await trainer.losses(); // compile shaders / warm up
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < measureMs) {
      trainer.step(5);
      await trainer.losses();
      n += 5;
    }
    const its = (n * 1000) / (performance.now() - t0);
    const { dLoss, gLoss } = await trainer.losses();
    const samples = await trainer.sample(100);
    if (!samples.every(Number.isFinite) || !Number.isFinite(dLoss + gLoss)) throw new Error(`${backend}: non-finite output`);
    return { backend, its, dLoss, gLoss };
  } finally {
    trainer.dispose();
  }
}

Object.assign(globalThis, { genlabBench, genlabOtherBackend });
