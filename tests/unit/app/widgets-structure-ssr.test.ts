// The four reading widgets of graphical-models, transformer-families, types-of-generative-models and
// pretraining-strategies render on the server (the module reading is server-rendered), without a
// window, and their first render already states its result.
import "./ignore-css";
import assert from "node:assert/strict";
import { test } from "node:test";
import { getQueryKey } from "@trpc/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { renderWithTrpc } from "./render-with-trpc";

const { DSeparationExplorer } = await import("@/app/_components/widgets/DSeparationExplorer");
const { AttentionMasks } = await import("@/app/_components/widgets/AttentionMasks");
const { GenerativeFamilyMap } = await import("@/app/_components/widgets/GenerativeFamilyMap");
const { MaskedVsNextToken } = await import("@/app/_components/widgets/MaskedVsNextToken");
const { api } = await import("@/app/_trpc/react");

const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&quot;/g, '"');

test("no window while rendering", () => {
  assert.equal(typeof (globalThis as { window?: unknown }).window, "undefined");
});

test("d-separation: the chain with nothing observed is d-connected, with its one active path", () => {
  const html = renderToStaticMarkup(createElement(DSeparationExplorer));
  assert.match(html, /data-testid="dsep-verdict"[^>]*data-separated="false"/);
  assert.match(text(html), /a and c are d-connected with nothing observed: 1 of 1 path is active/);
  assert.match(text(html), /a → b → c: active/);
  assert.match(html, /data-testid="dsep-node-b"[^>]*/);
  assert.match(html, /aria-label="Observe b"/);
});

test("attention masks: three families, the causal one described for its third token", () => {
  const html = renderToStaticMarkup(createElement(AttentionMasks));
  for (const id of ["mask-encoder-only", "mask-decoder-only", "mask-encoder-self", "mask-decoder-self", "mask-cross"])
    assert.match(html, new RegExp(`data-testid="${id}"`));
  assert.match(
    text(html),
    /Decoder-only \(GPT\): “sat” \(token 3\) may attend to 3 of 6 tokens: the, cat, sat\. The 3 later tokens are masked out \(on, the, mat\)\./,
  );
  assert.match(text(html), /21 of 36 query–key pairs allowed/);
  assert.match(text(html), /42 of 42 query–key pairs allowed/, "cross-attention: 7 output × 6 input tokens");
});

test("family map: every family in the table, names as plain text outside a course page", () => {
  const html = renderToStaticMarkup(createElement(GenerativeFamilyMap));
  assert.equal((html.match(/data-testid="family-row"/g) ?? []).length, 10);
  assert.match(text(html), /Showing 10 of 10 families\./);
  assert.doesNotMatch(html, /href="\/courses\//, "no course id to link with");
});

test("masked vs next token: predictions from the training names", () => {
  const names = ["thomas", "thelma", "theo", "tom", "tomas", "tamsin", "ahmed", "otto"];
  const key = getQueryKey(api.dataset.names, undefined, "query");
  const html = renderWithTrpc(createElement(MaskedVsNextToken), [[key, names]]);
  assert.match(html, /data-testid="mlm-top"/);
  assert.match(html, /data-testid="next-top"/);
  assert.match(text(html), /The hidden character is “h”\. From both sides it ranks 1st/);
  assert.match(text(html), /∝ P\(c \| \. t\) · P\(o \| t c\) · P\(m \| c o\)/);
  // Without the names: the controls, no predictions, no crash.
  const empty = renderWithTrpc(createElement(MaskedVsNextToken));
  assert.doesNotMatch(empty, /data-testid="mlm-top"/);
  assert.match(empty, /data-testid="mlm-name"/);
});
