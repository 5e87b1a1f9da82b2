"use client";
// The in-browser trainer of each exercise (exercises/<slug>/Trainer.tsx), loaded only when its page opens.
import dynamic from "next/dynamic";
import type { ComponentType } from "react";
import type { ExerciseInfo } from "@/app/_components/trainer/SubmitPanel";
import { Loading } from "@/app/_components/Spinner";

const loading = () => <Loading inline label="Loading the trainer…" />;

/** By registry slug: one line per exercise (a test checks every spec has one). */
export const TRAINERS: Record<string, ComponentType<ExerciseInfo>> = {
  "inverse-cdf": dynamic(() => import("./inverse-cdf/Trainer").then((m) => m.InverseCdfTrainer), { loading }),
  "markov-chain": dynamic(() => import("./markov-chain/Trainer").then((m) => m.MarkovChainTrainer), { loading }),
  "metropolis-2d": dynamic(() => import("./metropolis-2d/Trainer").then((m) => m.Metropolis2dTrainer), { loading }),
  "mle-gaussian": dynamic(() => import("./mle-gaussian/Trainer").then((m) => m.MleGaussianTrainer), { loading }),
  "kde-bandwidth": dynamic(() => import("./kde-bandwidth/Trainer").then((m) => m.KdeBandwidthTrainer), { loading }),
  "gmm-em": dynamic(() => import("./gmm-em/Trainer").then((m) => m.GmmEmTrainer), { loading }),
  "hmm-weather": dynamic(() => import("./hmm-weather/Trainer").then((m) => m.HmmWeatherTrainer), { loading }),
  "gibbs-bm": dynamic(() => import("./gibbs-bm/Trainer").then((m) => m.GibbsBmTrainer), { loading }),
  "rbm-digits": dynamic(() => import("./rbm-digits/Trainer").then((m) => m.RbmDigitsTrainer), { loading }),
  "autoencoder-digits": dynamic(() => import("./autoencoder-digits/Trainer").then((m) => m.AutoencoderDigitsTrainer), { loading }),
  "vae-digits": dynamic(() => import("./vae-digits/Trainer").then((m) => m.VaeDigitsTrainer), { loading }),
  "adversarial-digits": dynamic(() => import("./adversarial-digits/Trainer").then((m) => m.AdversarialDigitsTrainer), { loading }),
  "gan-ring": dynamic(() => import("./gan-ring/Trainer").then((m) => m.GanRingTrainer), { loading }),
  "gan-digits": dynamic(() => import("./gan-digits/Trainer").then((m) => m.GanDigitsTrainer), { loading }),
  "aae-digits": dynamic(() => import("./aae-digits/Trainer").then((m) => m.AaeDigitsTrainer), { loading }),
  "cgan-digits": dynamic(() => import("./gan-digits/Trainer").then((m) => m.CganDigitsTrainer), { loading }),
  "img2img-digits": dynamic(() => import("./img2img-digits/Trainer").then((m) => m.Img2ImgDigitsTrainer), { loading }),
  "diffusion-2d": dynamic(() => import("./diffusion-2d/Trainer").then((m) => m.Diffusion2dTrainer), { loading }),
  "ar-names": dynamic(() => import("./ar-names/Trainer").then((m) => m.ArNamesTrainer), { loading }),
  "flow-moons": dynamic(() => import("./flow-moons/Trainer").then((m) => m.FlowMoonsTrainer), { loading }),
};

/** The trainer page of an exercise (the exercise page and a live round both show it), if it has one. */
export function trainerFor(slug: string): ComponentType<ExerciseInfo> | null {
  return TRAINERS[slug] ?? null;
}
