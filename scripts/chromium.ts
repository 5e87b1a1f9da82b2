/**
 * Headless Chromium for benches and end-to-end tests (Debian's /usr/bin/chromium driven by
 * playwright-core; `npx playwright install` cannot download browsers on these machines).
 */
import { chromium, type Browser, type LaunchOptions } from "playwright-core";

export const CHROMIUM_ARGS = [
  "--no-sandbox", // CI runs as root
  "--disable-gpu",
  // Without these, Chromium's background connection attempts are refused noisily offline.
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface ChromiumOptions extends Omit<LaunchOptions, "args"> {
  /** Extra flags appended to CHROMIUM_ARGS (e.g. "--enable-unsafe-webgpu"). */
  extraArgs?: string[];
}

export async function launchChromium(opts: ChromiumOptions = {}): Promise<Browser> {
  const { extraArgs = [], ...rest } = opts;
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    ...rest,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}
