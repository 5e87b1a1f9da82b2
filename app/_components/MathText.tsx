import { Fragment } from "react";
import { Tex } from "@/app/_components/Tex";
import { splitInlineMath } from "@/app/_lib/inline-math";

/**
 * A plain-text string whose `$…$` parts are TeX (quiz questions, choices, explanations, polls):
 * the math typeset with KaTeX (Tex), the rest as text. Text without math renders unchanged.
 */
export function MathText({ text }: { text: string }) {
  if (!text.includes("$")) return <>{text}</>;
  return (
    <>
      {splitInlineMath(text).map((segment, i) =>
        segment.kind === "text" ? (
          <Fragment key={i}>{segment.text}</Fragment>
        ) : (
          <Tex key={i}>{segment.display ? `\\displaystyle ${segment.tex}` : segment.tex}</Tex>
        ),
      )}
    </>
  );
}
