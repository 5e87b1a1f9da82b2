import type { ComponentProps } from "react";

type Tone = "default" | "brand" | "amber";

const tones: Record<Tone, string> = {
  default: "border-line bg-white",
  brand: "border-brand-100 bg-brand-50",
  amber: "border-amber-200 bg-amber-50",
};

/** A bordered panel. Colour comes from `tone` (not className) so classes never conflict. */
export function Card({ className = "", tone = "default", ...props }: ComponentProps<"div"> & { tone?: Tone }) {
  return <div className={`rounded-xl border p-5 shadow-sm ${tones[tone]} ${className}`} {...props} />;
}
