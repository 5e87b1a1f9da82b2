// lib/markdown.ts: each construct of the safe subset, and that HTML and unsafe links stay text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inlineText, parseInline, parseMarkdown, safeHref, type MarkdownBlock } from "@/lib/markdown";
import { cpuTime } from "../support/cpu-time";

const text = (value: string) => ({ type: "text" as const, value });
const paragraph = (...children: ReturnType<typeof parseInline>) => ({ type: "paragraph" as const, children });

test("empty input and blank lines give no blocks", () => {
  assert.deepEqual(parseMarkdown(""), []);
  assert.deepEqual(parseMarkdown("\n  \n\t\n"), []);
});

test("headings # to ###, with optional closing hashes; #### and #tag are text", () => {
  assert.deepEqual(parseMarkdown("# One\n## Two\n### Three ###"), [
    { type: "heading", level: 1, children: [text("One")] },
    { type: "heading", level: 2, children: [text("Two")] },
    { type: "heading", level: 3, children: [text("Three")] },
  ]);
  assert.deepEqual(parseMarkdown("# C#"), [{ type: "heading", level: 1, children: [text("C#")] }]);
  assert.deepEqual(parseMarkdown("#### Four"), [paragraph(text("#### Four"))]);
  assert.deepEqual(parseMarkdown("#hashtag"), [paragraph(text("#hashtag"))]);
});

test("paragraphs are separated by blank lines; lines within one are joined by a space", () => {
  assert.deepEqual(parseMarkdown("First line\nsecond line\n\nNext paragraph"), [paragraph(text("First line second line")), paragraph(text("Next paragraph"))]);
  assert.deepEqual(parseMarkdown("a\r\nb"), [paragraph(text("a b"))]);
});

test("bullet lists with -, * or +, and indented continuation lines", () => {
  assert.deepEqual(parseMarkdown("- one\n* two\n+ three\n  more of three"), [
    { type: "list", ordered: false, start: 1, items: [[text("one")], [text("two")], [text("three more of three")]] },
  ]);
});

test("numbered lists keep their first number; a change of kind starts a new list", () => {
  const blocks = parseMarkdown("3. three\n4) four\n- bullet");
  assert.deepEqual(blocks, [
    { type: "list", ordered: true, start: 3, items: [[text("three")], [text("four")]] },
    { type: "list", ordered: false, start: 1, items: [[text("bullet")]] },
  ]);
});

test("a list ends at a blank line or an unindented line", () => {
  assert.deepEqual(parseMarkdown("- a\nafter"), [{ type: "list", ordered: false, start: 1, items: [[text("a")]] }, paragraph(text("after"))]);
  assert.deepEqual(parseMarkdown("text\n- item"), [paragraph(text("text")), { type: "list", ordered: false, start: 1, items: [[text("item")]] }]);
});

test("bold, italic and inline code", () => {
  assert.deepEqual(parseInline("a **b** c"), [text("a "), { type: "strong", children: [text("b")] }, text(" c")]);
  assert.deepEqual(parseInline("__b__"), [{ type: "strong", children: [text("b")] }]);
  assert.deepEqual(parseInline("*i* and _j_"), [{ type: "em", children: [text("i")] }, text(" and "), { type: "em", children: [text("j")] }]);
  assert.deepEqual(parseInline("*a **b** c*"), [{ type: "em", children: [text("a "), { type: "strong", children: [text("b")] }, text(" c")] }]);
  assert.deepEqual(parseInline("use `x * y` here"), [text("use "), { type: "code", value: "x * y" }, text(" here")]);
  assert.deepEqual(parseInline("``a ` b``"), [{ type: "code", value: "a ` b" }]);
});

test("markers that open nothing stay text: arithmetic, snake_case, unclosed", () => {
  assert.deepEqual(parseInline("2 * 3 * 4"), [text("2 * 3 * 4")]);
  assert.deepEqual(parseInline("snake_case_name"), [text("snake_case_name")]);
  assert.deepEqual(parseInline("**open"), [text("**open")]);
  assert.deepEqual(parseInline("`open"), [text("`open")]);
  assert.deepEqual(parseInline("\\*not italic\\*"), [text("*not italic*")]);
});

test("fenced code blocks keep their text verbatim, with an optional language", () => {
  const blocks = parseMarkdown("```python\nx = **1**\n<b>hi</b>\n```\nafter");
  assert.deepEqual(blocks, [{ type: "code", lang: "python", value: "x = **1**\n<b>hi</b>" }, paragraph(text("after"))]);
  assert.deepEqual(parseMarkdown("~~~\nunclosed"), [{ type: "code", lang: null, value: "unclosed" }]);
});

test("links to http(s) and relative addresses", () => {
  assert.deepEqual(parseInline("see [the docs](https://example.org/a_(b)) now"), [
    text("see "),
    { type: "link", href: "https://example.org/a_(b)", children: [text("the docs")] },
    text(" now"),
  ]);
  assert.deepEqual(parseInline('[**bold** link](/courses/x "title")'), [
    { type: "link", href: "/courses/x", children: [{ type: "strong", children: [text("bold")] }, text(" link")] },
  ]);
  assert.deepEqual(parseInline("[part 2](#part-2)"), [{ type: "link", href: "#part-2", children: [text("part 2")] }]);
  assert.deepEqual(parseInline("[notes](notes/week1.md)"), [{ type: "link", href: "notes/week1.md", children: [text("notes")] }]);
});

test("javascript:, data: and other unsafe links stay text exactly as written", () => {
  for (const source of [
    "[click](javascript:alert(1))",
    "[x](JavaScript:alert(document.cookie))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](//evil.example/)",
    "[x](java\tscript:alert(1))",
    "[x](vbscript:msgbox)",
  ]) {
    const nodes = parseInline(source);
    assert.ok(
      nodes.every((n) => n.type === "text"),
      `${source} → ${JSON.stringify(nodes)}`,
    );
    assert.equal(inlineText(nodes), source);
  }
});

test("raw HTML is text, never markup", () => {
  const blocks = parseMarkdown('<script>alert("x")</script>\n\n<img src=x onerror=alert(1)>');
  assert.deepEqual(blocks, [paragraph(text('<script>alert("x")</script>')), paragraph(text("<img src=x onerror=alert(1)>"))]);
  const allText = (block: MarkdownBlock) => block.type === "paragraph" && block.children.every((n) => n.type === "text");
  assert.ok(blocks.every(allText));
});

test("safeHref allows http(s) and relative addresses only", () => {
  assert.equal(safeHref("https://example.org"), "https://example.org");
  assert.equal(safeHref("HTTP://EXAMPLE.ORG/x"), "HTTP://EXAMPLE.ORG/x");
  assert.equal(safeHref("/courses/abc"), "/courses/abc");
  assert.equal(safeHref("?tab=2"), "?tab=2");
  assert.equal(safeHref("<https://example.org/a b>"), null);
  assert.equal(safeHref("https://"), null);
  assert.equal(safeHref("mailto:someone@example.org"), null);
  assert.equal(safeHref("javascript:alert(1)"), null);
  assert.equal(safeHref("/\\evil.example"), null);
  assert.equal(safeHref("//evil.example"), null);
  assert.equal(safeHref(""), null);
});

test("text full of unmatched markers is parsed quickly and stays text", () => {
  // Each marker opens (a letter follows) but nothing closes it (a space precedes every later one).
  for (const unit of ["*a ", "_a ", "**a ", "[a ", "[a](b "]) {
    const source = unit.repeat(8_000);
    const { ms, result: nodes } = cpuTime(() => parseInline(source));
    assert.ok(ms < 2000, `${unit}: ${ms} ms`);
    assert.deepEqual(nodes, [text(source)]);
  }
});
