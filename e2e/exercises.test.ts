// Every exercise end to end in the browser: run the page's default computation, submit, and get
// the server's score back — with no console errors on the way.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { DEMO_ACCOUNTS, DEMO_COURSE, DEMO_PASSWORD } from "@/lib/course/modules";
import { EXERCISES } from "@/lib/exercises/registry";
import { launchChromium } from "@/scripts/chromium";
import { startGenlabServer, type RunningServer } from "./server";

// gan-ring and markov-chain have their own, longer story in classroom.test.ts.
const COVERED_ELSEWHERE = new Set(["gan-ring", "markov-chain"]);
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

test("each exercise page computes, submits and shows the server's score", { timeout: 420_000 }, async () => {
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(60_000);
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`${page.url()}: ${e.message}`));

  const student = DEMO_ACCOUNTS.find((a) => a.email.startsWith("bob"))!;
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill(student.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/courses/);
  await page.getByLabel("Join code").fill(DEMO_COURSE.joinCode);
  await page.getByRole("button", { name: "Join course" }).click();
  await page.getByRole("link", { name: new RegExp(DEMO_COURSE.title) }).first().click();
  await page.waitForURL(/\/courses\/[^/]+$/);
  const courseUrl = page.url();

  for (const exercise of EXERCISES.filter((e) => !COVERED_ELSEWHERE.has(e.slug))) {
    await page.goto(`${courseUrl}/exercises/${exercise.slug}`);
    await page.getByTestId("run-default").click();
    const submit = page.getByTestId("submit-samples");
    await page.waitForFunction(() => {
      const button = document.querySelector<HTMLButtonElement>('[data-testid="submit-samples"]');
      return button !== null && !button.disabled;
    }, undefined, { timeout: 60_000 });
    await submit.click();
    const result = page.getByTestId("submit-result");
    await result.waitFor();
    const text = await result.innerText();
    assert.ok(text.startsWith(`Scored by the server: ${exercise.metrics[0].label} `), `${exercise.slug}: ${text}`);
  }
  assert.deepEqual(problems, []);
});
