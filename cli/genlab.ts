// The `genlab` command line: the registry and the server's own scorer, without a server.
import { readFile } from "node:fs/promises";
import { describeExercise, EXERCISES } from "@/lib/exercises/registry";
import { DomainError } from "@/server/services/errors";
import { scoreSubmissionBody } from "@/server/services/scoring";

const USAGE = `Usage:
  genlab exercises [--json]         list the exercises (slug, title, module, submission shape)
  genlab score <slug> <file.json>   score a submission file with the server's scorer
`;

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function listExercises(json: boolean) {
  const rows = EXERCISES.map(describeExercise);
  if (json) {
    process.stdout.write(`${JSON.stringify(rows.map(({ slug, title, module, submissionShape }) => ({ slug, title, module, submissionShape })), null, 2)}\n`);
    return;
  }
  for (const e of rows) process.stdout.write(`${e.slug.padEnd(16)} ${e.title}  [module: ${e.module}]\n  submit: ${e.submissionShape}\n`);
}

async function score(slug: string | undefined, file: string | undefined) {
  if (!slug || !file) fail(USAGE, 2);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    fail(`Cannot read ${file}.`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    fail(`${file} is not valid JSON.`);
  }
  try {
    const metrics = await scoreSubmissionBody(slug, body, Buffer.byteLength(text));
    process.stdout.write(`${JSON.stringify({ slug, metrics })}\n`);
  } catch (error) {
    if (error instanceof DomainError) fail(error.message);
    throw error;
  }
}

const [command, ...args] = process.argv.slice(2);
switch (command) {
  case "exercises":
    await listExercises(args.includes("--json"));
    break;
  case "score":
    await score(args[0], args[1]);
    break;
  case undefined:
  case "help":
  case "--help":
    process.stdout.write(USAGE);
    break;
  default:
    fail(`Unknown command "${command}".\n${USAGE}`, 2);
}
