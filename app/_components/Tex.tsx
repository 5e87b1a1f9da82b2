import katex from "katex";
import "katex/dist/katex.min.css";

/**
 * TeX rendered with KaTeX into HTML plus MathML (screen readers read the MathML). Rendering is
 * synchronous and pure, so it works on the server and in the browser alike.
 * A display equation sits in a box that scrolls sideways where it is wider than the screen: the box
 * takes keyboard focus (so the arrow keys scroll it) and is a group named "Equation".
 */
/** Typeset TeX by source: the module pages render the same equations for every reader (on the server). */
const typeset = new Map<string, string>();
/** Past this many entries the cache starts afresh (polls add TeX an instructor types). */
const TYPESET_CACHE_ENTRIES = 5_000;

function renderTex(tex: string, display: boolean): string {
  const key = `${display ? "D" : "I"}${tex}`;
  let html = typeset.get(key);
  if (html === undefined) {
    // maxSize/maxExpand: TeX an instructor types (a poll) cannot draw a box over the page or expand macros without end.
    html = katex.renderToString(tex, { displayMode: display, throwOnError: false, output: "htmlAndMathml", strict: "ignore", maxSize: 10, maxExpand: 200 });
    if (typeset.size >= TYPESET_CACHE_ENTRIES) typeset.clear();
    typeset.set(key, html);
  }
  return html;
}

export function Tex({ children, display = false }: { children: string; display?: boolean }) {
  const html = renderTex(children, display);
  return display ? (
    <div
      role="group"
      aria-label="Equation"
      tabIndex={0}
      className="relative my-5 overflow-x-auto rounded-lg border border-line bg-white px-4 py-3"
      dangerouslySetInnerHTML={{ __html: html }}
    />
  ) : (
    <span dangerouslySetInnerHTML={{ __html: html }} />
  );
}
