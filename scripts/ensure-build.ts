// Builds the Next.js app when there is no build yet or a source changed since the last one, so
// `npm start` and `npm test` work straight after `npm install`.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const SOURCES = ["app", "lib", "next.config.ts", "postcss.config.mjs", "package.json"];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

/** Why the web app needs (re)building, or null when .next is up to date. */
export function staleBuildReason(): string | null {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  if (!built) return "no build yet";
  const changed = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
  return built >= changed ? null : "sources changed since the last build";
}

/** The `next build` command line, for callers that spawn it themselves. */
export const NEXT_BUILD_COMMAND = [path.join(root, "node_modules/next/dist/bin/next"), "build"];

export function ensureNextBuild(): void {
  const reason = staleBuildReason();
  if (!reason) return;
  console.log(
    reason === "no build yet" ? "Building the web app (first start only, about a minute)…" : "Sources changed since the last build: rebuilding the web app…",
  );
  const result = spawnSync(process.execPath, NEXT_BUILD_COMMAND, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) throw new Error("The web app failed to build (see above).");
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) ensureNextBuild();
