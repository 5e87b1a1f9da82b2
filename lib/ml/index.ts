/** GenLab's machine-learning core: isomorphic (browser + Node), no DOM / React / server code. */
export { type Rng, mulberry32, gaussian } from "./random";
export { RING, ringCentres, sampleRing } from "./datasets/ring";
export {
  type RingMetrics,
  scoreRingSamples,
  mmd2Unbiased,
  MMD_BANDWIDTHS,
  MMD_REFERENCE_SEED,
  MMD_REFERENCE_SIZE,
  HQ_SIGMAS,
  COVERAGE_THRESHOLD,
} from "./metrics/ring";
export { ganConfigSchema, type GanConfig, DEFAULT_GAN_CONFIG } from "./configs/gan";
export {
  GanModel,
  type GanModelConfig,
  type GanLoss,
  type LayerDims,
  mlpDims,
  DATA_DIM,
  discriminatorLoss,
  discriminatorSigns,
  generatorLoss,
} from "./models/gan";
export {
  GanTrainer,
  type GanTrainerOptions,
  type GanTrainerState,
  type RunOptions,
  type TrainStats,
  DEFAULT_DATASET_SIZE,
  DEFAULT_FRAME_BUDGET_MS,
} from "./train/gan-trainer";
export {
  activateBackend,
  listAvailableBackends,
  BACKEND_PREFERENCE,
  DEFAULT_BROWSER_WASM_PATH,
  type BackendName,
  type ActivateOptions,
} from "./backend";
