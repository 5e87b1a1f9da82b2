#!/usr/bin/env node
// `npx genlab …`: registers tsx (with the project's tsconfig, for the @/ alias) and runs the CLI.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
register({ tsconfig: path.join(root, "tsconfig.json") });
await import("../cli/genlab.ts");
