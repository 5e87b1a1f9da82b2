// Every module of the course renders its text, math and quiz without console errors; the reading
// comes rendered from the server.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { COURSE_MODULES, DEMO_ACCOUNTS, DEMO_COURSE } from "@/lib/course/modules";
import { launchChromium } from "@/scripts/chromium";
import { E2E_DEMO_PASSWORD, startGenlabServer, type RunningServer } from "./server";

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

/** A phone-sized page signed in as the demo instructor on the demo course, and the problems it logs. */
async function instructorOnCourse() {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`${page.url()}: console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`${page.url()}: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`${page.url()}: HTTP ${response.status()} for ${response.url()}`);
  });

  const instructor = DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!;
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill(instructor.email);
  await page.getByLabel("Password").fill(E2E_DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/courses/);
  await page
    .getByRole("link", { name: new RegExp(DEMO_COURSE.title) })
    .first()
    .click();
  await page.waitForURL(/\/courses\/[^/]+$/);
  return { page, problems, courseUrl: page.url() };
}

test("every module page renders without console errors", { timeout: 300_000 }, async () => {
  const { page, problems, courseUrl } = await instructorOnCourse();

  for (const module of COURSE_MODULES) {
    await page.goto(`${courseUrl}/modules/${module.slug}`);
    await page.getByRole("heading", { level: 1, name: module.title }).waitFor();
    await page.getByTestId("quiz-status").waitFor();
    assert.equal(await page.getByText("This module's text is not written yet").count(), 0, `${module.slug} has its text`);
    // No horizontal scrolling on a phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `${module.slug} fits a 390 px screen (overflow ${overflow} px)`);
  }
  // The reading, equations included, arrives rendered in the page's HTML: KaTeX ran on the server, not in the browser.
  const html = await (await page.request.get(`${courseUrl}/modules/gan`)).text();
  assert.match(html, /The two-player game/, "the reading's text is in the HTML");
  assert.match(html, /katex-mathml/, "its equations are typeset already");
  // And no script the page loads (a fresh cache) carries another module's text: the browser gets this module only.
  const fresh = await (await browser.newContext({ storageState: await page.context().storageState() })).newPage();
  const scripts: Promise<string>[] = [];
  fresh.on("response", (response) => {
    if (response.request().resourceType() === "script") scripts.push(response.text());
  });
  await fresh.goto(`${courseUrl}/modules/gan`);
  await fresh.getByTestId("quiz-status").waitFor();
  assert.ok(scripts.length > 0);
  assert.doesNotMatch((await Promise.all(scripts)).join("\n"), /Why it samples the right distribution/, "another module's text (Gibbs sampling)");
  await fresh.context().close();
  assert.deepEqual(problems, []);
});

test("a practice question explains itself only once settled; fractions count; Show the answer asks first", { timeout: 120_000 }, async () => {
  const { page, problems, courseUrl } = await instructorOnCourse();
  await page.goto(`${courseUrl}/modules/markov-chains-mcmc`);
  await page.getByTestId("quiz-status").waitFor();
  const stationary = page.locator("form").filter({ hasText: "stationary probability π₂" });
  const twoSteps = page.locator("form").filter({ hasText: "after two steps" });
  const field = (card: typeof stationary) => card.getByRole("textbox", { name: "Your answer" });

  // π₂ = 40/51, typed as the lecture writes it.
  await field(stationary).fill("40/51");
  await stationary.getByRole("button", { name: "Check" }).click();
  await stationary.getByText("Correct.").waitFor();

  // A wrong answer earns a retry, not the explanation.
  await field(twoSteps).fill("0,7");
  await twoSteps.getByRole("button", { name: "Check" }).click();
  await twoSteps.getByText("Not quite.").waitFor();
  assert.equal(await twoSteps.getByText("0.27 + 0.28").count(), 0, "no explanation before the question is settled");
  // A number with a thousands separator is not guessed at.
  await field(twoSteps).fill("1,024");
  await twoSteps.getByText("write it without a thousands separator").waitFor();
  assert.equal(await twoSteps.getByRole("button", { name: "Check" }).isDisabled(), true);

  // Showing the answer asks first, then settles the question for good.
  await twoSteps.getByRole("button", { name: /Show the answer/ }).click();
  await twoSteps.getByRole("button", { name: "Keep trying" }).click();
  await twoSteps.getByRole("button", { name: /Show the answer/ }).click();
  await twoSteps.getByRole("button", { name: "Show it" }).click();
  await twoSteps.getByText("0.27 + 0.28").waitFor();
  await twoSteps.getByText("does not count towards passing").waitFor();
  assert.equal(await field(twoSteps).isDisabled(), true, "a shown question takes no more answers");

  // After a reload both stay settled.
  await page.reload();
  await page.getByTestId("quiz-status").waitFor();
  await twoSteps.getByText("0.27 + 0.28").waitFor();
  assert.equal(await field(twoSteps).isDisabled(), true);
  assert.deepEqual(problems, []);
});
