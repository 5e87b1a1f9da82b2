// The class picture's data (server/services/class-picture.ts builds it; the instructor's console draws it).
import { sampleRing } from "@/lib/ml/datasets/ring";
import { sampleMoons, sampleSwissRoll } from "@/lib/ml/datasets/toy2d";
import { mulberry32 } from "@/lib/ml/random";
import { sampleBanana } from "@/lib/ml/sampling/banana";

/** Samples per student in the picture: 300 students × 100 points stay a few hundred kilobytes a refresh. */
export const CLASS_PICTURE_POINTS = 100;
/** How often the console refetches it while a round runs. */
export const CLASS_PICTURE_REFRESH_MS = 1000;

export interface ClassPictureStudent {
  userId: string;
  name: string;
  /** Rank by the exercise's rule among the students in the picture (ties share one). */
  rank: number;
  /** The ranked metric's value. */
  metric: number | null;
  /** 2-D samples, flattened [x0, y0, x1, y1, …]; null for other exercises. */
  points: number[] | null;
  /** One digit, 28×28 grey levels in base64; null for other exercises. */
  digit: string | null;
}

export interface ClassPicture {
  roundId: string;
  exerciseSlug: string;
  metricKey: string;
  /** Best first. */
  students: ClassPictureStudent[];
}

/** Samples of the exercise's target distribution for the picture beside the class's (2-D exercises), flattened; null for others. */
export function targetSamples(exerciseSlug: string, count = 2000): Float32Array | null {
  // A fixed seed: the same target on every screen and every refresh.
  switch (exerciseSlug) {
    case "gan-ring":
      return sampleRing(count, mulberry32(1));
    case "diffusion-2d":
      return sampleSwissRoll(count, 1);
    case "flow-moons":
      return sampleMoons(count, 1);
    case "metropolis-2d":
      return Float32Array.from(sampleBanana(count, mulberry32(1)));
    default:
      return null;
  }
}
