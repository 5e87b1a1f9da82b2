// `npx tsx bench/pages.ts` (also in `npm run bench`): what each kind of page costs the person who
// opens it, measured by Lighthouse 12 (desktop preset, simulated throttling, cold cache) in Debian's
// Chromium against the production build (npm start's embedded PostgreSQL, the demo course seeded).
// One JSON line per page: bytes transferred (compressed, as on the wire), time to interactive, total
// blocking time, cumulative layout shift, the performance score (issue 16's targets: ≥ 90 and CLS
// < 0.1 on every page type), and the bytes as a ratio of the signed-out home page's in the same run.
// BENCH_PAGES=vae,gan-ring keeps only the pages whose name contains one of the words; BENCH_URL
// measures a GenLab already running there instead (its demo seeded with GENLAB_DEMO_PASSWORD).
import lighthouse, { type Flags } from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import { DEMO_ACCOUNTS, DEMO_COURSE } from "@/lib/course/modules";
import { EXERCISE_SPECS } from "@/exercises/specs";
import { launchChromium } from "@/scripts/chromium";
import { ensureNextBuild } from "@/scripts/ensure-build";
import { E2E_DEMO_PASSWORD, freePort, startGenlabServer } from "@/e2e/server";

const log = (...args: unknown[]) => console.error("[bench]", ...args);

interface PageToMeasure {
  name: string;
  path: string;
  signedIn: boolean;
}

function pagesOf(courseId: string): PageToMeasure[] {
  const course = `/courses/${courseId}`;
  const signedOut = (name: string, path: string) => ({ name, path, signedIn: false });
  const signedIn = (name: string, path: string) => ({ name, path, signedIn: true });
  return [
    signedOut("home", "/"),
    signedOut("sign-in", "/sign-in"),
    signedIn("course list", "/courses"),
    signedIn("course", course),
    signedIn("module: GANs", `${course}/modules/gan`),
    signedIn("module: normalizing flows", `${course}/modules/normalizing-flows`),
    signedIn("leaderboard", `${course}/exercises/gan-ring/leaderboard`),
    signedIn("assignments", `${course}/assignments`),
    signedIn("gradebook", `${course}/gradebook`),
    signedIn("progress", `${course}/progress`),
    ...EXERCISE_SPECS.map((spec) => signedIn(`exercise: ${spec.slug}`, `${course}/exercises/${spec.slug}`)),
  ];
}

/** The demo instructor's session cookie (a real sign-in) and the demo course's id. */
async function instructorSession(url: string): Promise<{ cookie: string; courseId: string }> {
  const instructor = DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!;
  const signIn = await fetch(`${url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ email: instructor.email, password: process.env.GENLAB_DEMO_PASSWORD ?? E2E_DEMO_PASSWORD }),
  });
  if (!signIn.ok) throw new Error(`Signing the demo instructor in failed: ${signIn.status} ${await signIn.text()}`);
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const courses = (await (await fetch(`${url}/api/trpc/course.mine`, { headers: { cookie } })).json()) as {
    result: { data: { json: { id: string; joinCode: string }[] } };
  };
  const course = courses.result.data.json.find((c) => c.joinCode === DEMO_COURSE.joinCode);
  if (!course) throw new Error("The demo course is missing.");
  return { cookie, courseId: course.id };
}

async function startServer(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.BENCH_URL) return { url: process.env.BENCH_URL.replace(/\/$/, ""), stop: async () => {} };
  ensureNextBuild();
  return startGenlabServer({ DATABASE_URL: undefined });
}

const server = await startServer();
const debuggingPort = await freePort();
const browser = await launchChromium({ extraArgs: [`--remote-debugging-port=${debuggingPort}`] });
try {
  const { cookie, courseId } = await instructorSession(server.url);
  const only = process.env.BENCH_PAGES?.split(",").filter(Boolean);
  const pages = pagesOf(courseId).filter((p) => p.name === "home" || !only || only.some((word) => p.name.includes(word)));
  let homeBytes = NaN;
  for (const page of pages) {
    log(`lighthouse: ${page.name}`);
    const flags: Flags = {
      port: debuggingPort,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance"],
      extraHeaders: page.signedIn ? { cookie } : undefined,
    };
    const result = await lighthouse(`${server.url}${page.path}`, flags, desktopConfig);
    if (!result) throw new Error(`Lighthouse returned nothing for ${page.name}.`);
    const { audits, categories, runtimeError } = result.lhr;
    if (runtimeError) throw new Error(`Lighthouse on ${page.name}: ${runtimeError.message}`);
    const bytes = audits["total-byte-weight"].numericValue!;
    if (page.name === "home") homeBytes = bytes;
    console.log(
      JSON.stringify({
        bench: "page",
        page: page.name,
        transferred_kb: Math.round(bytes / 1024),
        requests: (audits["network-requests"].details as { items: unknown[] }).items.length,
        interactive_ms: Math.round(audits.interactive.numericValue!),
        total_blocking_ms: Math.round(audits["total-blocking-time"].numericValue!),
        layout_shift: Number(audits["cumulative-layout-shift"].numericValue!.toFixed(3)),
        performance: Math.round(categories.performance.score! * 100),
        bytes_vs_home: Number((bytes / homeBytes).toFixed(2)),
      }),
    );
  }
} finally {
  await browser.close();
  await server.stop();
}
