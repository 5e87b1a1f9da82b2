/**
 * A small, safe Markdown subset for assignment instructions: headings (# to ###), paragraphs,
 * bullet and numbered lists, **bold**, *italic*, `inline code`, fenced code blocks and links.
 * The parser is pure and returns a tiny AST; app/_components/Markdown.tsx renders it with React
 * elements only. Raw HTML is never interpreted: "<script>" stays the text "<script>", and a link
 * whose address is not http(s) or relative ("javascript:…", "data:…") stays text as written.
 */

export type MarkdownInline =
  | { type: "text"; value: string }
  | { type: "strong"; children: MarkdownInline[] }
  | { type: "em"; children: MarkdownInline[] }
  | { type: "code"; value: string }
  | { type: "link"; href: string; children: MarkdownInline[] };

export type MarkdownBlock =
  | { type: "heading"; level: 1 | 2 | 3; children: MarkdownInline[] }
  | { type: "paragraph"; children: MarkdownInline[] }
  | { type: "list"; ordered: boolean; start: number; items: MarkdownInline[][] }
  | { type: "code"; lang: string | null; value: string };

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)\s*$/;
const HEADING = /^ {0,3}(#{1,3})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const BULLET = /^ {0,3}[-*+][ \t]+(.*)$/;
const NUMBERED = /^ {0,3}(\d{1,9})[.)][ \t]+(.*)$/;
const BLANK = /^\s*$/;
/** A line that continues a list item: indented by at least two spaces (or a tab). */
const CONTINUATION = /^(?: {2,}|\t)\S/;

/** Parses Markdown into blocks. Never throws; anything it does not understand is text. */
export function parseMarkdown(source: string): MarkdownBlock[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: MarkdownBlock[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; start: number; items: string[][] } | null = null;

  const flushParagraph = () => {
    if (paragraph.length > 0) blocks.push({ type: "paragraph", children: parseInline(paragraph.join("\n")) });
    paragraph = [];
  };
  const flushList = () => {
    if (list) blocks.push({ type: "list", ordered: list.ordered, start: list.start, items: list.items.map((item) => parseInline(item.join("\n"))) });
    list = null;
  };
  const flush = () => {
    flushParagraph();
    flushList();
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];

    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const marker = fence[1];
      const body: string[] = [];
      i++;
      // The closing fence uses the same character, at least as long; an unclosed fence runs to the end.
      while (i < lines.length && !new RegExp(`^ {0,3}${marker[0] === "`" ? "`" : "~"}{${marker.length},}\\s*$`).test(lines[i])) {
        body.push(lines[i]);
        i++;
      }
      blocks.push({ type: "code", lang: fence[2] || null, value: body.join("\n") });
      continue;
    }

    if (BLANK.test(line)) {
      flush();
      continue;
    }

    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      blocks.push({ type: "heading", level: heading[1].length as 1 | 2 | 3, children: parseInline((heading[2] ?? "").trim()) });
      continue;
    }

    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      const ordered = numbered !== null;
      const text = bullet ? bullet[1] : numbered![2];
      flushParagraph();
      if (!list || list.ordered !== ordered) {
        flushList();
        list = { ordered, start: numbered ? Number(numbered[1]) : 1, items: [] };
      }
      list.items.push([text]);
      continue;
    }

    if (list && CONTINUATION.test(line)) {
      list.items[list.items.length - 1].push(line.trim());
      continue;
    }

    flushList();
    paragraph.push(line.trim());
  }
  flush();
  return blocks;
}

/** Characters a backslash makes literal. */
const ESCAPABLE = new Set("\\`*_{}[]()#+-.!<>~|".split(""));

/** Parses the inline constructs of one block's text. */
export function parseInline(text: string): MarkdownInline[] {
  const out: MarkdownInline[] = [];
  let buffer = "";
  const pushText = (value: string) => {
    buffer += value;
  };
  const flushText = () => {
    if (buffer) out.push({ type: "text", value: buffer });
    buffer = "";
  };
  const pushNode = (node: MarkdownInline) => {
    flushText();
    out.push(node);
  };

  // Where a search for a closing marker already failed: a later search (starting further on) fails
  // too, so text full of unmatched "*" or "_" stays linear rather than quadratic.
  const failedFrom = new Map<string, number>();
  const closeOf = (marker: string, from: number) => {
    if (from >= (failedFrom.get(marker) ?? Infinity)) return -1;
    const close = findEmphasisClose(text, from, marker);
    if (close === -1) failedFrom.set(marker, from);
    return close;
  };

  let i = 0;
  while (i < text.length) {
    const ch = text[i];

    if (ch === "\\" && i + 1 < text.length && ESCAPABLE.has(text[i + 1])) {
      pushText(text[i + 1]);
      i += 2;
      continue;
    }

    if (ch === "\n") {
      // A soft line break inside a paragraph reads as a space.
      pushText(" ");
      i++;
      continue;
    }

    if (ch === "`") {
      const run = /^`+/.exec(text.slice(i))![0];
      const close = findClosingRun(text, i + run.length, run);
      if (close !== -1) {
        let value = text.slice(i + run.length, close).replace(/\n/g, " ");
        // One space on both sides is padding ("`` `x` ``"), not content.
        if (value.length > 2 && value.startsWith(" ") && value.endsWith(" ") && value.trim() !== "") value = value.slice(1, -1);
        pushNode({ type: "code", value });
        i = close + run.length;
        continue;
      }
      pushText(run);
      i += run.length;
      continue;
    }

    if ((ch === "*" || ch === "_") && text[i + 1] === ch) {
      const marker = ch + ch;
      const close = closeOf(marker, i + 2);
      if (close !== -1 && canOpen(text, i, 2) && !(ch === "_" && isWordChar(text[i - 1]))) {
        pushNode({ type: "strong", children: parseInline(text.slice(i + 2, close)) });
        i = close + 2;
        continue;
      }
      pushText(marker);
      i += 2;
      continue;
    }

    if (ch === "*" || ch === "_") {
      const close = closeOf(ch, i + 1);
      if (close !== -1 && canOpen(text, i, 1) && !(ch === "_" && isWordChar(text[i - 1]))) {
        pushNode({ type: "em", children: parseInline(text.slice(i + 1, close)) });
        i = close + 1;
        continue;
      }
      pushText(ch);
      i++;
      continue;
    }

    if (ch === "[") {
      const link = readLink(text, i);
      if (link) {
        const href = safeHref(link.url);
        if (href !== null) {
          pushNode({ type: "link", href, children: parseInline(link.label) });
        } else {
          // Not a safe address: the whole construct stays as the author wrote it.
          pushText(text.slice(i, link.end));
        }
        i = link.end;
        continue;
      }
    }

    pushText(ch);
    i++;
  }
  flushText();
  return out;
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

/** An opening marker must be followed by something other than white space. */
function canOpen(text: string, at: number, length: number): boolean {
  const next = text[at + length];
  return next !== undefined && !/\s/.test(next);
}

/** The index of a closing backtick run of exactly the same length, or -1. */
function findClosingRun(text: string, from: number, run: string): number {
  let i = from;
  while (i < text.length) {
    const at = text.indexOf(run, i);
    if (at === -1) return -1;
    const longer = text[at + run.length] === "`";
    if (!longer) return at;
    i = at + /^`+/.exec(text.slice(at))![0].length;
  }
  return -1;
}

/**
 * The closing emphasis marker: preceded by something other than white space, not inside inline
 * code, and (for "_") not inside a word; for a single marker not part of a double one.
 */
function findEmphasisClose(text: string, from: number, marker: string): number {
  let i = from;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "\\") {
      i += 2;
      continue;
    }
    if (ch === "`") {
      const run = /^`+/.exec(text.slice(i))![0];
      const close = findClosingRun(text, i + run.length, run);
      i = close === -1 ? i + run.length : close + run.length;
      continue;
    }
    if (text.startsWith(marker, i) && i > from && !/\s/.test(text[i - 1])) {
      const single = marker.length === 1;
      const doubled = single && (text[i + 1] === marker || text[i - 1] === marker);
      const intraword = marker[0] === "_" && isWordChar(text[i + marker.length]);
      if (!doubled && !intraword) return i;
      if (single && text[i + 1] === marker) {
        i += 2;
        continue;
      }
    }
    i++;
  }
  return -1;
}

/** The longest "[label](url)" looked for: bounds the work on text full of unmatched "[". */
const MAX_LINK_LENGTH = 2048;

/** "[label](url)" starting at `at`: brackets and parentheses may nest. */
function readLink(text: string, at: number): { label: string; url: string; end: number } | null {
  const limit = Math.min(text.length, at + MAX_LINK_LENGTH);
  let depth = 0;
  let i = at;
  for (; i < limit; i++) {
    const ch = text[i];
    if (ch === "\\") {
      i++;
      continue;
    }
    if (ch === "[") depth++;
    else if (ch === "]" && --depth === 0) break;
  }
  if (i >= limit || text[i + 1] !== "(") return null;
  const label = text.slice(at + 1, i);
  let parens = 0;
  let j = i + 2;
  for (; j < limit; j++) {
    const ch = text[j];
    if (ch === "(") parens++;
    else if (ch === ")") {
      if (parens === 0) break;
      parens--;
    }
  }
  if (j >= limit) return null;
  // An optional title ([x](url "title")) is dropped; anything else after the address means this is no link.
  const target = /^\s*(\S*)(?:\s+(?:"[^"]*"|'[^']*'))?\s*$/.exec(text.slice(i + 2, j));
  if (!target) return null;
  return { label, url: target[1], end: j + 1 };
}

/**
 * The address to link to, or null when it must not become a link: only http(s) addresses and
 * relative ones ("/courses/…", "./notes", "#part-2", "page?x=1") are allowed. Browsers drop tabs
 * and newlines from URLs and read "\" as "/", so those never pass; nor does "//host" (another site
 * without a scheme).
 */
export function safeHref(url: string): string | null {
  const href = url.trim().replace(/^<(.*)>$/, "$1");
  if (href === "" || /[\u0000-\u001f\u007f\\\s]/.test(href)) return null;
  if (/^https?:\/\/[^/?#]/i.test(href)) return href;
  if (href.startsWith("//")) return null;
  // A scheme is letters, digits, "+", "-", "." before the first ":"; relative URLs have none
  // before the first "/", "?" or "#".
  const beforePath = href.split(/[/?#]/, 1)[0];
  if (beforePath.includes(":")) return null;
  return href;
}

/** The plain text of inline nodes (for titles, summaries and tests). */
export function inlineText(nodes: MarkdownInline[]): string {
  return nodes.map((n) => (n.type === "text" || n.type === "code" ? n.value : inlineText(n.children))).join("");
}
