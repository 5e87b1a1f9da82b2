import type { ReactNode } from "react";

/** Plain HTML/Unicode inline math; display formulas use KaTeX (app/_components/Tex.tsx). */
export function M({ children }: { children: ReactNode }) {
  return <span className="math whitespace-nowrap">{children}</span>;
}

export const pData = (
  <>
    p<sub>data</sub>
  </>
);
export const pZ = (
  <>
    p<sub>z</sub>
  </>
);
export const pG = (
  <>
    p<sub>g</sub>
  </>
);
