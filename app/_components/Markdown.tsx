import { Fragment, type ReactNode, useMemo } from "react";
import { type MarkdownBlock, type MarkdownInline, parseMarkdown } from "@/lib/markdown";

/**
 * Renders the safe Markdown subset of lib/markdown.ts with React elements only (no raw HTML, no
 * dangerouslySetInnerHTML). Headings start one level below the page's: "#" becomes an h2 when
 * `headingBase` is 2 (the default, under the page's h1).
 */
export function Markdown({
  source,
  headingBase = 2,
  className = "",
  emptyText,
}: {
  source: string;
  headingBase?: 2 | 3 | 4;
  className?: string;
  emptyText?: ReactNode;
}) {
  const blocks = useMemo(() => parseMarkdown(source), [source]);
  if (blocks.length === 0) return emptyText ? <p className="text-muted italic">{emptyText}</p> : null;
  return <div className={`markdown-body space-y-3 text-slate-800 ${className}`}>{blocks.map((block, i) => renderBlock(block, i, headingBase))}</div>;
}

const HEADING_CLASSES = [
  "mt-5 text-xl font-semibold text-ink first:mt-0",
  "mt-4 text-lg font-semibold text-ink first:mt-0",
  "mt-3 font-semibold text-ink first:mt-0",
];

function renderBlock(block: MarkdownBlock, key: number, headingBase: number): ReactNode {
  switch (block.type) {
    case "heading": {
      const level = Math.min(6, headingBase + block.level - 1);
      const Tag = `h${level}` as "h2" | "h3" | "h4" | "h5" | "h6";
      return (
        <Tag key={key} className={HEADING_CLASSES[block.level - 1]}>
          {renderInlines(block.children, false)}
        </Tag>
      );
    }
    case "paragraph":
      return (
        <p key={key} className="leading-7">
          {renderInlines(block.children, false)}
        </p>
      );
    case "list": {
      const items = block.items.map((item, i) => (
        <li key={i} className="leading-7">
          {renderInlines(item, false)}
        </li>
      ));
      return block.ordered ? (
        <ol key={key} start={block.start === 1 ? undefined : block.start} className="list-decimal space-y-1 pl-6">
          {items}
        </ol>
      ) : (
        <ul key={key} className="list-disc space-y-1 pl-6">
          {items}
        </ul>
      );
    }
    case "code":
      return (
        // A focusable region, so a keyboard can scroll long lines into view.
        <div
          key={key}
          role="region"
          tabIndex={0}
          aria-label={block.lang ? `Code (${block.lang})` : "Code"}
          className="relative overflow-x-auto rounded-md border border-line bg-code"
        >
          <pre className="px-4 py-3 text-sm leading-6 text-code-ink">
            <code>{block.value}</code>
          </pre>
        </div>
      );
  }
}

/** `inLink`: links inside a link's text render as their text (an <a> may not hold another). */
function renderInlines(nodes: MarkdownInline[], inLink: boolean): ReactNode {
  return nodes.map((node, i) => {
    switch (node.type) {
      case "text":
        return <Fragment key={i}>{node.value}</Fragment>;
      case "strong":
        return (
          <strong key={i} className="font-semibold text-ink">
            {renderInlines(node.children, inLink)}
          </strong>
        );
      case "em":
        return <em key={i}>{renderInlines(node.children, inLink)}</em>;
      case "code":
        return (
          <code key={i} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.9em] text-ink">
            {node.value}
          </code>
        );
      case "link": {
        if (inLink) return <Fragment key={i}>{renderInlines(node.children, true)}</Fragment>;
        const external = /^https?:/i.test(node.href);
        return (
          <a
            key={i}
            href={node.href}
            rel="noopener noreferrer"
            target={external ? "_blank" : undefined}
            className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800"
          >
            {renderInlines(node.children, true)}
            {external && <span className="sr-only"> (opens in a new tab)</span>}
          </a>
        );
      }
    }
  });
}
