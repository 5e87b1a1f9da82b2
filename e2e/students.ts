// Shared steps of the browser tests.
import assert from "node:assert/strict";
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { DEMO_COURSE } from "@/lib/course/modules";
import { E2E_DEMO_PASSWORD } from "./server";

/** The exercises of the deep-models issue: trained for a while, then sampled (deep-models.test.ts). */
export const DEEP_MODEL_SLUGS = [
  "rbm-digits",
  "autoencoder-digits",
  "vae-digits",
  "adversarial-digits",
  "gan-digits",
  "aae-digits",
  "cgan-digits",
  "img2img-digits",
  "diffusion-2d",
  "ar-names",
  "flow-moons",
];

/** Signs a demo account in (to the course list). */
export async function signIn(page: Page, serverUrl: string, email: string): Promise<void> {
  await page.goto(`${serverUrl}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(E2E_DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/courses/);
}

/** From the course list: joins the demo course by its code, opens it, and returns its URL. */
export async function joinDemoCourse(page: Page): Promise<string> {
  await page.getByLabel("Join code").fill(DEMO_COURSE.joinCode);
  await page.getByRole("button", { name: "Join course" }).click();
  await page
    .getByRole("link", { name: new RegExp(DEMO_COURSE.title) })
    .first()
    .click();
  await page.waitForURL(/\/courses\/[^/]+$/);
  return page.url();
}

/** Signs a demo student in, joins the demo course by its code, and returns the course page's URL. */
export async function signInAndJoinDemoCourse(page: Page, serverUrl: string, email: string): Promise<string> {
  await signIn(page, serverUrl, email);
  return joinDemoCourse(page);
}

/** Collects console errors and uncaught exceptions of a page. */
export function collectPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
    // A failed request's console line names only the page: its own address says which call failed.
    const failed = m.text().startsWith("Failed to load resource") && m.location().url ? ` (${m.location().url})` : "";
    if (m.type() === "error") problems.push(`${page.url()}: ${m.text()}${failed}`);
  });
  page.on("pageerror", (e) => problems.push(`${page.url()}: ${e.message}`));
  return problems;
}

/** The WCAG 2.1 A and AA rules of axe-core: what the accessibility checks hold every page to. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * axe rules not checked, each with the reason (a rule goes here only when fixing it needs a larger
 * redesign, and comes out again once it is fixed). Empty: every rule is checked.
 */
const AXE_RULES_ALLOWED: Record<string, string> = {};

/**
 * The serious and critical WCAG 2.1 A/AA violations axe-core finds on the page as it is now, one
 * readable entry each (rule, what it asks, how many elements, the first few of them); [] when none.
 */
export async function accessibilityViolations(page: Page, what: string): Promise<string[]> {
  let axe = new AxeBuilder({ page }).withTags(AXE_TAGS);
  const allowed = Object.keys(AXE_RULES_ALLOWED);
  if (allowed.length > 0) axe = axe.disableRules(allowed);
  const results = await axe.analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => {
      const targets = v.nodes.slice(0, 3).map((n) => n.target.flat().join(" "));
      const more = v.nodes.length > targets.length ? `, … ${v.nodes.length - targets.length} more` : "";
      const count = `${v.nodes.length} element${v.nodes.length === 1 ? "" : "s"}`;
      return `${what}: ${v.id} (${v.impact}) — ${v.help}; ${count}: ${targets.join(" | ")}${more}`;
    });
}

/** Fails when axe-core finds serious or critical WCAG 2.1 A/AA violations on the page, listing each. */
export async function assertAccessible(page: Page, what: string): Promise<void> {
  const violations = await accessibilityViolations(page, what);
  assert.ok(violations.length === 0, `accessibility violations at ${page.url()}:\n${violations.join("\n")}`);
}

/**
 * From the course page (at `courseUrl`): starts a live session, ending first one a previous test left
 * open, and returns its join code. The instructor is left on the session's console.
 */
export async function startLiveSession(instructor: Page, courseUrl: string): Promise<string> {
  await instructor.goto(courseUrl);
  const open = instructor.getByRole("link", { name: "Open the live session" });
  const start = instructor.getByRole("button", { name: "Start a live session" });
  await open.or(start).first().waitFor();
  if (await open.isVisible()) {
    await open.click();
    await instructor.getByRole("button", { name: "End session" }).click();
    await instructor.getByTestId("live-summary").waitFor();
    await instructor.goto(courseUrl);
  }
  await start.click();
  await instructor.waitForURL(/\/live\/[^/]+$/);
  return (await instructor.getByTestId("live-join-code").locator("[aria-hidden=true]").innerText()).trim();
}

/** Sets the page's step budget, starts training once the trainer is ready, and waits until it has run every step. */
export async function trainFor(page: Page, iterations: number, { finishWithinMs = 180_000 } = {}): Promise<void> {
  await page.getByTestId("budget-input").fill(String(iterations));
  await page.waitForFunction(() => document.querySelector('[data-testid="train-start"]:enabled:not([aria-disabled="true"])') !== null, undefined, {
    timeout: 120_000,
  });
  await page.getByTestId("train-start").click();
  await page.waitForFunction((n) => document.querySelector('[data-testid="iteration"]')?.textContent === n.toLocaleString(), iterations, {
    timeout: finishWithinMs,
  });
}
