/**
 * Bench: what the shared trainer hook (app/_components/trainer/useTrainer.ts) costs each trainer, in
 * headless Chromium. One JSON line per trainer on stdout:
 *   {"bench":"trainer-hook","trainer":…,"backend":…,"hookFreeIts":…,"hookIts":…,"hookCost":…,"autosaved":…}
 *
 * "< 5 %" is measured against the hook-free loop the hook replaced: the same trainer with the same config
 * in the same page on the same backend, driven by lib/ml/train/loop.ts runFrames with a no-op onFrame.
 * hookCost = 1 − hookIts / hookFreeIts, both medians of iterations per second over the measured windows
 * of alternating runs (hook-free, hook, then hook, hook-free, …: with an even BENCH_ROUNDS each side goes
 * first equally often, so drift in machine load hits both alike). The hook side runs its whole per-frame
 * path: loss history, live-round report with the page's thumbnail (at most once a second), autosave to
 * IndexedDB every 5 s (signed in through a session served here) and React state every 250 ms; "autosaved"
 * says whether an autosave landed inside every measured window (keep BENCH_MEASURE_MS ≥ 5000 for that).
 * A negative hookCost is noise.
 *   npx tsx bench/trainer-hook.ts     Env: BENCH_WARMUP_MS (1000), BENCH_MEASURE_MS (5000), BENCH_ROUNDS (4),
 *   BENCH_TRAINERS (comma-separated names; default all)
 */
import type { HookBenchOptions, HookBenchResult } from "./browser/trainer-hook-entry";
import { envInt, exitAfter, log, openBenchPage } from "./browser/harness";

/** The hook's allowance: it may cost at most this fraction of the hook-free throughput. */
const MAX_HOOK_COST = 0.05;

/** A signed-in session as Better Auth's GET /api/auth/get-session returns it (the client revives the ISO dates). */
const SESSION = {
  session: {
    id: "b",
    userId: "bench",
    expiresAt: "2099-01-01T00:00:00.000Z",
    token: "t",
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
  },
  user: {
    id: "bench",
    name: "Bench",
    email: "b@example.org",
    emailVerified: true,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
  },
};

const median = (xs: number[]) => {
  const s = xs.toSorted((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x: number, digits: number) => Number(x.toFixed(digits));

exitAfter(15 * 60 * 1000);
const files = new Map([["/api/auth/get-session", { type: "application/json", body: JSON.stringify(SESSION) }]]);
const bench = await openBenchPage("trainer-hook-entry.tsx", "genlabTrainerHookBench", { files });
let over = 0;
try {
  const options: HookBenchOptions = {
    warmupMs: envInt("BENCH_WARMUP_MS", 1000),
    measureMs: envInt("BENCH_MEASURE_MS", 5000),
    rounds: envInt("BENCH_ROUNDS", 4),
    only: (process.env.BENCH_TRAINERS ?? "").split(",").filter(Boolean),
  };
  log("options", JSON.stringify(options));
  const results = await bench.page.evaluate(
    (o) => (globalThis as unknown as { genlabTrainerHookBench: (o: HookBenchOptions) => Promise<HookBenchResult[]> }).genlabTrainerHookBench(o),
    options,
  );
  for (const r of results) {
    log(`${r.trainer}: hook-free ${r.hookFreeIts.map((x) => x.toFixed(1)).join(", ")} it/s; hook ${r.hookIts.map((x) => x.toFixed(1)).join(", ")} it/s`);
    const hookFreeIts = median(r.hookFreeIts);
    const hookIts = median(r.hookIts);
    const hookCost = 1 - hookIts / hookFreeIts;
    if (hookCost >= MAX_HOOK_COST) {
      over++;
      log(`${r.trainer}: the hook costs ${(100 * hookCost).toFixed(1)} % (allowed: < ${100 * MAX_HOOK_COST} %)`);
    }
    process.stdout.write(
      JSON.stringify({
        bench: "trainer-hook",
        trainer: r.trainer,
        backend: r.backend,
        hookFreeIts: round(hookFreeIts, 1),
        hookIts: round(hookIts, 1),
        hookCost: round(hookCost, 4),
        autosaved: r.autosavedInWindow.every(Boolean),
      }) + "\n",
    );
  }
} finally {
  await bench.close();
}
if (over > 0) log(`the hook costs ≥ ${100 * MAX_HOOK_COST} % on ${over} trainer(s)`);
process.exit(0);
