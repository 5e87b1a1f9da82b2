import type { ComponentProps, ReactNode } from "react";

/** A column of a DataTable: its heading, right-aligned over numbers, or read by screen readers only (over buttons). */
export interface Column {
  label: string;
  numeric?: boolean;
  hidden?: boolean;
}

/**
 * The tables of the assignment and grade pages: a caption for screen readers, a row of column
 * headings, `children` as rows divided by lines and an optional `footer` (a <tfoot>); it scrolls
 * sideways where the page is narrow.
 * `inCard` is for a table inside a Card, which already draws the frame: it is left out and the headings are lower.
 */
export function DataTable({
  caption,
  columns,
  footer,
  inCard = false,
  children,
  ...table
}: { caption: ReactNode; columns: Column[]; footer?: ReactNode; inCard?: boolean } & ComponentProps<"table">) {
  return (
    // Positioned, so the sr-only caption and headings stay inside the scrolling box instead of widening the page.
    <div className={inCard ? "relative overflow-x-auto" : "relative overflow-x-auto rounded-xl border border-line bg-white shadow-sm"}>
      <table className="min-w-full text-sm" {...table}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-canvas text-left text-xs tracking-wide text-muted uppercase">
          <tr>
            {columns.map((column) => (
              <th key={column.label} scope="col" className={`px-4 ${inCard ? "py-2" : "py-3"}${column.numeric ? " text-right" : ""}`}>
                {column.hidden ? <span className="sr-only">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-line">{children}</tbody>
        {footer}
      </table>
    </div>
  );
}
