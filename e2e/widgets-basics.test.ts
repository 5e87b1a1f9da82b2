// The reading widgets of three Part 1 modules, used with the mouse and the keyboard on a phone-sized
// page: learning-paradigms (a classifier, EM clustering and a bandit on tabs), why-generative (a
// density shaped by hand and fitted by maximum likelihood, then sampled) and latent-variable-models
// (probabilistic PCA of 500 digits and a walk through its latent plane). Each step checks that the
// visible result changes the way the model says it must.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { DEMO_ACCOUNTS, DEMO_COURSE } from "@/lib/course/modules";
import { launchChromium } from "@/scripts/chromium";
import { startGenlabServer, type RunningServer } from "./server";
import { collectPageProblems, signIn } from "./students";

let server: RunningServer;
let browser: Browser;
let courseUrl: string;
/** The signed-in instructor's cookies, shared by every test's fresh context. */
let signedIn: Awaited<ReturnType<BrowserContext["storageState"]>>;

before(async () => {
  server = await startGenlabServer();
  browser = await launchChromium();
  // The instructor sees every module without joining the course.
  const page = await (await browser.newContext()).newPage();
  await signIn(page, server.url, DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!.email);
  await page
    .getByRole("link", { name: new RegExp(DEMO_COURSE.title) })
    .first()
    .click();
  await page.waitForURL(/\/courses\/[^/]+$/);
  courseUrl = page.url();
  signedIn = await page.context().storageState();
  await page.context().close();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The signed-in instructor's module page on a 390 px phone, and the problems (console errors, exceptions) it collects. */
async function openModule(slug: string): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: signedIn });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const problems = collectPageProblems(page);
  await page.goto(`${courseUrl}/modules/${slug}`);
  await page.locator("h1").first().waitFor();
  return { page, problems };
}

/** A number as the widgets print it (a minus sign "−" for negatives). */
const numberIn = (text: string, pattern: RegExp): number => {
  const match = pattern.exec(text);
  assert.ok(match, `${pattern} in “${text}”`);
  return Number(match[1].replace("−", "-"));
};

/** Waits until the locator's text matches, and returns it. */
async function textMatching(locator: Locator, pattern: RegExp): Promise<string> {
  await locator.filter({ hasText: pattern }).waitFor();
  return locator.innerText();
}

/** No serious or critical WCAG 2.1 A/AA violations inside the widget. */
async function assertWidgetAccessible(page: Page, testId: string): Promise<void> {
  const results = await new AxeBuilder({ page }).include(`[data-testid="${testId}"]`).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`);
  assert.deepEqual(serious, [], `${testId}: accessibility violations`);
}

async function noOverflow(page: Page, what: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `${what} fits a 390 px screen (overflow ${overflow} px)`);
}

test("learning-paradigms: train a classifier, step EM, play the bandit", { timeout: 240_000 }, async () => {
  const { page, problems } = await openModule("learning-paradigms");
  const widget = page.getByTestId("learning-paradigms");

  // Supervised (the open tab): the penguins arrive, the model is untrained.
  const supervised = widget.getByTestId("supervised-result");
  await textMatching(supervised, /Not trained yet/);
  const train = widget.getByRole("button", { name: "Train 20 gradient steps" });
  await train.click();
  let text = await textMatching(supervised, /After 20 gradient steps/);
  const loss20 = numberIn(text, /cross-entropy (\d+\.\d+) nats/);
  assert.ok(loss20 < Math.log(2), `training lowers the cross-entropy below ln 2 (${loss20})`);
  assert.ok(numberIn(text, /and (\d+\.\d)% of the training penguins/) >= 95, text);
  // The keyboard: Enter on the focused button trains 20 more steps.
  await train.focus();
  await page.keyboard.press("Enter");
  text = await textMatching(supervised, /After 40 gradient steps/);
  assert.ok(numberIn(text, /cross-entropy (\d+\.\d+) nats/) < loss20, "more steps, lower loss");
  await assertWidgetAccessible(page, "learning-paradigms");
  await noOverflow(page, "learning-paradigms");

  // Unsupervised: the arrow key moves to the next tab.
  await widget.getByRole("tab", { name: "Supervised", exact: true }).focus();
  await page.keyboard.press("ArrowRight");
  const unsupervisedTab = widget.getByRole("tab", { name: "Unsupervised", exact: true });
  assert.equal(await unsupervisedTab.getAttribute("aria-selected"), "true");
  assert.equal(await unsupervisedTab.evaluate((el) => el === document.activeElement), true, "the focus follows the selected tab");
  const unsupervised = widget.getByTestId("unsupervised-result");
  text = await textMatching(unsupervised, /Starting guess/);
  const startLogLikelihood = numberIn(text, /log-likelihood (−?\d+\.\d+) nats/);
  await widget.getByRole("button", { name: "One EM step" }).click();
  text = await textMatching(unsupervised, /After 1 EM step:/);
  const oneStep = numberIn(text, /log-likelihood (−?\d+\.\d+) nats/);
  assert.ok(oneStep >= startLogLikelihood, `an EM step never lowers the likelihood (${startLogLikelihood} → ${oneStep})`);
  await widget.getByRole("button", { name: "Run EM to convergence" }).focus();
  await page.keyboard.press("Enter");
  text = await textMatching(unsupervised, /\(converged\)/);
  const converged = numberIn(text, /log-likelihood (−?\d+\.\d+) nats/);
  assert.ok(converged >= oneStep, `${oneStep} → ${converged}`);
  const sizes = [numberIn(text, /groups of (\d+) and/), numberIn(text, /and (\d+) penguins/)];
  assert.equal(sizes[0] + sizes[1], 202, "111 Adélie and 91 Gentoo training penguins");
  // Reveal the species with the keyboard (Space on the checkbox): the groups are the species.
  await widget.getByLabel("Show the species the model was never told").focus();
  await page.keyboard.press("Space");
  const agreement = await textMatching(widget.getByTestId("unsupervised-agreement"), /match the two species/);
  assert.ok(numberIn(agreement, /for (\d+\.\d)% of the penguins/) >= 90, agreement);

  // Reinforcement: End jumps to the last tab.
  await unsupervisedTab.focus();
  await page.keyboard.press("End");
  assert.equal(await widget.getByRole("tab", { name: "Reinforcement", exact: true }).getAttribute("aria-selected"), "true");
  const pulls = widget.getByTestId("bandit-pulls");
  const result = widget.getByTestId("bandit-result");
  await textMatching(result, /No pulls yet/);
  await widget.getByRole("button", { name: "Pull machine A" }).click();
  text = await textMatching(result, /You pulled machine A: (it paid 1 point|no pay-out)\./);
  assert.equal(await pulls.innerText(), "1");
  const firstReward = Number(await widget.getByTestId("bandit-reward").innerText());
  assert.ok(firstReward === 0 || firstReward === 1);
  // ε by keyboard: one step right is 0.15.
  const epsilon = widget.getByRole("slider", { name: /Exploration rate ε/ });
  await epsilon.focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await epsilon.inputValue(), "0.15");
  await widget.getByRole("button", { name: "Agent: play 50 rounds" }).focus();
  await page.keyboard.press("Enter");
  text = await textMatching(result, /The agent played 50 rounds/);
  assert.equal(await pulls.innerText(), "51");
  const reward = Number(await widget.getByTestId("bandit-reward").innerText());
  assert.ok(reward >= firstReward && reward <= firstReward + 50, `${reward} points`);
  assert.match(text, /Highest estimate: machine [ABC] \(\d\.\d\d\)\./);
  await widget.getByLabel(/Show the true pay-out rates/).check();
  await widget.getByText("True rates: A 0.3, B 0.5, C 0.7.", { exact: false }).waitFor();
  await assertWidgetAccessible(page, "learning-paradigms");
  await noOverflow(page, "learning-paradigms (bandit)");

  await page.context().close();
  assert.deepEqual(problems, []);
});

test("why-generative: fitting by maximum likelihood raises the log-likelihood and lowers the KL; sampling draws new points", { timeout: 180_000 }, async () => {
  const { page, problems } = await openModule("why-generative");
  const widget = page.getByTestId("distribution-matching");
  const logLikelihood = widget.getByTestId("match-loglik");
  const kl = widget.getByTestId("match-kl");
  const read = async (locator: Locator) => Number((await locator.innerText()).replace("−", "-"));
  await logLikelihood.waitFor();
  const [ll0, kl0] = [await read(logLikelihood), await read(kl)];
  // The deliberately poor start: two Gaussians at 180 and 205 mm, σ = 8 mm.
  assert.ok(Math.abs(ll0 - -4.369) < 0.005 && Math.abs(kl0 - 0.403) < 0.005, `start ${ll0}, ${kl0}`);

  // Mouse: fit by EM.
  await widget.getByRole("button", { name: "Fit by maximum likelihood (EM)" }).click();
  await widget
    .getByTestId("match-fit-note")
    .filter({ hasText: /EM took \d+ steps and converged/ })
    .waitFor();
  const [ll1, kl1] = [await read(logLikelihood), await read(kl)];
  assert.ok(ll1 > ll0 + 0.4, `the likelihood rises (${ll0} → ${ll1})`);
  assert.ok(kl1 < kl0 / 5 && kl1 >= 0, `the divergence falls (${kl0} → ${kl1})`);

  // Keyboard: ten steps of 0.5 mm on μ₁ move the model away from the maximum.
  const mean1 = widget.getByRole("slider", { name: /Mean μ₁/ });
  const before = Number(await mean1.inputValue());
  await mean1.focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press("ArrowRight");
  assert.ok(Number(await mean1.inputValue()) > before + 4, "μ₁ moved by about 5 mm");
  const [ll2, kl2] = [await read(logLikelihood), await read(kl)];
  assert.ok(ll2 < ll1 && kl2 > kl1, `off the maximum: log-likelihood ${ll1} → ${ll2}, KL ${kl1} → ${kl2}`);

  // One Gaussian, fitted: worse than the mixture, since the flipper lengths have two modes.
  await widget.getByLabel("One Gaussian").check();
  assert.equal(await widget.getByRole("slider", { name: /Mean μ₂/ }).count(), 0);
  await widget.getByRole("button", { name: "Fit by maximum likelihood (EM)" }).click();
  await widget.getByTestId("match-fit-note").waitFor();
  const [llOne, klOne] = [await read(logLikelihood), await read(kl)];
  assert.ok(llOne < ll1 && klOne > kl1, `one Gaussian ${llOne}, ${klOne} against the mixture ${ll1}, ${kl1}`);

  // Sampling, by keyboard: new points drawn beside the data.
  await widget.getByRole("button", { name: "Sample from the model" }).focus();
  await page.keyboard.press("Enter");
  const samples = widget.getByTestId("match-samples");
  await textMatching(samples, /Draw 1: orange outlines are 256 new flipper lengths/);
  await page.keyboard.press("Enter");
  await textMatching(samples, /Draw 2:/);
  await assertWidgetAccessible(page, "distribution-matching");
  await noOverflow(page, "why-generative");

  await page.context().close();
  assert.deepEqual(problems, []);
});

test("latent-variable-models: fit PPCA to 500 digits, walk the latent plane by keyboard and mouse, vary q", { timeout: 240_000 }, async () => {
  const { page, problems } = await openModule("latent-variable-models");
  const widget = page.getByTestId("ppca-latent-walk");
  // Nothing is downloaded before the student asks.
  const downloads: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/api/datasets/mnist/")) downloads.push(request.url());
  });
  await widget.waitFor();
  assert.deepEqual(downloads, []);
  await widget.getByTestId("ppca-start").click(); // enabled once the page has hydrated
  const status = widget.getByTestId("ppca-status");
  const fitted = await textMatching(status, /Fitted PPCA to 500 digits in \d+\.\d\d s/);
  assert.ok(numberIn(fitted, /in (\d+\.\d\d) s/) < 5, fitted);
  assert.equal(downloads.length, 1, "one download: the validation digits");

  const map = widget.getByTestId("ppca-map");
  const zText = widget.getByTestId("ppca-z");
  const decodedPicture = () =>
    widget
      .getByTestId("ppca-decoded")
      .locator("canvas")
      .evaluate((c: HTMLCanvasElement) => c.toDataURL());
  await textMatching(zText, /z = \(0\.00, 0\.00\)/);
  const atOrigin = await decodedPicture();

  // Keyboard: five steps right, one big step up.
  await map.focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
  await textMatching(zText, /z = \(0\.50, 0\.00\)/);
  await page.keyboard.press("Shift+ArrowUp");
  await textMatching(zText, /z = \(0\.50, 0\.50\)/);
  assert.notEqual(await decodedPicture(), atOrigin, "a new z decodes to a new image");
  await page.keyboard.press("Home");
  await textMatching(zText, /z = \(0\.00, 0\.00\)/);

  // Mouse: a click a tenth of the way into the plot from its top-left corner is z ≈ (−2.4, 2.4)
  // (the plot spans 26…294 of the map's 300 × 300 units across and 6…274 down).
  const box = (await map.boundingBox())!;
  const at = (fx: number, fy: number) => [box.x + (box.width * (26 + 268 * fx)) / 300, box.y + (box.height * (6 + 268 * fy)) / 300] as const;
  await page.mouse.click(...at(0.1, 0.1));
  let text = await zText.innerText();
  assert.ok(Math.abs(numberIn(text, /\((−?\d\.\d\d),/) - -2.4) < 0.1 && Math.abs(numberIn(text, /, (−?\d\.\d\d)\)/) - 2.4) < 0.1, text);
  // Dragging: press in the middle, move to the lower right, release.
  await page.mouse.move(...at(0.5, 0.5));
  await page.mouse.down();
  await page.mouse.move(...at(0.7, 0.6), { steps: 5 });
  await page.mouse.move(...at(0.8, 0.75), { steps: 5 });
  await page.mouse.up();
  text = await zText.innerText();
  assert.ok(Math.abs(numberIn(text, /\((−?\d\.\d\d),/) - 1.8) < 0.1 && Math.abs(numberIn(text, /, (−?\d\.\d\d)\)/) - -1.5) < 0.1, text);
  assert.notEqual(await decodedPicture(), atOrigin);

  // q: from 2 to 20 with End; more directions explain more variance and leave less noise.
  const explained = widget.getByTestId("ppca-explained");
  const sigma2 = widget.getByTestId("ppca-sigma2");
  const [explained2, sigma2At2] = [Number(await explained.innerText()), Number(await sigma2.innerText())];
  assert.ok(explained2 > 5 && explained2 < 40, `q = 2 explains ${explained2}%`);
  await widget.getByTestId("ppca-q").focus();
  await page.keyboard.press("End");
  await textMatching(widget.getByTestId("ppca-q-result"), /With 20 latent dimensions,/);
  const [explained20, sigma2At20] = [Number(await explained.innerText()), Number(await sigma2.innerText())];
  assert.ok(explained20 > explained2 + 20, `q = 20 explains ${explained20}%, q = 2 ${explained2}%`);
  assert.ok(sigma2At20 < sigma2At2, `σ² falls from ${sigma2At2} to ${sigma2At20}`);
  await page.keyboard.press("ArrowLeft");
  await textMatching(widget.getByTestId("ppca-q-result"), /With 19 latent dimensions,/);
  await assertWidgetAccessible(page, "ppca-latent-walk");
  await noOverflow(page, "latent-variable-models");

  await page.context().close();
  assert.deepEqual(problems, []);
});
