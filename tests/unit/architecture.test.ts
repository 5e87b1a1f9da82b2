// The architecture rules of .dependency-cruiser.cjs hold on the real tree (app, lib, server, workers, exercises, cli),
// and each rule does fire: a small fixture tree in the temp folder breaks every one of them (and keeps what is allowed:
// a type-only import of the server's types in app/, Node builtins in server/).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { cruise, type ICruiseOptions, type ICruiseResult, type IViolation } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CONFIG = path.join(ROOT, ".dependency-cruiser.cjs");
const ROOTS = ["app", "lib", "server", "workers", "exercises", "cli"];
// Without a baseUrl in tsconfig.json, dependency-cruiser resolves the "@/*" paths from the working folder.
process.chdir(ROOT);

async function cruiseTree(baseDir: string, roots: string[]): Promise<ICruiseResult> {
  const options: ICruiseOptions = await extractDepcruiseOptions(CONFIG);
  const tsConfigFile = path.join(baseDir, "tsconfig.json");
  options.baseDir = baseDir;
  options.tsConfig = { fileName: tsConfigFile };
  const result = await cruise(roots, options, {}, { tsConfig: extractTSConfig(tsConfigFile) });
  assert.equal(typeof result.output, "object");
  return result.output as ICruiseResult;
}

function describeViolation(v: IViolation): string {
  const via = v.via?.length ? ` via ${v.via.map((step) => (typeof step === "string" ? step : step.name)).join(" → ")}` : "";
  const cycle = v.cycle?.length ? ` (cycle: ${v.cycle.map((step) => step.name).join(" → ")})` : "";
  return `${v.rule.severity} ${v.rule.name}: ${v.from} → ${v.to}${via}${cycle}`;
}

test("the real tree breaks no architecture rule", async () => {
  const result = await cruiseTree(ROOT, ROOTS);
  const violations = result.summary.violations.map(describeViolation);
  assert.ok(result.summary.totalCruised > 100, `only ${result.summary.totalCruised} modules cruised`);
  assert.deepEqual(violations, [], `\n${violations.join("\n")}\n`);
});

const fixture = mkdtempSync(path.join(os.tmpdir(), "genlab-architecture-"));
after(() => rmSync(fixture, { recursive: true, force: true }));

function write(file: string, text: string) {
  mkdirSync(path.dirname(path.join(fixture, file)), { recursive: true });
  writeFileSync(path.join(fixture, file), text);
}

test("every rule fires on a fixture that breaks it, and only there", async () => {
  write(
    "tsconfig.json",
    JSON.stringify({
      compilerOptions: {
        module: "esnext",
        moduleResolution: "bundler",
        jsx: "react-jsx",
        allowImportingTsExtensions: true,
        baseUrl: ".",
        paths: { "@/*": ["./*"] },
      },
    }),
  );
  write("node_modules/pg/package.json", JSON.stringify({ name: "pg", main: "index.js" }));
  write("node_modules/pg/index.js", "module.exports = {};\n");
  write("node_modules/@tensorflow/tfjs/package.json", JSON.stringify({ name: "@tensorflow/tfjs", main: "index.js" }));
  write("node_modules/@tensorflow/tfjs/index.js", "module.exports = {};\n");
  // Allowed: the server reads files and uses lib; a type-only import of the server's router type from app/.
  write(
    "server/db.ts",
    'import { readFileSync } from "node:fs";\nimport { add } from "@/lib/ok";\nexport const db = () => add(1, readFileSync("x").length);\n',
  );
  write("server/router.ts", 'import { db } from "./db";\nexport const router = { db };\nexport type Router = typeof router;\n');
  write("lib/ok.ts", "export const add = (a: number, b: number) => a + b;\n");
  write("app/typed.tsx", 'import type { Router } from "@/server/router";\nexport const keys = (r: Router) => Object.keys(r);\n');
  // app-imports-server (and, through it, browser-code-reaches-node).
  write("app/direct.tsx", 'import { db } from "@/server/db";\nexport const x = db;\n');
  write("app/registry.tsx", 'import { all } from "@/exercises/registry";\nexport const y = all;\n');
  write("exercises/registry.ts", "export const all = [];\n");
  // browser-code-reaches-node through lib/, an exercise's server.ts and a Node-only package.
  write("lib/reads.ts", 'import { readFileSync } from "node:fs";\nexport const read = () => readFileSync("x");\n');
  write("app/indirect.tsx", 'import { read } from "../lib/reads";\nexport const z = read;\n');
  write("exercises/demo/server.ts", "export const score = () => 1;\n");
  write("exercises/demo/spec.ts", 'import { score } from "./server";\nexport const spec = { score };\n');
  write("exercises/demo/Trainer.tsx", 'import path from "node:path";\nexport const Trainer = () => path.sep;\n');
  write("exercises/specs.ts", 'import pg from "pg";\nexport const specs = [pg];\n');
  // spec-loads-tensorflow: a spec that takes its config from a model file (the Trainer may load tfjs when it trains).
  write("lib/model.ts", 'import * as tf from "@tensorflow/tfjs";\nexport const config = { width: 8 };\nexport const train = () => tf;\n');
  write("exercises/heavy/spec.ts", 'import { config } from "@/lib/model";\nexport const spec = { config };\n');
  // lib-imports-upward and lib-circular.
  write("lib/up.ts", 'import { x } from "@/app/direct";\nexport const up = x;\n');
  write("lib/cycle-a.ts", 'import { b } from "./cycle-b";\nexport const a = () => b;\n');
  write("lib/cycle-b.ts", 'import { a } from "./cycle-a";\nexport const b = () => a;\n');
  // not-to-unresolvable.
  write("app/moved.tsx", 'import { gone } from "./gone";\nexport const w = gone;\n');

  const result = await cruiseTree(fixture, ["app", "lib", "server", "exercises"]);
  const found = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
  assert.deepEqual(
    found,
    [
      "app-imports-server: app/direct.tsx → server/db.ts",
      "app-imports-server: app/registry.tsx → exercises/registry.ts",
      "browser-code-imports-node-builtin: exercises/demo/Trainer.tsx → path",
      "browser-code-reaches-node: app/direct.tsx → fs",
      "browser-code-reaches-node: app/direct.tsx → server/db.ts",
      "browser-code-reaches-node: app/indirect.tsx → fs",
      "browser-code-reaches-node: app/registry.tsx → exercises/registry.ts",
      "browser-code-reaches-node: exercises/demo/Trainer.tsx → path",
      "browser-code-reaches-node: exercises/demo/spec.ts → exercises/demo/server.ts",
      "browser-code-reaches-node: exercises/specs.ts → node_modules/pg/index.js",
      "lib-circular: lib/cycle-a.ts → lib/cycle-b.ts",
      "lib-imports-upward: lib/up.ts → app/direct.tsx",
      "not-to-unresolvable: app/moved.tsx → ./gone",
      "spec-loads-tensorflow: exercises/heavy/spec.ts → node_modules/@tensorflow/tfjs/index.js",
    ].sort(),
    `\n${result.summary.violations.map(describeViolation).join("\n")}\n`,
  );
});
