"use client";
import { Label } from "radix-ui";
import { useId, type ComponentProps, type ReactNode } from "react";

/** What a field hands its control: the id its label points at, and the ids of its hint and error. */
export interface FieldControl {
  id: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
}

/**
 * A label above any control (an input, a select, a textarea), with an optional hint and an inline
 * error beneath it. `children` renders the control with the ids it is given, so the label points at it
 * and a screen reader reads the hint and the error when it is focused.
 */
export function LabelledField({
  label,
  hint,
  error,
  className = "",
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  className?: string;
  children: (control: FieldControl) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`space-y-1.5 ${className}`}>
      <Label.Root htmlFor={id} className="block text-sm font-medium text-ink">
        {label}
      </Label.Root>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {hint && (
        <p id={hintId} className="text-xs text-muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** A labelled text input with an optional hint and an inline error (see LabelledField). */
export function TextField({
  label,
  hint,
  error,
  className,
  ...input
}: { label: ReactNode; hint?: ReactNode; error?: string | null } & ComponentProps<"input">) {
  return (
    <LabelledField label={label} hint={hint} error={error} className={className}>
      {(control) => (
        <input
          {...control}
          className={`block h-10 w-full rounded-md border bg-white px-3 text-base text-ink shadow-sm placeholder:text-slate-400 focus-visible:border-brand-600 sm:text-sm ${
            error ? "border-red-500" : "border-slate-300"
          }`}
          {...input}
        />
      )}
    </LabelledField>
  );
}

/** A "Show passwords" switch for the password fields of a form. */
export function ShowPasswords({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  const id = useId();
  return (
    <div className="flex items-center gap-2">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        className="size-4 rounded border-slate-300 accent-brand-600"
      />
      <label htmlFor={id} className="text-sm text-slate-700">
        Show passwords
      </label>
    </div>
  );
}
