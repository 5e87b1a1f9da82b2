// The reading widgets of four modules, used by a student with the mouse and the keyboard on a
// 375 px phone: each visible result changes as it should.
// - graphical-models: observing b in a chain d-separates a and c; observing the descendant of a
//   collider d-connects its causes;
// - transformer-families: a causal query sees itself and the tokens before it, a bidirectional one
//   every token, an encoder–decoder's output token every input token;
// - types-of-generative-models: the trade-off table sorts, filters, and links a family to its module;
// - pretraining-strategies: on the first-names exercise's training names, the hidden "h" of
//   "t_omas" is the masked model's first guess and only the next-token model's fourth.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Locator, Page } from "playwright-core";
import { DEMO_ACCOUNTS } from "@/lib/course/modules";
import { launchChromium } from "@/scripts/chromium";
import { startGenlabServer, type RunningServer } from "./server";
import { collectPageProblems, signInAndJoinDemoCourse } from "./students";

const STEP_TIMEOUT_MS = 60_000;
const PHONE = { width: 375, height: 812 };

let server: RunningServer;
let browser: Browser;
let page: Page;
let courseUrl: string;
let problems: string[];

before(async () => {
  server = await startGenlabServer();
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: PHONE })).newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  problems = collectPageProblems(page);
  const student = DEMO_ACCOUNTS.find((a) => a.email.startsWith("carol"))!;
  courseUrl = await signInAndJoinDemoCourse(page, server.url, student.email);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens a module page and returns its widget once the reading (rendered in the browser after the course loads) shows it. */
async function openWidget(slug: string, testId: string): Promise<Locator> {
  await page.goto(`${courseUrl}/modules/${slug}`);
  await page.getByRole("heading", { level: 1 }).waitFor();
  const widget = page.getByTestId(testId);
  await widget.waitFor();
  await widget.scrollIntoViewIfNeeded();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `${slug} fits a ${PHONE.width} px screen (overflow ${overflow} px)`);
  return widget;
}

/** Waits until `locator` shows text matching `pattern`; fails with what it shows instead. */
async function until(locator: Locator, pattern: RegExp, what: string): Promise<void> {
  try {
    await locator.filter({ hasText: pattern }).waitFor({ timeout: 10_000 });
  } catch {
    assert.fail(`${what}: expected ${pattern}, the page shows “${await locator.innerText()}”`);
  }
}

test("graphical-models: the d-separation explorer", { timeout: 180_000 }, async () => {
  const widget = await openWidget("graphical-models", "dsep-explorer");
  const verdict = widget.getByTestId("dsep-verdict");
  const separated = async () => verdict.getAttribute("data-separated");

  // The chain a → b → c: dependent with nothing observed, d-separated once b is observed (mouse).
  await until(verdict, /a and c are d-connected with nothing observed/, "chain, nothing observed");
  assert.equal(await separated(), "false");
  await widget.getByTestId("dsep-node-b").click();
  await until(verdict, /a and c are d-separated given \{b\}/, "chain, b observed");
  assert.equal(await separated(), "true");
  assert.equal(await widget.getByTestId("dsep-node-b").getAttribute("aria-pressed"), "true");
  const trail = widget.getByTestId("dsep-trail");
  assert.equal(await trail.count(), 1);
  assert.equal(await trail.getAttribute("data-active"), "false");
  await until(trail, /b is observed in a chain: it blocks the path/, "the reason");
  // The keyboard toggles it back.
  await widget.getByTestId("dsep-node-b").focus();
  await page.keyboard.press("Enter");
  await until(verdict, /a and c are d-connected/, "chain, b no longer observed");

  // The collider a → b ← c with b → d: independent causes, until the descendant d is observed (keyboard).
  await widget.getByRole("button", { name: /^Collider/ }).focus();
  await page.keyboard.press("Enter");
  await until(verdict, /a and c are d-separated with nothing observed/, "collider, nothing observed");
  await until(trail, /collider b with no observed descendant: it blocks the path/, "the collider's reason");
  await widget.getByTestId("dsep-node-d").focus();
  await page.keyboard.press(" ");
  await until(verdict, /a and c are d-connected given \{d\}/, "collider, d observed");
  await until(trail, /collider b has an observed descendant, d: it opens the path/, "the descendant's reason");
  assert.equal(await trail.getAttribute("data-active"), "true");

  // The burglary network: John and Mary calling are dependent, until the alarm is known.
  await widget.getByRole("button", { name: "Burglary alarm" }).click();
  await widget.getByTestId("dsep-variable-1").selectOption({ label: "John calls" });
  await widget.getByTestId("dsep-variable-2").selectOption({ label: "Mary calls" });
  await until(verdict, /John calls and Mary calls are d-connected with nothing observed/, "burglary, nothing observed");
  await widget.getByTestId("dsep-node-alarm").click();
  await until(verdict, /John calls and Mary calls are d-separated given \{Alarm\}/, "burglary, alarm observed");
  // A variable asked about cannot be observed: the widget says so.
  await widget.getByTestId("dsep-node-john").dispatchEvent("click");
  await until(verdict, /John calls is one of the two variables asked about/, "observing a variable asked about");
  assert.equal(await widget.getByTestId("dsep-node-john").getAttribute("aria-pressed"), "false");
  assert.deepEqual(problems, []);
});

test("transformer-families: attention masks side by side", { timeout: 180_000 }, async () => {
  const widget = await openWidget("transformer-families", "attention-masks");
  const encoder = widget.getByTestId("mask-description-encoder");
  const decoder = widget.getByTestId("mask-description-decoder");
  const seq2seq = widget.getByTestId("mask-description-seq2seq");
  await until(encoder, /“sat” \(token 3\) may attend to all 6 tokens/, "bidirectional");
  await until(decoder, /“sat” \(token 3\) may attend to 3 of 6 tokens: the, cat, sat\./, "causal");

  // Keyboard: into the causal matrix, then the arrow keys.
  const causal = widget.getByTestId("mask-decoder-only");
  await causal.getByRole("button", { name: /^Query the \(token 1\)/ }).focus();
  await until(decoder, /“the” \(token 1\) may attend to 1 of 6 tokens: the\. The 5 later tokens are masked out/, "first token");
  await page.keyboard.press("ArrowDown");
  await until(decoder, /“cat” \(token 2\) may attend to 2 of 6 tokens: the, cat\./, "second token");
  await page.keyboard.press("End");
  await until(decoder, /“mat” \(token 6\) may attend to 6 of 6 tokens/, "last token");
  assert.equal(await causal.getByRole("button", { name: /^Query mat/ }).getAttribute("aria-pressed"), "true");
  assert.ok(await causal.getByRole("button", { name: /^Query mat/ }).evaluate((el) => el === document.activeElement), "the focus moved with the arrow keys");

  // Mouse: a decoder token of the encoder–decoder sees the earlier output tokens and the whole input.
  await widget
    .getByTestId("mask-cross")
    .getByRole("button", { name: /^Query die/ })
    .hover();
  await until(
    seq2seq,
    /output token “die” \(token 2\): decoder self-attention lets it see 2 of 7 output tokens \(⟨start⟩, die\); cross-attention lets it see all 6 input tokens/,
    "cross",
  );
  assert.equal(
    await widget
      .getByTestId("mask-decoder-self")
      .getByRole("button", { name: /^Query die/ })
      .getAttribute("aria-pressed"),
    "true",
    "both decoder matrices",
  );
  await widget
    .getByTestId("mask-encoder-self")
    .getByRole("button", { name: /^Query on/ })
    .hover();
  await until(seq2seq, /input token “on” \(token 4\): the encoder lets it attend to all 6 input tokens, and to none of the output tokens/, "encoder");
  await until(widget, /Suits generation/, "the tasks of each family");
  assert.deepEqual(problems, []);
});

test("types-of-generative-models: the family map sorts, filters and links to the modules", { timeout: 180_000 }, async () => {
  const widget = await openWidget("types-of-generative-models", "family-map");
  const count = widget.getByTestId("family-count");
  const rows = () => widget.getByTestId("family-row").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.family));
  await until(count, /Showing 10 of 10 families\./, "everything");

  // Sort by sampling speed: best first (mouse), then worst first (keyboard).
  const sortSampling = widget.getByTestId("family-sort-sampling");
  await sortSampling.click();
  await until(count, /sorted by fast sampling \(best first\)/, "sorted");
  assert.deepEqual((await rows()).slice(0, 3), ["flows", "vae", "gan"]);
  assert.equal(await widget.locator('th:has([data-testid="family-sort-sampling"])').getAttribute("aria-sort"), "descending");
  await sortSampling.focus();
  await page.keyboard.press("Enter");
  await until(count, /sorted by fast sampling \(worst first\)/, "sorted the other way");
  assert.equal((await rows())[0], "diffusion");

  // Filter: exact likelihood leaves the tractable densities; no implicit model has one.
  await widget.getByTestId("family-filter-likelihood").click();
  await until(count, /Showing 5 of 10 families with exact likelihood/, "filtered");
  assert.deepEqual((await rows()).sort(), ["autoregressive", "flows", "gmm", "hmm", "kde"].sort());
  await widget.getByTestId("family-branch").selectOption("implicit");
  await until(count, /No family has exact likelihood in this branch/, "implicit and exact");
  assert.equal((await rows()).length, 0);
  await widget.getByRole("button", { name: "Show all, in the first order" }).click();
  await until(count, /Showing 10 of 10 families\./, "reset");

  // A family's name opens its module.
  await widget.locator('[data-testid="family-row"][data-family="flows"]').getByRole("link", { name: "Normalizing flows" }).click();
  await page.waitForURL(`${courseUrl}/modules/normalizing-flows`);
  await page.getByRole("heading", { level: 1, name: "Normalizing flows" }).waitFor();
  assert.deepEqual(problems, []);
});

test("pretraining-strategies: masked vs next-token prediction on the training names", { timeout: 180_000 }, async () => {
  const widget = await openWidget("pretraining-strategies", "mlm-vs-next");
  const summary = widget.getByTestId("mlm-summary");
  const top = (testId: string) =>
    widget
      .getByTestId(testId)
      .locator("li")
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.char));
  // The names arrive from the server (the ar-names exercise's training split).
  await widget.getByTestId("mlm-top").waitFor();
  await until(summary, /The hidden character is “h”\. From both sides it ranks 1st .*; from the left only it ranks 4th/, "t_omas, trigram");
  assert.equal((await top("mlm-top"))[0], "h");
  assert.equal((await top("next-top"))[0], "a");
  assert.equal((await top("mlm-top")).length, 5);

  // Keyboard: hide the next character instead.
  await widget.getByRole("button", { name: "Character 2: hidden" }).focus();
  await page.keyboard.press("ArrowRight");
  await until(summary, /The hidden character is “o”/, "th_mas");
  assert.equal(await widget.getByRole("button", { name: "Character 3: hidden" }).getAttribute("aria-pressed"), "true");

  // Type a name, hide a character with the mouse, and change the context length.
  await widget.getByTestId("mlm-name").fill("sophia");
  await widget.getByRole("button", { name: "Character 4: h" }).click();
  await until(summary, /The hidden character is “h”\. From both sides it ranks 1st .*; from the left only it ranks 1st/, "sop_ia, trigram");
  await widget.getByTestId("mlm-order").selectOption("2");
  await until(summary, /The hidden character is “h”\. From both sides it ranks 1st .*; from the left only it ranks 3rd/, "sop_ia, bigram");

  // A name outside the alphabet is refused, and nothing is predicted.
  await widget.getByTestId("mlm-name").fill("jo ann");
  await until(widget.getByTestId("mlm-problem"), /Names here use only the letters a–z and the hyphen/, "a space");
  // The field names its problem to assistive technology.
  const problemId = await widget.getByTestId("mlm-problem").getAttribute("id");
  assert.equal(await widget.getByTestId("mlm-name").getAttribute("aria-describedby"), problemId);
  assert.equal(await widget.getByTestId("mlm-top").count(), 0);
  assert.deepEqual(problems, []);
});
