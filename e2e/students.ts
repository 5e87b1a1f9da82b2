// Shared steps of the browser tests.
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
  "cgan-digits",
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
    if (m.type() === "error") problems.push(`${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`${page.url()}: ${e.message}`));
  return problems;
}
