// The module texts' architecture diagrams (app/_components/diagrams/): each renders on the server to one
// figure whose SVG is an image named by its own <title> and <desc>, with a visible caption, colours from
// classes (which flip in dark mode) rather than hex values, ids that cannot clash on a page, and text inside
// its viewBox at a size that stays legible when a phone shrinks the figure.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createElement, type ComponentType } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import * as adversarial from "@/app/_components/diagrams/adversarial";
import * as adversarialExamples from "@/app/_components/diagrams/adversarial-examples";
import * as autoencoders from "@/app/_components/diagrams/autoencoders";
import * as boltzmann from "@/app/_components/diagrams/boltzmann";
import * as flowsDiffusion from "@/app/_components/diagrams/flows-diffusion";
import * as graphical from "@/app/_components/diagrams/graphical";
import * as pretraining from "@/app/_components/diagrams/pretraining";
import { labelWidth, parseLabel } from "@/app/_components/diagrams/primitives";
import * as probability from "@/app/_components/diagrams/probability";
import * as sequence from "@/app/_components/diagrams/sequence";
import * as transformers from "@/app/_components/diagrams/transformers";

const families = { adversarial, adversarialExamples, autoencoders, boltzmann, flowsDiffusion, graphical, pretraining, probability, sequence, transformers };
const diagrams: [string, string][] = Object.values(families).flatMap((mod) =>
  Object.entries(mod as Record<string, unknown>)
    .filter(([name]) => name.endsWith("Diagram"))
    .map(([name, C]): [string, string] => [name, renderToStaticMarkup(createElement(C as ComponentType))]),
);

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
const decode = (s: string) =>
  s
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
const inner = (html: string, tag: string, id: string) => new RegExp(`<${tag} id="${id}">([\\s\\S]*?)</${tag}>`).exec(html)?.[1];

test("every family exports its diagrams", () => {
  const names = diagrams.map(([n]) => n);
  for (const expected of [
    "GanDiagram",
    "ConditionalGanDiagram",
    "AdversarialAutoencoderDiagram",
    "Pix2PixDiagram",
    "CycleGanDiagram",
    "AutoencoderDiagram",
    "VaeDiagram",
    "HierarchicalVaeDiagram",
    "FullyVisibleBoltzmannDiagram",
    "RbmDiagram",
    "DbmDiagram",
    "DbnDiagram",
    "BayesNetDiagram",
    "MrfDiagram",
    "GmmGraphicalDiagram",
    "PpcaDiagram",
    "HmmTrellisDiagram",
    "CouplingLayerDiagram",
    "DiffusionChainDiagram",
    "RnnUnrolledDiagram",
    "VrnnDiagram",
    "KalmanVaeDiagram",
    "EncoderDecoderAttentionDiagram",
    "TransformerBlockDiagram",
    "VitDiagram",
    "TransformerFamiliesDiagram",
    "ContrastiveLearningDiagram",
    "MaskedAutoencoderDiagram",
    "InverseCdfDiagram",
    "LikelihoodDiagram",
    "AdversarialPerturbationDiagram",
  ])
    assert.ok(names.includes(expected), expected);
});

test("each diagram is one figure: an SVG image named by a non-empty title and a descriptive sentence, and a caption", () => {
  for (const [name, html] of diagrams) {
    assert.match(html, /^<figure[\s>]/, name);
    const svgs = html.match(/<svg[^>]*>/g) ?? [];
    assert.equal(svgs.length, 1, `${name}: one svg`);
    assert.equal(attr(svgs[0], "role"), "img", `${name}: role="img"`);
    assert.match(attr(svgs[0], "viewBox") ?? "", /^0 0 \d+ \d+$/, name);
    const [titleId, descId, ...rest] = (attr(svgs[0], "aria-labelledby") ?? "").split(" ");
    assert.deepEqual(rest, [], `${name}: aria-labelledby names the title and the description`);
    const title = inner(html, "title", titleId);
    const desc = decode(inner(html, "desc", descId) ?? "");
    assert.ok(title && title.trim().length > 0, `${name}: a <title id="${titleId}">`);
    assert.ok(desc.length >= 40, `${name}: the description is a sentence of at least 40 characters`);
    assert.match(desc, /^[A-Z].*\.$/s, `${name}: the description starts with a capital and ends with a full stop`);
    assert.doesNotMatch(desc, /[_^$]/, `${name}: the description is plain text, no label markup`);
    const caption = /<figcaption[^>]*>([\s\S]*?)<\/figcaption>/.exec(html)?.[1].replace(/<[^>]+>/g, "") ?? "";
    assert.ok(caption.trim().length >= 20, `${name}: a visible caption`);
    assert.doesNotMatch(caption, /[$_]/, `${name}: the caption's math is typeset, no markup left`);
  }
});

test("ids are unique across all diagrams (any two may share a page), and every marker reference resolves", () => {
  const seen = new Map<string, string>();
  for (const [name, html] of diagrams) {
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    for (const id of ids) {
      assert.ok(!seen.has(id), `${name}: id "${id}" also used by ${seen.get(id)}`);
      seen.set(id, name);
    }
    for (const m of html.matchAll(/url\(#([^)]+)\)/g)) assert.ok(ids.includes(m[1]), `${name}: url(#${m[1]}) has a target`);
  }
});

test("colours come from classes and currentColor, never hard-coded", () => {
  for (const [name, html] of diagrams) {
    assert.doesNotMatch(
      html,
      /\s(fill|stroke|color|stop-color)="(?!none"|currentColor")[^"]*"/,
      `${name}: a fill or stroke attribute other than none/currentColor`,
    );
    for (const m of html.matchAll(/\sstyle="([^"]*)"/g))
      assert.doesNotMatch(m[1], /#|rgba?\(|hsla?\(|oklch\(|color|fill|stroke/i, `${name}: a colour in style="${m[1]}"`);
    assert.doesNotMatch(html, /<style[\s>]/, `${name}: a <style> element`);
  }
});

test("text is at least 14 units and lies inside the viewBox", () => {
  for (const [name, html] of diagrams) {
    const [, , width, height] = (attr(/<svg[^>]*>/.exec(html)![0], "viewBox") ?? "").split(" ").map(Number);
    for (const m of html.matchAll(/<text([^>]*)>([\s\S]*?)<\/text>/g)) {
      const size = Number(attr(m[1], "font-size"));
      const x = Number(attr(m[1], "x"));
      const y = Number(attr(m[1], "y"));
      const anchor = attr(m[1], "text-anchor") ?? "start";
      const content = decode(m[2].replace(/<[^>]+>/g, ""));
      assert.ok(size >= 14, `${name}: "${content}" is ${size} units`);
      const w = labelWidth(content, size, !/font-sans/.test(m[1]));
      const left = anchor === "middle" ? x - w / 2 : anchor === "end" ? x - w : x;
      assert.ok(left >= -2 && left + w <= width + 2, `${name}: "${content}" spans ${left.toFixed(0)}–${(left + w).toFixed(0)} of ${width}`);
      assert.ok(y - size / 2 >= 0 && y + size / 2 <= height, `${name}: "${content}" at y ${y} of ${height}`);
    }
  }
});

test("label notation: scripts, italic single letters, upright words", () => {
  assert.deepEqual(parseLabel("q_φ(z | x)", true), [
    { text: "q", script: 0, italic: true },
    { text: "φ", script: 1, italic: false },
    { text: "(", script: 0, italic: false },
    { text: "z", script: 0, italic: true },
    { text: " | ", script: 0, italic: false },
    { text: "x", script: 0, italic: true },
    { text: ")", script: 0, italic: false },
  ]);
  assert.deepEqual(
    parseLabel("p_{data}", true).map((s) => [s.text, s.script, s.italic]),
    [
      ["p", 0, true],
      ["data", 1, false],
    ],
  );
  assert.deepEqual(
    parseLabel("h^2_1", true).map((s) => [s.text, s.script]),
    [
      ["h", 0],
      ["2", -1],
      ["1", 1],
    ],
  );
  assert.equal(parseLabel("x̂", true)[0].italic, true, "a letter keeps its accent and its italics");
  assert.deepEqual(parseLabel("exp(s)", true)[0], { text: "exp(", script: 0, italic: false });
  assert.deepEqual(parseLabel("Real data", false), [{ text: "Real data", script: 0, italic: false }]);
});
