import { z } from "zod";

// The one place that reads process.env. Parsed once at boot; a bad value stops the server with a clear message.
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  DATABASE_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /** Public origin the browser uses, e.g. https://genlab.example.org; defaults to http://localhost:PORT. */
  GENLAB_URL: z.string().url().optional(),
  BETTER_AUTH_SECRET: z.string().min(32).optional(),
  /** Where the embedded PostgreSQL and generated secrets live. */
  GENLAB_DATA_DIR: z.string().default(".genlab"),
  GENLAB_DEV: z.stringbool().default(false),
  GENLAB_TEST: z.stringbool().default(false),
  /** Worker-pool processes `npm start` runs beside the server (0: none; run `npm run worker` elsewhere). */
  GENLAB_LOCAL_WORKERS: z.coerce.number().int().min(0).max(16).default(1),
});

export type Env = z.infer<typeof envSchema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env = readEnv();
