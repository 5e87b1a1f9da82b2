// What each module of the course offers: its text, diagrams, widgets, exercises and quiz.
// `npx tsx scripts/course-coverage.ts` prints the table as Markdown; tests/unit/course/coverage.test.ts
// holds the course to it (every module teaches, pictures and practises).
import { readFileSync } from "node:fs";
import path from "node:path";
import { EXERCISE_SPECS } from "@/exercises/specs";
import { COURSE_MODULES } from "@/lib/course/modules";
import { QUIZZES } from "@/lib/course/quizzes";

export interface ModuleCoverage {
  slug: string;
  title: string;
  /** Words of reading text (JSX markup and TeX left out, roughly). */
  words: number;
  diagrams: string[];
  widgets: string[];
  exercises: string[];
  quizQuestions: number;
}

const projectDir = path.resolve(path.dirname(import.meta.filename), "..");

/** Names imported from one folder of components, read from the module's source. */
function importedFrom(source: string, folder: string): string[] {
  const pattern = new RegExp(String.raw`import\s*\{([^}]*)\}\s*from\s*"@/app/_components/${folder}/[^"]+"`, "g");
  return [...source.matchAll(pattern)].flatMap((match) =>
    match[1]
      .split(",")
      .map((name) => name.trim())
      .filter((name) => /^[A-Z]/.test(name)),
  );
}

/** Used components only: an import left behind does not count. */
const used = (source: string, names: string[]) => names.filter((name) => new RegExp(`<${name}[\\s/>]`).test(source));

function wordCount(source: string): number {
  const text = source
    .replace(/\{String\.raw`[^`]*`\}/g, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/\{[^{}]*\}/g, " ");
  return text.split(/\s+/).filter((word) => /^[A-Za-z][a-z’'-]*[.,;:]?$/.test(word)).length;
}

export function courseCoverage(): ModuleCoverage[] {
  return COURSE_MODULES.map((module) => {
    const source = readFileSync(path.join(projectDir, "app/_content/modules", `${module.slug}.tsx`), "utf8");
    return {
      slug: module.slug,
      title: module.title,
      words: wordCount(source),
      diagrams: used(source, importedFrom(source, "diagrams")),
      widgets: used(source, importedFrom(source, "widgets")),
      exercises: EXERCISE_SPECS.filter((spec) => spec.moduleSlug === module.slug).map((spec) => spec.slug),
      quizQuestions: QUIZZES[module.slug]?.length ?? 0,
    };
  });
}

function markdownTable(rows: ModuleCoverage[]): string {
  const list = (items: string[]) => items.join(", ") || "—";
  return [
    "| module | text (words) | diagrams | widgets | exercises | quiz |",
    "|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.slug} | ${r.words} | ${list(r.diagrams)} | ${list(r.widgets)} | ${list(r.exercises)} | ${r.quizQuestions} |`),
  ].join("\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) console.log(markdownTable(courseCoverage()));
