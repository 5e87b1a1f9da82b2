// Components that typeset math import KaTeX's stylesheet (app/_components/Tex.tsx), which Node cannot
// load. Importing this module first makes every later `.css` import an empty module; the component
// itself must then be imported dynamically (`await import(...)`), after this hook is registered.
import { register } from "node:module";

const hooks = `export async function load(url, context, next) {
  if (new URL(url).pathname.endsWith(".css")) return { format: "module", source: "", shortCircuit: true };
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
