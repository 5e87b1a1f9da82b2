// The browser's side of "safe by default", in Chromium against the real server: pages run under a
// nonce Content-Security-Policy without a single violation, cannot be framed by another origin, and
// signing in never sends the browser to another site.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { DEMO_ACCOUNTS } from "@/lib/course/modules";
import { launchChromium } from "../scripts/chromium";
import { E2E_DEMO_PASSWORD, startGenlabServer, type RunningServer } from "./server";
import { collectPageProblems, signInAndJoinDemoCourse } from "./students";

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

test("pages carry a nonce CSP that every script of theirs satisfies, and the security headers", { timeout: 120_000 }, async () => {
  const page = await (await browser.newContext()).newPage();
  const problems = collectPageProblems(page);
  const response = await page.goto(`${server.url}/sign-in`);
  const headers = response!.headers();
  const policy = headers["content-security-policy"];
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  assert.ok(nonce, policy);
  assert.match(policy, /script-src 'self' 'nonce-[^']+' 'strict-dynamic' 'wasm-unsafe-eval'/);
  assert.match(policy, /frame-ancestors 'self'/);
  assert.equal(headers["x-content-type-options"], "nosniff");
  assert.equal(headers["referrer-policy"], "same-origin");
  const scripts = await page.locator("script").evaluateAll((nodes) => nodes.map((n) => (n as HTMLScriptElement).nonce));
  assert.ok(scripts.length > 0);
  assert.ok(
    scripts.every((n) => n === nonce),
    "every script carries this response's nonce",
  );
  const second = await page.request.get(`${server.url}/sign-in`);
  assert.notEqual(/'nonce-([^']+)'/.exec(second.headers()["content-security-policy"])?.[1], nonce, "a fresh nonce per response");
  // The page is alive under the policy: React hydrated it (the form validates on the client).
  await page.getByLabel("Email").fill("someone@example.org");
  await page.getByRole("button", { name: "Sign in" }).waitFor();
  assert.deepEqual(problems, []);
});

test("another origin cannot frame GenLab", { timeout: 60_000 }, async () => {
  const page = await (await browser.newContext()).newPage();
  const blocked = new Promise<string>((resolve) => page.on("console", (m) => /frame-ancestors/.test(m.text()) && resolve(m.text())));
  await page.setContent(`<iframe id="victim" src="${server.url}/sign-in"></iframe>`);
  assert.match(await blocked, /violates the following Content Security Policy directive: "frame-ancestors .self.". The request has been blocked/);
  const framed = page.frames().find((f) => f.url().startsWith(server.url));
  assert.equal(
    (await framed
      ?.locator("form")
      .count()
      .catch(() => 0)) ?? 0,
    0,
    "no GenLab form rendered inside the frame",
  );
});

test("after signing in, a crafted next= never leaves GenLab", { timeout: 120_000 }, async () => {
  const page = await (await browser.newContext()).newPage();
  const student = DEMO_ACCOUNTS.find((a) => a.email.startsWith("bob"))!;
  await page.goto(`${server.url}/sign-in?next=${encodeURIComponent("/..//evil.example")}`);
  await page.getByLabel("Email").fill(student.email);
  await page.getByLabel("Password").fill(E2E_DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/courses/);
  assert.equal(new URL(page.url()).origin, new URL(server.url).origin);
  assert.equal(new URL(page.url()).pathname, "/courses");
});

test("the inverse-cdf sandbox runs a student's code under a policy of its own: new Function yes, network no", { timeout: 120_000 }, async () => {
  const page = await (await browser.newContext()).newPage();
  const courseUrl = await signInAndJoinDemoCourse(page, server.url, DEMO_ACCOUNTS.find((a) => a.email.startsWith("carol"))!.email);
  await page.goto(`${courseUrl}/exercises/inverse-cdf`);
  const sandbox = await page.request.get(`${server.url}/sandbox/inverse-cdf.js`);
  assert.equal(sandbox.headers()["content-security-policy"], "default-src 'none'; script-src 'unsafe-eval'");
  const editor = page.getByLabel(/Body of function sample/);
  const run = async (code: string) => {
    await editor.fill(code);
    await page.getByRole("button", { name: "Run my sampler" }).click();
  };
  // Reaching the network: deleted from the worker's globals, and its policy would refuse it anyway.
  await run("fetch('/api/health'); return 0;");
  assert.match(
    await page.getByRole("alert").filter({ hasText: "Your code threw" }).innerText(),
    /Your code threw an error on draw 1[\s\S]*fetch is not defined/,
  );
  // A correct sampler compiles (new Function) and runs under the sandbox's policy, on the uniforms of
  // the challenge the page fetched from the server (the same one as the run above).
  await run("const u = uniform(); const d = u - 0.5; return -Math.sign(d) * Math.log(1 - 2 * Math.abs(d));");
  assert.match(
    await page
      .getByTestId("sampler-status")
      .getByText(/Drew 2,000 samples in \d+ ms from your challenge/)
      .innerText(),
    /every draw is F⁻¹ of its own uniform/,
  );
});
