import { loadNames } from "@/lib/datasets/names";
import { penguinSplit } from "@/lib/datasets/train";
import { publicProcedure, router } from "../trpc";

/** Public teaching data for module widgets: training splits only (the held-out rows stay on the server). */
export const datasetRouter = router({
  penguins: publicProcedure.query(() =>
    penguinSplit().train.map((p) => ({ species: p.species, beakLengthMm: p.beakLengthMm, flipperLengthMm: p.flipperLengthMm, bodyMassKg: p.bodyMassG / 1000 })),
  ),
  /** The first names' training split (the ar-names exercise's), for the pre-training module's widget. */
  names: publicProcedure.query(() => loadNames().train),
});
