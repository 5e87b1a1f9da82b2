// Every kind of page (the tour of e2e/pages.ts), checked with axe-core (WCAG 2.1 A and AA): no
// serious or critical violations. The violations of all pages are listed together.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "@/scripts/chromium";
import { visitEveryPage } from "./pages";
import { startGenlabServer, type RunningServer } from "./server";
import { accessibilityViolations } from "./students";

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startGenlabServer();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("every page passes axe-core's WCAG 2.1 A/AA checks (no serious or critical violations)", { timeout: 420_000 }, async () => {
  const violations: string[] = [];
  const checked: string[] = [];
  const check = async (page: Page, what: string) => {
    checked.push(what);
    const found = await accessibilityViolations(page, what);
    // Printed as found too, so a later step that times out does not hide them.
    for (const v of found) console.log(`[accessibility] ${v}`);
    violations.push(...found);
  };
  const problems = await visitEveryPage({ server, browser, viewport: { width: 1280, height: 900 }, check });

  console.log(`[accessibility] checked ${checked.length} pages: ${checked.join("; ")}`);
  assert.ok(violations.length === 0, `serious or critical accessibility violations:\n${violations.join("\n")}`);
  assert.deepEqual(problems, [], "no console errors or uncaught exceptions");
});
