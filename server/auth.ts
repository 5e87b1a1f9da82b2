import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import type { Db } from "./db";

export interface AuthOptions {
  db: Db;
  secret: string;
  /** The origin browsers use to reach this server, e.g. http://localhost:3000. */
  baseURL: string;
  trustedOrigins?: string[];
  /** Off in tests, which sign many users in from one address. */
  rateLimit?: boolean;
}

/** Better Auth with email + password, sessions in PostgreSQL, httpOnly cookies. */
export function createAuth({ db, secret, baseURL, trustedOrigins = [], rateLimit = true }: AuthOptions) {
  return betterAuth({
    database: prismaAdapter(db, { provider: "postgresql" }),
    secret,
    baseURL,
    basePath: "/api/auth",
    trustedOrigins: [baseURL, ...trustedOrigins],
    emailAndPassword: { enabled: true, minPasswordLength: 8, autoSignIn: true },
    session: { expiresIn: 60 * 60 * 24 * 14, cookieCache: { enabled: false } },
    telemetry: { enabled: false },
    rateLimit: { enabled: rateLimit },
  });
}

export type Auth = ReturnType<typeof createAuth>;
