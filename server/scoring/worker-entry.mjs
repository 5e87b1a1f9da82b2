// Worker threads do not inherit tsx's loader: register it (with the project's tsconfig, for the
// @/ alias), then load the TypeScript worker.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../tsconfig.json") });
await import("./worker.ts");
