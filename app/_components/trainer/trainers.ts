import type { ComponentType } from "react";
import { AdversarialDigitsTrainer } from "./AdversarialDigitsTrainer";
import { ArNamesTrainer } from "./ArNamesTrainer";
import { AutoencoderDigitsTrainer } from "./AutoencoderDigitsTrainer";
import { CganDigitsTrainer, GanDigitsTrainer } from "./DigitGanTrainer";
import { Diffusion2dTrainer } from "./Diffusion2dTrainer";
import { FlowMoonsTrainer } from "./FlowMoonsTrainer";
import { GanRingTrainer } from "./GanRingTrainer";
import { GibbsBmTrainer } from "./GibbsBmTrainer";
import { GmmEmTrainer } from "./GmmEmTrainer";
import { HmmWeatherTrainer } from "./HmmWeatherTrainer";
import { InverseCdfTrainer } from "./InverseCdfTrainer";
import { KdeBandwidthTrainer } from "./KdeBandwidthTrainer";
import { MarkovChainTrainer } from "./MarkovChainTrainer";
import { Metropolis2dTrainer } from "./Metropolis2dTrainer";
import { MleGaussianTrainer } from "./MleGaussianTrainer";
import { RbmDigitsTrainer } from "./RbmDigitsTrainer";
import { VaeDigitsTrainer } from "./VaeDigitsTrainer";
import type { ExerciseInfo } from "./SubmitPanel";

/** The in-browser trainer of each exercise, by registry slug. */
const TRAINERS = {
  "gan-ring": GanRingTrainer,
  "gan-digits": GanDigitsTrainer,
  "cgan-digits": CganDigitsTrainer,
  "adversarial-digits": AdversarialDigitsTrainer,
  "diffusion-2d": Diffusion2dTrainer,
  "flow-moons": FlowMoonsTrainer,
  "ar-names": ArNamesTrainer,
  "rbm-digits": RbmDigitsTrainer,
  "vae-digits": VaeDigitsTrainer,
  "autoencoder-digits": AutoencoderDigitsTrainer,
  "markov-chain": MarkovChainTrainer,
  "kde-bandwidth": KdeBandwidthTrainer,
  "gibbs-bm": GibbsBmTrainer,
  "mle-gaussian": MleGaussianTrainer,
  "gmm-em": GmmEmTrainer,
  "hmm-weather": HmmWeatherTrainer,
  "metropolis-2d": Metropolis2dTrainer,
  "inverse-cdf": InverseCdfTrainer,
} as const;

/** The trainer page of an exercise (the exercise page and a live round both show it), if it has one. */
export function trainerFor(slug: string): ComponentType<ExerciseInfo> | null {
  return (TRAINERS as Record<string, ComponentType<ExerciseInfo>>)[slug] ?? null;
}
