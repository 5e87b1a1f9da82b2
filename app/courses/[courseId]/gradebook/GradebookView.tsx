"use client";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useId, useState } from "react";
import { Alert } from "@/app/_components/Alert";
import { Badge } from "@/app/_components/assignment/AssignmentBits";
import { Button, ButtonLink } from "@/app/_components/Button";
import { EmptyState } from "@/app/_components/EmptyState";
import { QueryErrorPage } from "@/app/_components/ErrorState";
import { courseCrumbs, PageHeader } from "@/app/_components/PageHeader";
import { PersonEmail } from "@/app/_components/PersonEmail";
import { Loading, Spinner } from "@/app/_components/Spinner";
import { daysLateText, formatPoints, isReleased } from "@/app/_lib/assignments";
import { errorMessage } from "@/app/_lib/errors";
import { useNow } from "@/app/_lib/useNow";
import { api } from "@/app/_trpc/react";
import { formatZoned } from "@/lib/grading/time";
import type { AppRouter } from "@/server/api/root";

type Gradebook = inferRouterOutputs<AppRouter>["gradebook"]["get"];
type ItemCell = Gradebook["students"][number]["assignments"][string]["items"][number];
type ExportFormat = "generic" | "canvas" | "moodle";

const EXPORTS: { format: ExportFormat; label: string; description: string }[] = [
  { format: "generic", label: "CSV", description: "Every item and total, for spreadsheets" },
  { format: "canvas", label: "Canvas", description: "Canvas gradebook import" },
  { format: "moodle", label: "Moodle", description: "Moodle grade import" },
];

/** Staff: students × assignment items, with totals, late and excused marks, release and exports. */
export function GradebookView({ courseId }: { courseId: string }) {
  const id = useId();
  const [section, setSection] = useState<string>("");
  const gradebook = api.gradebook.get.useQuery({ courseId, section: section || null }, { placeholderData: (previous) => previous });
  const course = api.course.get.useQuery({ courseId });
  const utils = api.useUtils();
  const now = useNow();
  const base = `/courses/${courseId}`;
  const crumbs = courseCrumbs(courseId, course.data?.title);

  const release = api.assignment.setReleased.useMutation({
    onSuccess: () =>
      Promise.all([utils.gradebook.get.invalidate({ courseId }), utils.assignment.list.invalidate({ courseId }), utils.assignment.get.invalidate()]),
  });
  const [exporting, setExporting] = useState<ExportFormat | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const [exported, setExported] = useState("");
  const download = async (format: ExportFormat) => {
    setExporting(format);
    setExportError(null);
    setExported("");
    try {
      const { filename, csv } = await utils.gradebook.csv.fetch({ courseId, format }, { staleTime: 0 });
      const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = filename;
      link.style.display = "none";
      document.body.appendChild(link);
      link.click();
      link.remove();
      // Some browsers read the blob after click() returns.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setExported(`Downloaded ${filename}.`);
    } catch (error) {
      setExportError(errorMessage(error));
    } finally {
      setExporting(null);
    }
  };

  if (gradebook.isPending) return <Loading label="Loading the gradebook…" />;
  if (gradebook.error && !gradebook.data) {
    return (
      <QueryErrorPage
        title="Gradebook"
        crumbs={crumbs}
        error={gradebook.error}
        retry={() => gradebook.refetch()}
        backHref={base}
        backLabel="Back to the course"
      />
    );
  }

  const g = gradebook.data!;
  const tz = g.timeZone;
  const courseTotal = (student: Gradebook["students"][number]) => {
    let earned = 0;
    let possible = 0;
    for (const a of g.assignments) {
      const cell = student.assignments[a.id];
      if (!cell) continue;
      earned += cell.total;
      possible += cell.pointsPossible;
    }
    return { earned, possible };
  };

  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title="Gradebook"
        description={
          <p>
            Points now for every student and item; students see them as provisional until an assignment&apos;s grades are released. Select a student for their
            full record and to override a grade.
          </p>
        }
        actions={
          <ButtonLink href={`${base}/assignments`} variant="secondary">
            Assignments
          </ButtonLink>
        }
      />

      <div className="mb-4 flex flex-wrap items-end justify-between gap-4">
        <div>
          <label htmlFor={`${id}-section`} className="block text-sm font-medium">
            Section
          </label>
          <div className="mt-1.5 flex items-center gap-2">
            <select
              id={`${id}-section`}
              className="block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
              value={section}
              onChange={(e) => setSection(e.target.value)}
              data-testid="gradebook-section"
            >
              <option value="">All sections</option>
              {g.sections.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
            {gradebook.isFetching && (
              <span className="flex items-center gap-2 text-sm text-muted" role="status">
                <Spinner className="size-4" /> Updating…
              </span>
            )}
          </div>
        </div>
        <div>
          <p className="text-sm font-medium" id={`${id}-export`}>
            Export all students
          </p>
          <div className="mt-1.5 flex flex-wrap gap-2" role="group" aria-labelledby={`${id}-export`}>
            {EXPORTS.map((e) => (
              <Button
                key={e.format}
                variant="secondary"
                size="sm"
                onClick={() => download(e.format)}
                disabled={exporting !== null}
                title={e.description}
                data-testid={`export-${e.format}`}
              >
                {exporting === e.format ? "Preparing…" : e.label}
                <span className="sr-only"> — {e.description}</span>
              </Button>
            ))}
          </div>
        </div>
      </div>
      <div aria-live="polite" className="mb-3 text-sm">
        {exportError && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-800">
            The export failed: {exportError}
          </p>
        )}
        {exported && <p className="text-emerald-800">{exported}</p>}
      </div>
      {gradebook.error && <Alert className="mb-3">The gradebook could not be refreshed: {errorMessage(gradebook.error)}</Alert>}
      {release.error && <Alert className="mb-3">Grades could not be released: {errorMessage(release.error)}</Alert>}

      {g.assignments.length === 0 ? (
        <EmptyState
          title="No assignments yet"
          action={
            <ButtonLink href={`${base}/assignments`} variant="secondary">
              Go to the assignments
            </ButtonLink>
          }
        >
          The gradebook has a column for each assignment item once the course has assignments.
        </EmptyState>
      ) : g.students.length === 0 ? (
        <EmptyState title={section ? `No students in section ${section}` : "No students yet"}>
          {section ? "Choose another section, or all sections." : "Students appear here once they join the course."}
        </EmptyState>
      ) : (
        <div className="relative overflow-x-auto rounded-xl border border-line bg-white shadow-sm">
          <table className="min-w-full border-separate border-spacing-0 text-sm" data-testid="gradebook-table">
            <caption className="sr-only">
              Points of each student for each assignment item, assignment totals and the course total{section ? `, section ${section}` : ""}
            </caption>
            <thead className="bg-canvas text-left text-xs text-muted">
              <tr>
                <th
                  scope="col"
                  rowSpan={2}
                  className="sticky left-0 z-20 min-w-36 sm:min-w-52 border-r border-b border-line bg-canvas px-4 py-3 tracking-wide uppercase"
                >
                  Student
                </th>
                {g.assignments.map((a) => {
                  const released = isReleased(a.gradesReleasedAt, now);
                  return (
                    <th key={a.id} scope="colgroup" colSpan={a.items.length + 1} className="border-r border-b border-line px-3 py-2 align-top">
                      <Link href={`${base}/assignments/${a.id}`} className="text-sm font-semibold text-ink hover:underline">
                        {a.title}
                      </Link>
                      <span className="block font-normal">Due {formatZoned(a.dueAt, tz)}</span>
                      <span className="mt-1.5 flex items-center gap-2 font-normal">
                        {released ? <Badge className="border-emerald-200 bg-emerald-50 text-emerald-800">Released</Badge> : <Badge>Not released</Badge>}
                        <Button
                          size="sm"
                          variant="ghost"
                          className="h-7 px-2 text-xs"
                          disabled={release.isPending}
                          onClick={() => release.mutate({ assignmentId: a.id, released: !released })}
                          data-testid={`release-${a.id}`}
                        >
                          {released ? "Unrelease" : "Release"}
                          <span className="sr-only"> the grades of {a.title}</span>
                        </Button>
                      </span>
                    </th>
                  );
                })}
                <th scope="col" rowSpan={2} className="border-b border-line px-4 py-3 text-right tracking-wide uppercase">
                  Course total
                </th>
              </tr>
              <tr>
                {g.assignments.flatMap((a) => [
                  ...a.items.map((item) => (
                    <th key={item.id} scope="col" className="max-w-40 border-b border-line px-3 py-2 text-right align-bottom font-medium">
                      <span className="line-clamp-2" title={item.title}>
                        {item.title}
                      </span>
                      <span className="block font-normal">/ {formatPoints(item.points)}</span>
                    </th>
                  )),
                  <th key={`${a.id}-total`} scope="col" className="border-r border-b border-line bg-slate-100 px-3 py-2 text-right align-bottom font-semibold">
                    Total
                    <span className="block font-normal">/ {formatPoints(a.pointsPossible)}</span>
                  </th>,
                ])}
              </tr>
            </thead>
            <tbody>
              {g.students.map((s) => {
                const total = courseTotal(s);
                return (
                  <tr key={s.userId} className="group" data-testid="gradebook-row">
                    <th
                      scope="row"
                      className="sticky left-0 z-10 border-r border-b border-line bg-white px-4 py-2.5 text-left font-medium group-hover:bg-slate-50"
                    >
                      <Link href={`${base}/gradebook/${s.userId}`} className="text-brand-700 hover:underline">
                        {s.name}
                      </Link>
                      <PersonEmail email={s.email} />
                      {s.section && <span className="block text-xs font-normal text-muted">Section {s.section}</span>}
                    </th>
                    {g.assignments.flatMap((a) => {
                      const cell = s.assignments[a.id];
                      return [
                        ...a.items.map((item) => <GradeCell key={item.id} cell={cell?.items.find((x) => x.itemId === item.id)} />),
                        <td
                          key={`${a.id}-total`}
                          className="border-r border-b border-line bg-slate-50 px-3 py-2.5 text-right font-semibold whitespace-nowrap tabular-nums group-hover:bg-slate-100"
                        >
                          {cell ? formatPoints(cell.total) : "—"}
                          {cell?.extendedTo && (
                            <span className="block text-xs font-normal text-brand-700" title={`Extended to ${formatZoned(cell.extendedTo, tz)}`}>
                              ext.<span className="sr-only"> (extension to {formatZoned(cell.extendedTo, tz)})</span>
                            </span>
                          )}
                        </td>,
                      ];
                    })}
                    <td
                      className="border-b border-line px-4 py-2.5 text-right whitespace-nowrap tabular-nums group-hover:bg-slate-50"
                      data-testid="course-total"
                    >
                      <span className="font-semibold">{formatPoints(total.earned)}</span> / {formatPoints(total.possible)}
                      {total.possible > 0 && <span className="block text-xs text-muted">{formatPoints((100 * total.earned) / total.possible)} %</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p className="mt-3 text-xs text-muted">
        <span className="font-semibold">EX</span> excused · <span className="font-semibold">✎</span> set by hand (override) ·{" "}
        <span className="font-semibold">late 2d</span> the counted submission was 2 days late · <span className="font-semibold">ext.</span> the student has an
        extension · — nothing counted yet
      </p>
    </>
  );
}

function GradeCell({ cell }: { cell: ItemCell | undefined }) {
  if (!cell) return <td className="border-b border-line px-3 py-2.5 text-right text-muted group-hover:bg-slate-50">—</td>;
  const overridden = cell.override !== null;
  const title = overridden
    ? `Set by hand${cell.computed !== null ? ` (computed: ${formatPoints(cell.computed)})` : " (nothing computed)"} — ${cell.override!.reason}`
    : undefined;
  return (
    <td
      className={`border-b border-line px-3 py-2.5 text-right whitespace-nowrap tabular-nums group-hover:bg-slate-50 ${overridden ? "bg-amber-50/50" : ""}`}
      title={title}
    >
      {cell.excused ? (
        <span className="font-semibold text-sky-800" title="Excused">
          EX<span className="sr-only"> (excused)</span>
        </span>
      ) : cell.earned === null ? (
        <span className="text-muted">
          —<span className="sr-only">nothing counted yet</span>
        </span>
      ) : (
        formatPoints(cell.earned)
      )}
      {overridden && (
        <span className="ml-1 text-amber-800" aria-hidden="true">
          ✎
        </span>
      )}
      {overridden && <span className="sr-only"> (set by hand)</span>}
      {cell.late && !cell.excused && (
        <span className="mt-0.5 block">
          <span
            className="rounded bg-amber-100 px-1 py-px text-[0.7rem] font-medium text-amber-900"
            title={`Counted submission ${daysLateText(cell.daysLate)}`}
          >
            late {cell.daysLate}d<span className="sr-only"> ({daysLateText(cell.daysLate)})</span>
          </span>
        </span>
      )}
    </td>
  );
}
