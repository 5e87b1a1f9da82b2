// Quiz questions, their choices and live polls are plain text with `$…$` inline TeX: the pages
// typeset the math with KaTeX (MathText → Tex) and leave everything else, prices included, as text.
import "./ignore-css";
import assert from "node:assert/strict";
import { test } from "node:test";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { inlineMathAsPlainText, splitInlineMath } from "@/app/_lib/inline-math";
import type { LivePollPublic } from "@/lib/live/types";

const { MathText } = await import("@/app/_components/MathText");
const { StudentPollCard, PollHistogram } = await import("@/app/_components/live/PollCard");

const html = (node: Parameters<typeof renderToStaticMarkup>[0]) => renderToStaticMarkup(node);

test("dollars delimit inline TeX; text around it stays text", () => {
  assert.deepEqual(splitInlineMath(String.raw`The mean $\mu_k$ of component $k$.`), [
    { kind: "text", text: "The mean " },
    { kind: "math", tex: String.raw`\mu_k`, display: false },
    { kind: "text", text: " of component " },
    { kind: "math", tex: "k", display: false },
    { kind: "text", text: "." },
  ]);
  assert.deepEqual(splitInlineMath("$$x^2$$"), [{ kind: "math", tex: "x^2", display: true }]);
  assert.deepEqual(splitInlineMath("No math here: σ(ℓ) ≈ 0."), [{ kind: "text", text: "No math here: σ(ℓ) ≈ 0." }]);
});

test("prices, lone and escaped dollars are not math", () => {
  for (const text of ["It costs $5 and $10.", "A lone $ sign", "$ x$ has a space after the opening dollar", "ends with a dollar $"])
    assert.deepEqual(splitInlineMath(text), [{ kind: "text", text }], text);
  assert.deepEqual(splitInlineMath(String.raw`Pay \$3, then $x$`), [
    { kind: "text", text: "Pay $3, then " },
    { kind: "math", tex: "x", display: false },
  ]);
  assert.equal(inlineMathAsPlainText(String.raw`New poll: is $\sigma^2$ biased?`), String.raw`New poll: is \sigma^2 biased?`);
});

test("MathText typesets the math with KaTeX and leaves plain text untouched", () => {
  const typeset = html(createElement(MathText, { text: String.raw`Which $\mu$ maximises it?` }));
  assert.doesNotMatch(typeset, /\$/, "no raw dollar left");
  assert.match(typeset, /class="katex"/);
  assert.match(typeset, /<math[^>]*>.*<mi>μ<\/mi>/s, "MathML for screen readers");
  assert.match(typeset, /^Which <span>.*<\/span> maximises it\?$/s);
  assert.equal(html(createElement(MathText, { text: "Modes covered (2 of 8)" })), "Modes covered (2 of 8)");
});

const poll = (over: Partial<LivePollPublic> = {}): LivePollPublic => ({
  id: "poll-1",
  prompt: String.raw`What is $\hat\mu$ for $\{2, 4, 9\}$?`,
  choices: ["$5$", "$15$", "5.5"],
  status: "OPEN",
  correctIndex: null,
  counts: null,
  ...over,
});

test("a live poll typesets its prompt and choices, open and revealed", () => {
  const open = html(createElement(StudentPollCard, { poll: poll(), myAnswer: null, onAnswer: () => {}, pending: false, error: null }));
  assert.doesNotMatch(open, /\$/);
  assert.equal((open.match(/class="katex"/g) ?? []).length, 4, "prompt (2) and two choices");
  assert.match(open, /5\.5/);

  const revealed = html(
    createElement(StudentPollCard, {
      poll: poll({ status: "REVEALED", correctIndex: 0, counts: [2, 1, 0] }),
      myAnswer: 1,
      onAnswer: () => {},
      pending: false,
      error: null,
    }),
  );
  assert.doesNotMatch(revealed, /\$/);
  assert.match(revealed, /data-testid="poll-verdict">You answered “<span>.*15.*<\/span>”\./s);
  const histogram = html(createElement(PollHistogram, { poll: poll({ status: "REVEALED", correctIndex: 0 }), counts: [2, 1, 0] }));
  assert.doesNotMatch(histogram, /\$/);
});
