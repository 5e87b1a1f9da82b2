import type { ComponentType } from "react";
import { learningParadigmsModule } from "./learning-paradigms";
import { discriminativeVsGenerativeModule } from "./discriminative-vs-generative";
import { whyGenerativeModule } from "./why-generative";
import { timelineModule } from "./timeline";
import { pretrainingStrategiesModule } from "./pretraining-strategies";
import { encoderDecoderAttentionModule } from "./encoder-decoder-attention";
import { selfAttentionTransformersModule } from "./self-attention-transformers";
import { samplingModule } from "./sampling";
import { markovChainsMcmcModule } from "./markov-chains-mcmc";
import { gibbsSamplingModule } from "./gibbs-sampling";
import { typesOfGenerativeModelsModule } from "./types-of-generative-models";
import { parametricDensityEstimationModule } from "./parametric-density-estimation";
import { nonParametricDensityEstimationModule } from "./non-parametric-density-estimation";
import { gmmEmModule } from "./gmm-em";
import { hmmModule } from "./hmm";
import { graphicalModelsModule } from "./graphical-models";
import { boltzmannMachinesModule } from "./boltzmann-machines";
import { rbmDbmDbnModule } from "./rbm-dbm-dbn";
import { latentVariableModelsModule } from "./latent-variable-models";
import { autoencodersVaeModule } from "./autoencoders-vae";
import { adversarialExamplesModule } from "./adversarial-examples";
import { ganModule } from "./gan";
import { adversarialAutoencodersModule } from "./adversarial-autoencoders";
import { conditionalGansModule } from "./conditional-gans";
import { imageToImageTranslationModule } from "./image-to-image-translation";
import { hierarchicalVaeDiffusionModule } from "./hierarchical-vae-diffusion";
import { autoregressiveModelsModule } from "./autoregressive-models";
import { transformerFamiliesModule } from "./transformer-families";
import { normalizingFlowsModule } from "./normalizing-flows";

/** A module's reading text. Titles and order come from the course (lib/course/modules.ts). */
export interface ModuleContent {
  slug: string;
  /** Estimated reading time. */
  minutes: number;
  Body: ComponentType;
}

const MODULE_CONTENT: Record<string, ModuleContent> = Object.fromEntries(
  [
    learningParadigmsModule,
    discriminativeVsGenerativeModule,
    whyGenerativeModule,
    timelineModule,
    pretrainingStrategiesModule,
    encoderDecoderAttentionModule,
    selfAttentionTransformersModule,
    samplingModule,
    markovChainsMcmcModule,
    gibbsSamplingModule,
    typesOfGenerativeModelsModule,
    parametricDensityEstimationModule,
    nonParametricDensityEstimationModule,
    gmmEmModule,
    hmmModule,
    graphicalModelsModule,
    boltzmannMachinesModule,
    rbmDbmDbnModule,
    latentVariableModelsModule,
    autoencodersVaeModule,
    adversarialExamplesModule,
    ganModule,
    adversarialAutoencodersModule,
    conditionalGansModule,
    imageToImageTranslationModule,
    hierarchicalVaeDiffusionModule,
    autoregressiveModelsModule,
    transformerFamiliesModule,
    normalizingFlowsModule,
  ].map((m) => [m.slug, m]),
);

export function findModuleContent(slug: string): ModuleContent | undefined {
  return Object.hasOwn(MODULE_CONTENT, slug) ? MODULE_CONTENT[slug] : undefined;
}
