import { z } from "zod";

/** "a, b ,c" → ["a", "b", "c"]; unset or empty → []. */
const commaList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  );

// The one place that reads process.env. Parsed once at boot; a bad value stops the server with a clear message.
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  DATABASE_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Loopback unless told otherwise: a lecture hall sets HOST=0.0.0.0 (README, "Serve a class"). */
  HOST: z.string().min(1).default("127.0.0.1"),
  /** Public origin the browser uses, e.g. https://genlab.example.org; defaults to http://localhost:PORT. */
  GENLAB_URL: z.string().url().optional(),
  /** More origins allowed to open sockets and send sign-in forms (comma-separated), e.g. a second host name. */
  GENLAB_EXTRA_ORIGINS: commaList.pipe(z.array(z.string().url())),
  /** Proxies whose X-Forwarded-For is believed (comma-separated addresses or CIDR ranges); none by default. */
  GENLAB_TRUSTED_PROXIES: commaList,
  /** Who may frame GenLab's pages (CSP frame-ancestors sources, space-separated); only GenLab itself by default. */
  GENLAB_FRAME_ANCESTORS: z.string().trim().min(1).default("'self'"),
  /** An SMTP server for invite and password-reset emails, e.g. smtps://user:password@mail.example.org; unset: no email is sent. */
  GENLAB_SMTP_URL: z.string().url().optional(),
  /** The sender of GenLab's emails; default "GenLab <no-reply@" + GENLAB_URL's host + ">". */
  GENLAB_MAIL_FROM: z.string().min(3).optional(),
  /** "approved": only accounts approved with `genlab user allow-courses <email>` create courses. */
  GENLAB_COURSE_CREATORS: z.enum(["anyone", "approved"]).default("anyone"),
  /** The demo accounts' password on the embedded database; unset: a random one, kept in the data directory. */
  GENLAB_DEMO_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
  BETTER_AUTH_SECRET: z.string().min(32).optional(),
  /** Where the embedded PostgreSQL and generated secrets live. */
  GENLAB_DATA_DIR: z.string().default(".genlab"),
  GENLAB_DEV: z.stringbool().default(false),
  /** Worker-pool processes `npm start` runs beside the server (0: none; run `npm run worker` elsewhere). */
  GENLAB_LOCAL_WORKERS: z.coerce.number().int().min(0).max(16).default(1),
  /** "1": migrations always go through `prisma migrate deploy`, as `applyMigrations(url, { force: true })` (server/database/migrate.ts). */
  GENLAB_MIGRATE_WITH_PRISMA: z.stringbool().default(false),
  /** Log records as "json" (one object a line, for a log collector) or "text" (the lines a person reads); unset: text on a terminal, else json. */
  GENLAB_LOG_FORMAT: z.enum(["json", "text"]).optional(),
  /** The least severe records written (pino's levels); "debug" adds one record per request and per socket announcement. */
  GENLAB_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** The bearer token Prometheus sends to GET /api/metrics; unset: that endpoint answers 404. */
  GENLAB_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
});

export type Env = z.infer<typeof envSchema>;

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable (`DATABASE_URL= npm start`) means unset, as in most tools.
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(source).filter(([, value]) => value !== "")));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env = readEnv();

/** The environment of a child process (the Prisma CLI, a local worker): this process's, with `overrides`. */
export function childProcessEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}

/** Sets a variable that a library in this process reads by itself (Next.js's NEXT_TELEMETRY_DISABLED), unless it is set. */
export function defaultProcessEnv(name: string, value: string): void {
  process.env[name] ??= value;
}
