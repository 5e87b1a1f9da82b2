// lib/grading/csv.ts: RFC 4180 quoting, formula-injection guard, and each export format written
// out literally. Formats followed:
// - Canvas: Instructure's guide "How do I import grades in the Gradebook?"
//   (https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807)
//   and the importer it describes, canvas-lms app/models/gradebook_importer.rb: header "Student, ID,
//   SIS User ID, SIS Login ID, Section" then assignments; a "Points Possible" row; "EX" = excused.
// - Moodle: docs.moodle.org "Grade import" (https://docs.moodle.org/311/en/Grade_import: map from
//   "Email address" to the user's email) and grade/import/csv/classes/load_data.php ("" or "-" = no grade).
import { test } from "node:test";
import assert from "node:assert/strict";
import { canvasCsv, exportFilename, genericCsv, moodleCsv, parseCsv, toCsv, type GradebookExport } from "@/lib/grading/csv";

const DATA: GradebookExport = {
  course: { title: "Generative AI", term: "Fall 2026" },
  assignments: [
    {
      id: "a1",
      title: "Week 1",
      pointsPossible: 20,
      items: [
        { key: "ring", title: "GAN ring", points: 10 },
        { key: "quiz", title: "Quiz", points: 10 },
      ],
    },
    { id: "a2", title: "Digits, part 2", pointsPossible: 15, items: [{ key: "gan", title: "GAN digits", points: 15 }] },
  ],
  students: [
    {
      userId: "u1",
      name: "Ada Lovelace",
      email: "ada@example.org",
      section: "A",
      assignments: {
        a1: { total: 17.5, items: { ring: { earned: 9.5, late: true, excused: false }, quiz: { earned: 8, late: false, excused: false } } },
        a2: { total: 12.25, items: { gan: { earned: 12.25, late: false, excused: false } } },
      },
    },
    {
      userId: "u2",
      name: 'Grace "Amazing" Hopper',
      email: "grace@example.org",
      section: null,
      assignments: {
        a1: { total: 10, items: { ring: { earned: 10, late: false, excused: false }, quiz: { earned: null, late: false, excused: true } } },
        a2: { total: null, items: { gan: { earned: null, late: true, excused: true } } },
      },
    },
    { userId: "u3", name: "Plato", email: "plato@example.org", section: "-B", assignments: {} },
  ],
};

const lines = (...rows: string[]) => rows.map((row) => `${row}\r\n`).join("");

test("toCsv quotes fields with a comma, quote, CR or LF, doubles quotes, writes CRLF", () => {
  assert.equal(toCsv([["a,b", 'say "hi"', "line\nbreak", "cr\rx", null, "plain"]]), '"a,b","say ""hi""","line\nbreak","cr\rx",,plain\r\n');
  assert.equal(toCsv([["a"], ["b"]]), "a\r\nb\r\n");
  assert.equal(toCsv([]), "");
});

test("toCsv writes numbers plainly, to the cent", () => {
  assert.equal(
    toCsv([[3, 2.5, 1 / 3, 1.005, 1e-7, 1234567.891, -5, 0.1 + 0.2, -0, 1e21, Number.NaN, Number.POSITIVE_INFINITY]]),
    "3,2.5,0.33,1.01,0,1234567.89,-5,0.3,0,1000000000000000000000,,\r\n",
  );
});

test("toCsv guards text that a spreadsheet would run as a formula; numbers are never touched", () => {
  assert.equal(toCsv([["=SUM(A1:A2)", "+1", "-1", "@cmd", "\tx", "\rx", "a=b", "-", -1]]), `'=SUM(A1:A2),'+1,'-1,'@cmd,"'\tx","'\rx",a=b,'-,-1\r\n`);
  assert.equal(toCsv([['=HYPERLINK("http://x","y")']]), `"'=HYPERLINK(""http://x"",""y"")"\r\n`);
});

test("generic export: item columns, totals, late items, EX for excused, Total", () => {
  assert.equal(
    genericCsv(DATA),
    lines(
      'Name,Email,Section,Week 1: GAN ring (10),Week 1: Quiz (10),Week 1 total (20),Week 1 late items,"Digits, part 2: GAN digits (15)","Digits, part 2 total (15)","Digits, part 2 late items",Total',
      "Ada Lovelace,ada@example.org,A,9.5,8,17.5,GAN ring,12.25,12.25,,29.75",
      '"Grace ""Amazing"" Hopper",grace@example.org,,10,EX,10,,EX,,,10',
      "Plato,plato@example.org,'-B,,,,,,,,0",
    ),
  );
});

test("Canvas export: the documented header, the Points Possible row, email as SIS Login ID, EX", () => {
  assert.equal(
    canvasCsv(DATA),
    lines(
      'Student,ID,SIS User ID,SIS Login ID,Section,Week 1,"Digits, part 2"',
      "Points Possible,,,,,20,15",
      "Ada Lovelace,,,ada@example.org,A,17.5,12.25",
      '"Grace ""Amazing"" Hopper",,,grace@example.org,,10,EX',
      "Plato,,,plato@example.org,'-B,,",
    ),
  );
});

test("Moodle export: First name / Last name split at the last space, Email address, totals; excused is empty", () => {
  assert.equal(
    moodleCsv(DATA),
    lines(
      'First name,Last name,Email address,Week 1,"Digits, part 2"',
      "Ada,Lovelace,ada@example.org,17.5,12.25",
      '"Grace ""Amazing""",Hopper,grace@example.org,10,',
      "Plato,,plato@example.org,,",
    ),
  );
});

test("parseCsv reads quoted fields, doubled quotes, any line end, a byte-order mark", () => {
  assert.deepEqual(parseCsv('email,name\r\n"ada@example.org","Lovelace, Ada"\r\n'), [
    ["email", "name"],
    ["ada@example.org", "Lovelace, Ada"],
  ]);
  assert.deepEqual(parseCsv('\uFEFFa,"say ""hi""",\nb,"two\nlines",x\rc'), [["a", 'say "hi"', ""], ["b", "two\nlines", "x"], ["c"]]);
  assert.deepEqual(parseCsv("a\n\nb\n"), [["a"], [""], ["b"]]);
  assert.deepEqual(parseCsv('"open,quote\nto the end'), [["open,quote\nto the end"]]);
  assert.deepEqual(parseCsv('""'), [[""]]);
  assert.deepEqual(parseCsv(""), []);
  const rows = [["a,b", 'say "hi"', "line\r\nbreak", "", "plain"], ["x"]];
  assert.deepEqual(parseCsv(toCsv(rows)), rows, "toCsv round-trips");
});

test("exportFilename: an ASCII slug, the format and the UTC date", () => {
  const day = new Date("2026-12-06T10:00:00Z");
  assert.equal(exportFilename("Generative AI", "canvas", day), "generative-ai-canvas-grades-2026-12-06.csv");
  assert.equal(exportFilename("Generative AI", "moodle", day), "generative-ai-moodle-grades-2026-12-06.csv");
  assert.equal(exportFilename("Generative AI", "generic", day), "generative-ai-grades-2026-12-06.csv");
  assert.equal(exportFilename("Générative AI: Théorie & Pratique (2026)", "canvas", day), "generative-ai-theorie-pratique-2026-canvas-grades-2026-12-06.csv");
  assert.equal(exportFilename("生成AI", "generic", day), "ai-grades-2026-12-06.csv");
  assert.equal(exportFilename("日本語 / ../", "generic", day), "course-grades-2026-12-06.csv");
  const long = exportFilename("x".repeat(100), "canvas", day);
  assert.equal(long, `${"x".repeat(60)}-canvas-grades-2026-12-06.csv`);
});

test("toCsv quotes cells with a semicolon or a tab, so a spreadsheet splitting on them keeps one cell (and no formula)", () => {
  assert.equal(toCsv([["x;=cmd|' /C calc'!A0", "a\tb", "plain"]]), '"x;=cmd|\' /C calc\'!A0","a\tb",plain\r\n');
});
