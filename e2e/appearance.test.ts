// Every kind of page (the tour of e2e/pages.ts) on a 375 px phone whose system asks for dark mode:
// no page scrolls sideways (only boxes that scroll inside themselves, such as tables and equations,
// may be wider), the page's background is dark, and axe-core finds no text below WCAG AA contrast.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "@/scripts/chromium";
import { visitEveryPage } from "./pages";
import { startGenlabServer, type RunningServer } from "./server";

const PHONE = { width: 375, height: 740 };
/** Relative luminance (0 black … 1 white) the page background stays below in dark mode. */
const DARK_LUMINANCE = 0.05;

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

/**
 * When the page is wider than the window (less its scroll bar): the elements sticking out past its
 * right edge, outermost first, widest first. An element inside a box that scrolls or clips it does
 * not widen the page, unless it is positioned outside that box (an sr-only label in a scrolling
 * table without a positioned wrapper does).
 */
async function sidewaysOverflow(page: Page): Promise<string | null> {
  // No named functions inside: tsx would wrap them in a helper the page does not have.
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const pageWidth = document.documentElement.scrollWidth;
    if (pageWidth <= width) return null;
    const sticking = [...document.body.querySelectorAll("*")].filter((el) => {
      if (el.getBoundingClientRect().right <= width + 0.5) return false;
      // Walk the boxes that could clip it: an absolutely positioned box escapes those up to its containing block.
      let escaping = getComputedStyle(el).position === "absolute";
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const style = getComputedStyle(a);
        const positioned = style.position !== "static";
        if ((!escaping || positioned) && style.overflowX !== "visible") return false;
        if (positioned) escaping = style.position === "absolute";
      }
      return getComputedStyle(el).position !== "fixed";
    });
    const widest = sticking
      .filter((el) => !sticking.includes(el.parentElement!))
      .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)
      .slice(0, 3)
      .map((el) => {
        const testId = el.getAttribute("data-testid");
        const text = (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
        const right = Math.round(el.getBoundingClientRect().right);
        return `<${el.tagName.toLowerCase()}${testId ? ` data-testid="${testId}"` : ""} class="${el.getAttribute("class") ?? ""}"> right edge ${right} px "${text}"`;
      });
    return `${pageWidth} px wide in a ${width} px window; sticking out: ${widest.join(" | ") || "(no single element)"}`;
  });
}

/** The relative luminance of the body's background, whatever colour syntax it is written in (a canvas turns it into sRGB). */
async function backgroundLuminance(page: Page): Promise<number> {
  return page.evaluate(() => {
    const ctx = document.createElement("canvas").getContext("2d")!;
    ctx.fillStyle = getComputedStyle(document.body).backgroundColor;
    ctx.fillRect(0, 0, 1, 1);
    const linear = [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)].map((c) => {
      const v = c / 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
  });
}

/** axe-core's colour-contrast findings (serious or critical), one line each with the first few elements. */
async function contrastFailures(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withRules(["color-contrast"]).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.any[0]?.message ?? v.help}`));
}

test("at 375 px in dark mode every page fits the width, has a dark background and readable text", { timeout: 480_000 }, async () => {
  const failures: string[] = [];
  const checked: string[] = [];
  const check = async (page: Page, what: string) => {
    checked.push(what);
    const found: string[] = [];
    const overflow = await sidewaysOverflow(page);
    if (overflow) found.push(`scrolls sideways: ${overflow}`);
    const luminance = await backgroundLuminance(page);
    if (luminance >= DARK_LUMINANCE) found.push(`background not dark (luminance ${luminance.toFixed(3)})`);
    for (const f of await contrastFailures(page)) found.push(`low contrast: ${f}`);
    // Printed as found too, so a later step that times out does not hide them.
    for (const f of found) console.log(`[appearance] ${what}: ${f}`);
    failures.push(...found.map((f) => `${what}: ${f}`));
  };
  const problems = await visitEveryPage({ server, browser, viewport: PHONE, colorScheme: "dark", check });

  console.log(`[appearance] checked ${checked.length} pages: ${checked.join("; ")}`);
  assert.ok(failures.length === 0, `pages that scroll sideways at ${PHONE.width} px or are not dark and readable:\n${failures.join("\n")}`);
  assert.deepEqual(problems, [], "no console errors or uncaught exceptions");
});
