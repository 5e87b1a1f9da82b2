/**
 * The course's modules, in lecture order. Seeded into each course; the text lives with the pages.
 * Exercises name their module by slug in the registry (lib/exercises).
 */
export interface ModuleDefinition {
  slug: string;
  title: string;
  part: string;
}

export const COURSE_MODULES: readonly ModuleDefinition[] = [
  { slug: "gan", title: "Generative adversarial networks", part: "Part 3 — Generative models" },
];

export const DEMO_COURSE = {
  slug: "generative-ai",
  title: "Generative AI",
  description: "From sampling and density estimation to GANs, diffusion and transformers — train the models yourself, in your browser.",
  joinCode: "GENAI1",
} as const;

export const DEMO_PASSWORD = "genlab-demo";

export const DEMO_ACCOUNTS = [
  { name: "Ada Instructor", email: "instructor@genlab.local", role: "INSTRUCTOR" },
  { name: "Alice Student", email: "alice@genlab.local", role: null },
  { name: "Bob Student", email: "bob@genlab.local", role: null },
  { name: "Carol Student", email: "carol@genlab.local", role: null },
] as const;
