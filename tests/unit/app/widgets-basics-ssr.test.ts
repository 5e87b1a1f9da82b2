// The reading widgets of learning-paradigms, why-generative and latent-variable-models render on the
// server (the module reading is server-rendered) without a window, state their first result from the
// penguins the page caches, and the PPCA widget downloads nothing until the student asks.
import "./ignore-css";
import assert from "node:assert/strict";
import { test } from "node:test";
import { getQueryKey } from "@trpc/react-query";
import { createElement } from "react";
import { penguinSplit } from "@/lib/datasets/train";
import { renderWithTrpc } from "./render-with-trpc";

const { LearningParadigms } = await import("@/app/_components/widgets/LearningParadigms");
const { DistributionMatching } = await import("@/app/_components/widgets/DistributionMatching");
const { PpcaLatentWalk } = await import("@/app/_components/widgets/PpcaLatentWalk");
const { api } = await import("@/app/_trpc/react");

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"');
/** What the dataset router sends: the training penguins. */
const penguins = penguinSplit().train.map((p) => ({
  species: p.species,
  beakLengthMm: p.beakLengthMm,
  flipperLengthMm: p.flipperLengthMm,
  bodyMassKg: p.bodyMassG / 1000,
}));
const cached = () => [[getQueryKey(api.dataset.penguins, undefined, "query"), penguins]] as const;

test("no window while rendering", () => {
  assert.equal(typeof (globalThis as { window?: unknown }).window, "undefined");
});

test("learning paradigms: three tabs, the supervised one open and untrained, the others' signals stated", () => {
  const html = renderWithTrpc(createElement(LearningParadigms), cached());
  assert.equal((html.match(/role="tab"/g) ?? []).length, 3);
  assert.match(html, /aria-selected="true"[^>]*>Supervised</);
  assert.match(text(html), /Not trained yet: the model gives every penguin a 50 : 50 chance/);
  assert.match(text(html), /Signal: a label for every example\./);
  assert.match(text(html), /Signal: none\./);
  assert.match(text(html), /Signal: a reward after each action\./);
  // The mixture's starting guess on the 111 Adélie and 91 Gentoo penguins.
  assert.match(text(html), /Starting guess: average log-likelihood −\d+\.\d\d nats per penguin; groups of \d+ and \d+ penguins\./);
  const groups = /groups of (\d+) and (\d+) penguins/.exec(text(html))!;
  assert.equal(Number(groups[1]) + Number(groups[2]), 202);
  assert.match(text(html), /No pulls yet\. Total: 0 points from 0 pulls\./);
  // Without the penguins: the bandit still works, the penguin views say they are loading.
  const empty = renderWithTrpc(createElement(LearningParadigms));
  assert.match(text(empty), /Loading the penguins…/);
  assert.match(text(empty), /Pull machine A/);
});

test("distribution matching: the starting mixture's two scores, no samples yet", () => {
  const html = renderWithTrpc(createElement(DistributionMatching), cached());
  // Start: μ = (180, 205) mm, σ = 8 mm each, weights ½; the values mixture1MeanLogLikelihood and gridKlDivergence give
  // for it on these penguins (tests/unit/ml/mixture1d.test.ts checks both against closed forms).
  const logLikelihood = Number(/data-testid="match-loglik">([^<]+)</.exec(html)![1].replace("−", "-"));
  const kl = Number(/data-testid="match-kl">([^<]+)</.exec(html)![1]);
  assert.ok(Math.abs(logLikelihood - -4.369) < 0.002, `${logLikelihood}`);
  assert.ok(Math.abs(kl - 0.403) < 0.005, `${kl}`);
  assert.match(text(html), /256 penguins' flipper lengths/);
  assert.doesNotMatch(html, /data-testid="match-samples"/, "no samples before the student asks");
  assert.match(text(renderWithTrpc(createElement(DistributionMatching))), /Loading the training penguins…/);
});

test("PPCA latent walk: only a disabled start button on the server (nothing downloaded, no map yet)", () => {
  const html = renderWithTrpc(createElement(PpcaLatentWalk));
  assert.match(html, /<button[^>]*disabled=""[^>]*data-testid="ppca-start"|<button[^>]*data-testid="ppca-start"[^>]*disabled=""/);
  assert.match(text(html), /Load 500 digits and fit PPCA/);
  assert.doesNotMatch(html, /data-testid="ppca-map"/);
});
