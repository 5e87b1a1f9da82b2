import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;

/** Connections per process: the end of a round has a class's transactions in flight at once. */
const POOL_CONNECTIONS = 20;

/** The only place a Prisma client is created (pg driver adapter: no native engine). */
export function createDb(connectionString: string): Db {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString, max: POOL_CONNECTIONS }),
    // A transaction waits for a connection rather than failing after Prisma's default 2 s: at the end
    // of a round, a student's submission is better late than refused.
    transactionOptions: { maxWait: 10_000, timeout: 15_000 },
  });
}
