import { betterAuth } from "better-auth";
import { APIError } from "better-auth/api";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { checkDisplayName } from "@/lib/users/display-name";
import { MIN_PASSWORD_LENGTH } from "@/lib/users/password";
import type { Db } from "./db";
import { CLIENT_ADDRESS_HEADER } from "./security/auth-requests";

export interface AuthOptions {
  db: Db;
  secret: string;
  /** The origin browsers use to reach this server, e.g. http://localhost:3000. */
  baseURL: string;
  trustedOrigins?: string[];
}

/** The longest email address the standards allow. */
const MAX_EMAIL_LENGTH = 254;

/** A display name as the rules want it (lib/users/display-name.ts), or a 400 that says why. */
function requireDisplayName(name: unknown): string {
  const checked = checkDisplayName(name);
  if (!checked.ok) throw new APIError("BAD_REQUEST", { message: checked.message });
  return checked.name;
}

/**
 * Better Auth with email + password, sessions in PostgreSQL, httpOnly cookies. Rate limits are not
 * Better Auth's: server/security/auth-requests.ts counts per account and per client address, which it
 * passes in a header of its own.
 */
export function createAuth({ db, secret, baseURL, trustedOrigins = [] }: AuthOptions) {
  return betterAuth({
    database: prismaAdapter(db, { provider: "postgresql" }),
    secret,
    baseURL,
    basePath: "/api/auth",
    trustedOrigins: [baseURL, ...trustedOrigins],
    emailAndPassword: { enabled: true, minPasswordLength: MIN_PASSWORD_LENGTH, autoSignIn: true },
    session: { expiresIn: 60 * 60 * 24 * 14, cookieCache: { enabled: false } },
    telemetry: { enabled: false },
    rateLimit: { enabled: false },
    advanced: { ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] } },
    databaseHooks: {
      user: {
        create: {
          before: async (user) => {
            if (user.email.length > MAX_EMAIL_LENGTH)
              throw new APIError("BAD_REQUEST", { message: `Email addresses are at most ${MAX_EMAIL_LENGTH} characters.` });
            return { data: { ...user, name: requireDisplayName(user.name) } };
          },
        },
        update: {
          before: async (user) => ("name" in user && user.name !== undefined ? { data: { ...user, name: requireDisplayName(user.name) } } : { data: user }),
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
