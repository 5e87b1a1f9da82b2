import katex from "katex";
import "katex/dist/katex.min.css";

/**
 * TeX rendered with KaTeX into HTML plus MathML (screen readers read the MathML). Rendering is
 * synchronous and pure, so it works on the server and in the browser alike.
 * A display equation sits in a box that scrolls sideways where it is wider than the screen: the box
 * takes keyboard focus (so the arrow keys scroll it) and is a group named "Equation".
 */
export function Tex({ children, display = false }: { children: string; display?: boolean }) {
  // maxSize/maxExpand: TeX an instructor types (a poll) cannot draw a box over the page or expand macros without end.
  const html = katex.renderToString(children, {
    displayMode: display,
    throwOnError: false,
    output: "htmlAndMathml",
    strict: "ignore",
    maxSize: 10,
    maxExpand: 200,
  });
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
