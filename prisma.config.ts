import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma's CLI downloads a native schema engine that these machines cannot reach; ours speaks the
// same protocol through the npm package @prisma/schema-engine-wasm (see scripts/prisma-schema-engine.mjs).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve(import.meta.dirname, "scripts/prisma-schema-engine.mjs");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "node bin/genlab.mjs demo seed" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/genlab" },
});
