// `npx prisma db seed` / `npm run db:seed`: the demo course and accounts, into DATABASE_URL.
import { createAuth } from "../server/auth";
import { createDb } from "../server/db";
import { env } from "../server/env";
import { seedDemo } from "../server/services/seed";

if (!env.DATABASE_URL) {
  console.error("Set DATABASE_URL to seed a database (npm start seeds its embedded database by itself).");
  process.exit(1);
}
const db = createDb(env.DATABASE_URL);
const auth = createAuth({ db, secret: env.BETTER_AUTH_SECRET ?? "seed-only-secret-that-signs-no-session-0000", baseURL: "http://localhost" });
await seedDemo(db, auth);
await db.$disconnect();
console.log("Seeded the demo course and accounts.");
