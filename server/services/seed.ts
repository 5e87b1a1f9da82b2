import { randomInt } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DEMO_ACCOUNTS, DEMO_COURSE } from "@/lib/course/modules";
import type { Auth } from "../auth";
import type { Db } from "../db";
import { addLectureModules } from "./courses";

/** Creates a course with every module and exercise of the lecture; returns its id. Idempotent by slug. */
export async function createCourseWithModules(db: Db, course: { slug: string; title: string; description?: string; joinCode: string }) {
  const row = await db.course.upsert({
    where: { slug: course.slug },
    create: { slug: course.slug, title: course.title, description: course.description ?? "", joinCode: course.joinCode },
    update: {},
  });
  await db.$transaction((tx) => addLectureModules(tx, [row.id]));
  return row.id;
}

/**
 * The password earlier versions gave every demo account, published in their README. Kept only to
 * find accounts that still have it and give them the installation's own demo password.
 */
const RETIRED_DEMO_PASSWORD = "genlab-demo";

// No look-alike characters (0/o, 1/l/i): the password is read off a terminal and typed.
const PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** A random password such as "kq7m-x2vh-tn9c-pw4e" (about 79 bits). */
export function randomDemoPassword(): string {
  const group = () => Array.from({ length: 4 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join("");
  return [group(), group(), group(), group()].join("-");
}

const DEMO_PASSWORD_FILE = "demo-password";

/**
 * The demo accounts' password on the embedded database: GENLAB_DEMO_PASSWORD when set, otherwise
 * the one generated on the first start and kept (owner-only) in the data directory.
 */
function embeddedDemoPassword(dataDir: string, fromEnvironment: string | undefined): { password: string; passwordFrom: string } {
  if (fromEnvironment) return { password: fromEnvironment, passwordFrom: "GENLAB_DEMO_PASSWORD" };
  const file = path.join(dataDir, DEMO_PASSWORD_FILE);
  const passwordFrom = path.relative(process.cwd(), file) || file;
  if (existsSync(file)) return { password: readFileSync(file, "utf8").trim(), passwordFrom };
  mkdirSync(dataDir, { recursive: true });
  const password = randomDemoPassword();
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return { password, passwordFrom };
}

/** `npm start` on the embedded database: the demo, with the installation's own password. */
export async function seedEmbeddedDemo(db: Db, auth: Auth, dataDir: string, passwordFromEnvironment: string | undefined) {
  const { password, passwordFrom } = embeddedDemoPassword(dataDir, passwordFromEnvironment);
  return { ...(await seedDemo(db, auth, password)), password, passwordFrom };
}

export interface DemoSeedResult {
  courseId: string;
  /** Accounts created now (the others existed and were left as they are). */
  created: string[];
  /** Whether `password` signs the demo instructor in: false once someone changed it. */
  passwordWorks: boolean;
}

/**
 * The demo course "Generative AI" and its accounts (one instructor, three students who join with the
 * code). Only adds what is missing: an existing account keeps its password and its roles, whatever
 * they are now — except the retired published password, which is replaced by `password`.
 */
export async function seedDemo(db: Db, auth: Auth, password: string): Promise<DemoSeedResult> {
  const courseId = await createCourseWithModules(db, DEMO_COURSE);
  const context = await auth.$context;
  const created: string[] = [];
  let passwordWorks = false;
  for (const account of DEMO_ACCOUNTS) {
    let user = await db.user.findUnique({ where: { email: account.email } });
    if (!user) {
      await auth.api.signUpEmail({ body: { name: account.name, email: account.email, password } });
      user = await db.user.findUniqueOrThrow({ where: { email: account.email } });
      if (account.role) await db.enrollment.create({ data: { userId: user.id, courseId, role: account.role } });
      created.push(account.email);
    }
    const credential = await db.account.findFirst({ where: { userId: user.id, providerId: "credential" }, select: { password: true } });
    let hash = credential?.password ?? null;
    if (hash && (await context.password.verify({ hash, password: RETIRED_DEMO_PASSWORD }))) {
      hash = await context.password.hash(password);
      await context.internalAdapter.updatePassword(user.id, hash);
    }
    if (account.role === "INSTRUCTOR") passwordWorks = !!hash && (await context.password.verify({ hash, password }));
  }
  return { courseId, created, passwordWorks };
}
