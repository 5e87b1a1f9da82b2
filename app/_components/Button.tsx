"use client";
import Link from "next/link";
import { type ComponentProps, useState } from "react";

type Variant = "primary" | "secondary" | "ghost" | "danger";
type Size = "sm" | "md";

const base =
  "inline-flex items-center justify-center gap-2 rounded-md font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-60 aria-disabled:cursor-not-allowed aria-disabled:opacity-60";
const variants: Record<Variant, string> = {
  primary: "bg-brand-600 text-white shadow-sm hover:bg-brand-700",
  secondary: "border border-line bg-white text-ink shadow-sm hover:bg-slate-50",
  ghost: "text-ink hover:bg-slate-100",
  danger: "bg-red-600 text-white shadow-sm hover:bg-red-700",
};
const sizes: Record<Size, string> = { sm: "h-8 px-3 text-sm", md: "h-10 px-4 text-sm" };

export function buttonClass(variant: Variant = "primary", size: Size = "md", extra = "") {
  return `${base} ${variants[variant]} ${sizes[size]} ${extra}`;
}

/**
 * A button that disables itself while it has the keyboard focus (Submit while submitting, Check
 * while checking) stays focusable, marked aria-disabled and ignoring presses, so the focus never
 * drops to the page; it is really disabled once the focus leaves.
 */
export function Button({
  variant = "primary",
  size = "md",
  className = "",
  type = "button",
  disabled,
  onClick,
  onFocus,
  onBlur,
  ...props
}: ComponentProps<"button"> & { variant?: Variant; size?: Size }) {
  const [focused, setFocused] = useState(false);
  const keptFocusable = !!disabled && focused;
  return (
    <button
      type={type}
      className={buttonClass(variant, size, className)}
      {...props}
      disabled={disabled && !focused}
      aria-disabled={keptFocusable || props["aria-disabled"]}
      onClick={keptFocusable ? (event) => event.preventDefault() : onClick}
      onFocus={(event) => {
        setFocused(true);
        onFocus?.(event);
      }}
      onBlur={(event) => {
        // Switching to another window blurs the button too, and the browser gives it the focus back on return.
        if (document.hasFocus()) setFocused(false);
        onBlur?.(event);
      }}
    />
  );
}

/** A link that looks like a button (navigation stays a link for assistive tech). */
export function ButtonLink({ variant = "primary", size = "md", className = "", ...props }: ComponentProps<typeof Link> & { variant?: Variant; size?: Size }) {
  return <Link className={buttonClass(variant, size, className)} {...props} />;
}
