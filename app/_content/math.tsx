import type { ReactNode } from "react";

/**
 * Plain HTML/Unicode math until KaTeX arrives. `label` is the spoken form for screen readers,
 * because the visual layout (sub/superscripts) reads badly aloud.
 */
export function MathBlock({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="math-block" role="math" aria-label={label}>
      {children}
    </div>
  );
}

/** Inline math set in the math font. */
export function M({ children }: { children: ReactNode }) {
  return <span className="math whitespace-nowrap">{children}</span>;
}

/** Expectation with its subscript, e.g. 𝔼_{x∼p_data}. */
export function E({ sub }: { sub: ReactNode }) {
  return (
    <>
      𝔼<sub className="not-italic">{sub}</sub>
    </>
  );
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
