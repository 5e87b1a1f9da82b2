// `npm run bench`: every benchmark in turn; each prints its own JSON lines on stdout.
import { spawnSync } from "node:child_process";
import path from "node:path";

const BENCHES = ["train-gan-ring.ts", "arena.ts", "burst.ts", "train-deep-models.ts", "score-digits.ts", "default-runs.ts", "trainer-hook.ts", "pages.ts"];
let failed = false;
for (const file of BENCHES) {
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, file)], { stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) {
    console.error(`${file} failed (exit ${result.status})`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
