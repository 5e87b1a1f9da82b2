// Server-only: quiz answers. Pages get questions through tRPC (publicQuestion), never this module.
import type { QuizQuestion } from "../quiz";
import { learningParadigmsQuiz } from "./learning-paradigms";
import { discriminativeVsGenerativeQuiz } from "./discriminative-vs-generative";
import { whyGenerativeQuiz } from "./why-generative";
import { timelineQuiz } from "./timeline";
import { pretrainingStrategiesQuiz } from "./pretraining-strategies";
import { encoderDecoderAttentionQuiz } from "./encoder-decoder-attention";
import { selfAttentionTransformersQuiz } from "./self-attention-transformers";
import { samplingQuiz } from "./sampling";
import { markovChainsMcmcQuiz } from "./markov-chains-mcmc";
import { gibbsSamplingQuiz } from "./gibbs-sampling";
import { typesOfGenerativeModelsQuiz } from "./types-of-generative-models";
import { parametricDensityEstimationQuiz } from "./parametric-density-estimation";
import { nonParametricDensityEstimationQuiz } from "./non-parametric-density-estimation";
import { gmmEmQuiz } from "./gmm-em";
import { hmmQuiz } from "./hmm";
import { graphicalModelsQuiz } from "./graphical-models";
import { boltzmannMachinesQuiz } from "./boltzmann-machines";
import { rbmDbmDbnQuiz } from "./rbm-dbm-dbn";
import { latentVariableModelsQuiz } from "./latent-variable-models";
import { autoencodersVaeQuiz } from "./autoencoders-vae";
import { adversarialExamplesQuiz } from "./adversarial-examples";
import { ganQuiz } from "./gan";
import { adversarialAutoencodersQuiz } from "./adversarial-autoencoders";
import { conditionalGansQuiz } from "./conditional-gans";
import { imageToImageTranslationQuiz } from "./image-to-image-translation";
import { hierarchicalVaeDiffusionQuiz } from "./hierarchical-vae-diffusion";
import { autoregressiveModelsQuiz } from "./autoregressive-models";
import { transformerFamiliesQuiz } from "./transformer-families";
import { normalizingFlowsQuiz } from "./normalizing-flows";

export const QUIZZES: Readonly<Record<string, QuizQuestion[]>> = {
  "learning-paradigms": learningParadigmsQuiz,
  "discriminative-vs-generative": discriminativeVsGenerativeQuiz,
  "why-generative": whyGenerativeQuiz,
  timeline: timelineQuiz,
  "pretraining-strategies": pretrainingStrategiesQuiz,
  "encoder-decoder-attention": encoderDecoderAttentionQuiz,
  "self-attention-transformers": selfAttentionTransformersQuiz,
  sampling: samplingQuiz,
  "markov-chains-mcmc": markovChainsMcmcQuiz,
  "gibbs-sampling": gibbsSamplingQuiz,
  "types-of-generative-models": typesOfGenerativeModelsQuiz,
  "parametric-density-estimation": parametricDensityEstimationQuiz,
  "non-parametric-density-estimation": nonParametricDensityEstimationQuiz,
  "gmm-em": gmmEmQuiz,
  hmm: hmmQuiz,
  "graphical-models": graphicalModelsQuiz,
  "boltzmann-machines": boltzmannMachinesQuiz,
  "rbm-dbm-dbn": rbmDbmDbnQuiz,
  "latent-variable-models": latentVariableModelsQuiz,
  "autoencoders-vae": autoencodersVaeQuiz,
  "adversarial-examples": adversarialExamplesQuiz,
  gan: ganQuiz,
  "adversarial-autoencoders": adversarialAutoencodersQuiz,
  "conditional-gans": conditionalGansQuiz,
  "image-to-image-translation": imageToImageTranslationQuiz,
  "hierarchical-vae-diffusion": hierarchicalVaeDiffusionQuiz,
  "autoregressive-models": autoregressiveModelsQuiz,
  "transformer-families": transformerFamiliesQuiz,
  "normalizing-flows": normalizingFlowsQuiz,
};
