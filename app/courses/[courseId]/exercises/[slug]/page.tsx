"use client";
import { use } from "react";
import { ButtonLink } from "@/app/_components/Button";
import { QueryErrorState } from "@/app/_components/ErrorState";
import { PageHeader } from "@/app/_components/PageHeader";
import { Loading } from "@/app/_components/Spinner";
import { AdversarialDigitsTrainer } from "@/app/_components/trainer/AdversarialDigitsTrainer";
import { ArNamesTrainer } from "@/app/_components/trainer/ArNamesTrainer";
import { AutoencoderDigitsTrainer } from "@/app/_components/trainer/AutoencoderDigitsTrainer";
import { CganDigitsTrainer, GanDigitsTrainer } from "@/app/_components/trainer/DigitGanTrainer";
import { Diffusion2dTrainer } from "@/app/_components/trainer/Diffusion2dTrainer";
import { FlowMoonsTrainer } from "@/app/_components/trainer/FlowMoonsTrainer";
import { GanRingTrainer } from "@/app/_components/trainer/GanRingTrainer";
import { GibbsBmTrainer } from "@/app/_components/trainer/GibbsBmTrainer";
import { GmmEmTrainer } from "@/app/_components/trainer/GmmEmTrainer";
import { HmmWeatherTrainer } from "@/app/_components/trainer/HmmWeatherTrainer";
import { InverseCdfTrainer } from "@/app/_components/trainer/InverseCdfTrainer";
import { KdeBandwidthTrainer } from "@/app/_components/trainer/KdeBandwidthTrainer";
import { MarkovChainTrainer } from "@/app/_components/trainer/MarkovChainTrainer";
import { Metropolis2dTrainer } from "@/app/_components/trainer/Metropolis2dTrainer";
import { MleGaussianTrainer } from "@/app/_components/trainer/MleGaussianTrainer";
import { RbmDigitsTrainer } from "@/app/_components/trainer/RbmDigitsTrainer";
import { VaeDigitsTrainer } from "@/app/_components/trainer/VaeDigitsTrainer";
import { api } from "@/app/_trpc/react";

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

export default function ExercisePage({ params }: { params: Promise<{ courseId: string; slug: string }> }) {
  const { courseId, slug } = use(params);
  const exercise = api.exercise.get.useQuery({ courseId, exerciseSlug: slug });
  // Only for the breadcrumb's names; the page works without it.
  const course = api.course.get.useQuery({ courseId }, { enabled: exercise.isSuccess });
  if (exercise.isPending) return <Loading label="Loading the exercise…" />;
  if (exercise.error) return <QueryErrorState error={exercise.error} retry={() => void exercise.refetch()} />;
  const e = exercise.data;
  const Trainer = TRAINERS[slug as keyof typeof TRAINERS];
  const moduleTitle = course.data?.modules.find((m) => m.slug === e.module)?.title;
  return (
    <div>
      <PageHeader
        title={e.title}
        description={
          <>
            <p>{e.summary}</p>
            <p className="mt-1 text-sm">Data: {e.dataset.description}</p>
          </>
        }
        crumbs={[
          { href: "/courses", label: "My courses" },
          { href: `/courses/${courseId}`, label: course.data?.title ?? "Course" },
          { href: `/courses/${courseId}/modules/${e.module}`, label: moduleTitle ?? "Module" },
        ]}
        actions={<ButtonLink href={`/courses/${courseId}/exercises/${slug}/leaderboard`} variant="secondary">Leaderboard</ButtonLink>}
      />
      {Trainer ? (
        <Trainer courseId={courseId} exerciseSlug={slug} submissionsPerDay={e.limits.submissionsPerDay} metrics={e.metrics} defaultHyperparameters={e.defaultHyperparameters} />
      ) : (
        <p className="text-muted">This exercise has no in-browser trainer yet.</p>
      )}
    </div>
  );
}
