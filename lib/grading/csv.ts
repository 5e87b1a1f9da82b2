/**
 * CSV (RFC 4180) reading and writing, and the gradebook exports: GenLab's own layout, Canvas's
 * gradebook import and Moodle's "Import grades → CSV file".
 */
import { roundToCents } from "./round";
import { sumPoints } from "./grade";

export type CsvCell = string | number | null;

export interface GradebookExport {
  course: { title: string; term: string | null };
  assignments: {
    id: string;
    title: string;
    pointsPossible: number;
    items: { key: string; title: string; points: number }[];
  }[];
  students: {
    userId: string;
    name: string;
    email: string;
    section: string | null;
    /** By assignment id. */
    assignments: Record<
      string,
      {
        total: number | null;
        /** By item key. */
        items: Record<string, { earned: number | null; late: boolean; excused: boolean }>;
      }
    >;
  }[];
}

export type ExportFormat = "generic" | "canvas" | "moodle";

// Spreadsheets run a cell starting with these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;
// Semicolons and tabs too: a spreadsheet set to split on them (German or French Excel) would
// otherwise start a new cell — and maybe a formula — in the middle of a name.
const NEEDS_QUOTES = /[",;\t\r\n]/;
const plainNumber = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2, useGrouping: false });

function csvField(cell: CsvCell): string {
  if (cell === null) return "";
  // Numbers are written as numbers (never guarded): −5 must stay a number, not become "'-5".
  if (typeof cell === "number") return Number.isFinite(cell) ? plainNumber.format(roundToCents(cell)) : "";
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * RFC 4180 text: CRLF after every row, fields with a comma, semicolon, tab, quote, CR or LF quoted (quotes
 * doubled), null empty, numbers plain with at most two decimals; text that a spreadsheet would run
 * as a formula gets a leading apostrophe. A non-finite number is written empty.
 */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => row.map(csvField).join(",") + "\r\n").join("");
}

/**
 * The rows of CSV text, cells as written (quotes removed, doubled quotes undone, nothing trimmed).
 * Lenient about what spreadsheets save: a byte-order mark, CRLF, LF or CR line ends, no line end
 * after the last row; a quote left open runs to the end of the text.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  // Whether the current row has begun: a line end right after another one is an empty row, the one at the very end is not.
  let started = false;
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c !== '"') cell += c;
      else if (body[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
      continue;
    }
    started = true;
    if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" || c === "\n") {
      if (c === "\r" && body[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      started = false;
    } else cell += c;
  }
  if (started || quoted) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

type Student = GradebookExport["students"][number];
type Assignment = GradebookExport["assignments"][number];

/** An assignment is excused for a student when every one of its items is. */
function assignmentExcused(student: Student, assignment: Assignment): boolean {
  const items = student.assignments[assignment.id]?.items;
  return assignment.items.length > 0 && assignment.items.every((item) => items?.[item.key]?.excused === true);
}

/**
 * GenLab's own layout, one row per student: Name, Email, Section; per assignment, one column per
 * item ("Assignment: Item (points)", EX when excused, empty when missing; late items keep their
 * penalised points), its total, and "Assignment late items" naming the late items ("; " between);
 * then Total, the sum of the assignment totals.
 */
export function genericCsv(data: GradebookExport): string {
  const header: CsvCell[] = ["Name", "Email", "Section"];
  for (const a of data.assignments) {
    for (const item of a.items) header.push(`${a.title}: ${item.title} (${plainNumber.format(item.points)})`);
    header.push(`${a.title} total (${plainNumber.format(a.pointsPossible)})`, `${a.title} late items`);
  }
  header.push("Total");
  const rows = data.students.map((student) => {
    const row: CsvCell[] = [student.name, student.email, student.section];
    const totals: (number | null)[] = [];
    for (const a of data.assignments) {
      const grades = student.assignments[a.id];
      for (const item of a.items) {
        const grade = grades?.items[item.key];
        row.push(grade?.excused ? "EX" : (grade?.earned ?? null));
      }
      const lateTitles = a.items
        .filter((item) => {
          const grade = grades?.items[item.key];
          return grade !== undefined && grade.late && !grade.excused;
        })
        .map((item) => item.title);
      totals.push(grades?.total ?? null);
      row.push(grades?.total ?? null, lateTitles.length > 0 ? lateTitles.join("; ") : null);
    }
    row.push(sumPoints(totals));
    return row;
  });
  return toCsv([header, ...rows]);
}

/**
 * Canvas's gradebook import (Grades → Import; Instructure's guide "How do I import grades in the
 * Gradebook?", and canvas-lms app/models/gradebook_importer.rb, which checks this header: Student,
 * ID, then SIS User ID and SIS Login ID, then Section). A row whose first cell is "Points Possible"
 * gives each assignment's points. GenLab has no Canvas ids: ID and SIS User ID stay empty and the
 * email goes in SIS Login ID, which Canvas matches against its users' login ids (usually their
 * email); failing that, Canvas matches the Student name. Canvas exports that name as "Last,
 * First"; GenLab has one name field and writes it as given. Excused assignments are "EX".
 */
export function canvasCsv(data: GradebookExport): string {
  const header: CsvCell[] = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", ...data.assignments.map((a) => a.title)];
  const pointsPossible: CsvCell[] = ["Points Possible", null, null, null, null, ...data.assignments.map((a) => a.pointsPossible)];
  const rows = data.students.map((student): CsvCell[] => [
    student.name,
    null,
    null,
    student.email,
    student.section,
    ...data.assignments.map((a) => (assignmentExcused(student, a) ? "EX" : (student.assignments[a.id]?.total ?? null))),
  ]);
  return toCsv([header, pointsPossible, ...rows]);
}

/** "Ada Lovelace" → ["Ada", "Lovelace"]; a one-word name is all first name. */
function splitName(name: string): [string, string] {
  const trimmed = name.trim();
  const space = trimmed.lastIndexOf(" ");
  return space === -1 ? [trimmed, ""] : [trimmed.slice(0, space).trimEnd(), trimmed.slice(space + 1)];
}

/**
 * Moodle's "Import grades → CSV file" (docs.moodle.org "Grade import"; grade/import/csv in
 * Moodle's source). The teacher maps the "Email address" column to the user field "Email address"
 * (Map from / Map to) and each assignment column to a grade item or a new one. Moodle has no
 * excused marker: an excused assignment's cell is empty, which Moodle reads as "no grade" (as it
 * does "-"). Every row's email must belong to a Moodle user, or Moodle refuses the whole file.
 */
export function moodleCsv(data: GradebookExport): string {
  const header: CsvCell[] = ["First name", "Last name", "Email address", ...data.assignments.map((a) => a.title)];
  const rows = data.students.map((student): CsvCell[] => [
    ...splitName(student.name),
    student.email,
    ...data.assignments.map((a) => (assignmentExcused(student, a) ? null : (student.assignments[a.id]?.total ?? null))),
  ]);
  return toCsv([header, ...rows]);
}

/**
 * "generative-ai-canvas-grades-2026-12-06.csv" (the generic export leaves its format out): ASCII
 * only, accents dropped, at most 60 characters of title; the date is the UTC calendar date.
 */
export function exportFilename(courseTitle: string, format: ExportFormat, date: Date): string {
  const slug =
    courseTitle
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .slice(0, 60)
      .replace(/^-+|-+$/g, "") || "course";
  const day = date.toISOString().slice(0, 10);
  return format === "generic" ? `${slug}-grades-${day}.csv` : `${slug}-${format}-grades-${day}.csv`;
}
