import katex from "katex";
import "katex/dist/katex.min.css";

/**
 * TeX rendered with KaTeX into HTML plus MathML (screen readers read the MathML). Rendering is
 * synchronous and pure, so it works on the server and in the browser alike.
 */
export function Tex({ children, display = false }: { children: string; display?: boolean }) {
  const html = katex.renderToString(children, { displayMode: display, throwOnError: false, output: "htmlAndMathml", strict: "ignore" });
  return display ? (
    <div className="relative my-5 overflow-x-auto rounded-lg border border-line bg-white px-4 py-3" dangerouslySetInnerHTML={{ __html: html }} />
  ) : (
    <span dangerouslySetInnerHTML={{ __html: html }} />
  );
}
