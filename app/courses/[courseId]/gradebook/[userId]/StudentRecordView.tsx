"use client";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useId, useRef, useState, type ReactNode } from "react";
import { Alert } from "@/app/_components/Alert";
import { Badge, LateBadge, ReleaseBadge, ZonedTime } from "@/app/_components/assignment/AssignmentBits";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { DataTable } from "@/app/_components/DataTable";
import { EmptyNote, EmptyState } from "@/app/_components/EmptyState";
import { QueryErrorPage } from "@/app/_components/ErrorState";
import { courseCrumbs, PageHeader } from "@/app/_components/PageHeader";
import { Loading } from "@/app/_components/Spinner";
import { formatPoints, pointsOf } from "@/app/_lib/assignments";
import { errorMessage } from "@/app/_lib/errors";
import { useExerciseCatalog } from "@/app/_lib/useExerciseCatalog";
import { api } from "@/app/_trpc/react";
import type { AppRouter } from "@/server/api/root";
import { formatMetric } from "@/lib/scoring/metric-text";

type StudentRecord = inferRouterOutputs<AppRouter>["gradebook"]["student"];
type RecordItem = StudentRecord["assignments"][number]["items"][number];
type Mode = "points" | "excused" | "clear";

/** Staff: one student's points per assignment and item, overrides, every submission, and the audit log. */
export function StudentRecordView({ courseId, userId }: { courseId: string; userId: string }) {
  const record = api.gradebook.student.useQuery({ courseId, userId });
  const course = api.course.get.useQuery({ courseId });
  const base = `/courses/${courseId}`;
  const crumbs = courseCrumbs(courseId, course.data?.title, { href: `${base}/gradebook`, label: "Gradebook" });
  const [selected, setSelected] = useState("");
  const formRef = useRef<HTMLElement>(null);
  const selectRef = useRef<HTMLSelectElement>(null);

  if (record.isPending) return <Loading label="Loading the student's record…" />;
  if (record.error) {
    return (
      <QueryErrorPage
        title="Student record"
        crumbs={crumbs}
        error={record.error}
        retry={() => record.refetch()}
        backHref={`${base}/gradebook`}
        backLabel="Back to the gradebook"
      />
    );
  }

  const r = record.data;
  const tz = r.timeZone;
  const itemTitles = new Map(r.assignments.flatMap((a) => a.items.map((i) => [i.itemId, `${a.title}: ${i.title}`] as const)));
  const overrideItem = (itemId: string) => {
    setSelected(itemId);
    formRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
    requestAnimationFrame(() => selectRef.current?.focus());
  };
  const earned = r.assignments.reduce((sum, a) => sum + a.total, 0);
  const possible = r.assignments.reduce((sum, a) => sum + a.pointsPossible, 0);

  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title={r.name}
        description={
          <p>
            {r.email}
            {r.section ? ` · Section ${r.section}` : ""} · {formatPoints(earned)} of {formatPoints(possible)} points in all. Times in {tz}.
          </p>
        }
      />

      <div className="grid items-start gap-6 xl:grid-cols-[1fr_22rem]">
        <section aria-labelledby="assignments-heading" className="min-w-0">
          <h2 id="assignments-heading" className="mb-3 text-xl font-semibold">
            Assignments
          </h2>
          {r.assignments.length === 0 ? (
            <EmptyState title="No assignments yet">This course has no assignments, so there is nothing to grade.</EmptyState>
          ) : (
            <ol className="space-y-4">
              {r.assignments.map((a) => (
                <li key={a.id}>
                  <Card className="p-0" data-testid="record-assignment">
                    <div className="flex flex-wrap items-start justify-between gap-3 border-b border-line px-5 py-4">
                      <div>
                        <h3 className="font-semibold">
                          <Link href={`${base}/assignments/${a.id}`} className="hover:underline">
                            {a.title}
                          </Link>
                        </h3>
                        <p className="mt-0.5 text-sm text-muted">
                          Due <ZonedTime date={a.dueAt} timeZone={tz} />
                          {a.extended && <span className="font-medium text-brand-700"> (extension)</span>}
                        </p>
                      </div>
                      <p className="flex items-center gap-2 text-lg font-semibold tabular-nums">
                        {pointsOf(a.total, a.pointsPossible)} <ReleaseBadge released={a.released} />
                      </p>
                    </div>
                    <DataTable
                      caption={`Items of ${a.title}`}
                      columns={[
                        { label: "Item" },
                        { label: "Computed", numeric: true },
                        { label: "Override" },
                        { label: "Counts", numeric: true },
                        { label: "Counted submission" },
                        { label: "Action", hidden: true },
                      ]}
                      inCard
                    >
                      {a.items.map((item) => (
                        <ItemRow key={item.itemId} item={item} tz={tz} onOverride={() => overrideItem(item.itemId)} />
                      ))}
                    </DataTable>
                  </Card>
                </li>
              ))}
            </ol>
          )}
        </section>

        <aside ref={formRef} className="xl:sticky xl:top-4">
          <OverrideForm record={r} courseId={courseId} selected={selected} setSelected={setSelected} selectRef={selectRef} />
        </aside>
      </div>

      <SubmissionHistory record={r} />
      <AuditLog record={r} itemTitles={itemTitles} />
    </>
  );
}

function ItemRow({ item, tz, onOverride }: { item: RecordItem; tz: string; onOverride: () => void }) {
  const counted = item.countedId ? item.attempts.find((x) => x.id === item.countedId) : undefined;
  return (
    <tr>
      <th scope="row" className="px-4 py-2.5 text-left align-top font-medium">
        {item.title}
        {item.attempts.length > 0 && (
          <details className="mt-1 text-xs font-normal text-slate-700">
            <summary className="cursor-pointer text-muted">
              {item.attempts.length} {item.attempts.length === 1 ? "submission" : "submissions"}
            </summary>
            <ul className="mt-1 space-y-0.5">
              {item.attempts.map((x) => (
                <li key={x.id}>
                  <ZonedTime date={x.at} timeZone={tz} />: {formatPoints(x.earned)} / {formatPoints(item.points)}
                  {x.counted && <strong> — counts</strong>}
                  {x.late && x.accepted && ` (late ${x.daysLate}d)`}
                  {x.reason && <span className="text-muted"> — {x.reason}</span>}
                </li>
              ))}
            </ul>
          </details>
        )}
      </th>
      <td className="px-4 py-2.5 text-right align-top tabular-nums">
        {item.computed === null ? <span className="text-muted">—</span> : formatPoints(item.computed)}
      </td>
      <td className="px-4 py-2.5 align-top">
        {item.override ? (
          <span className="block">
            {item.override.excused ? (
              <Badge className="border-sky-200 bg-sky-50 text-sky-900">Excused</Badge>
            ) : (
              <Badge className="border-amber-300 bg-amber-50 text-amber-900">{formatPoints(item.override.points ?? 0)} set by hand</Badge>
            )}
            <span className="mt-1 block text-xs text-muted">“{item.override.reason}”</span>
          </span>
        ) : (
          <span className="text-muted">None</span>
        )}
      </td>
      <td className="px-4 py-2.5 text-right align-top font-semibold whitespace-nowrap tabular-nums">
        {item.excused ? "EX" : pointsOf(item.earned, item.points)}
      </td>
      <td className="px-4 py-2.5 align-top">
        {counted ? (
          <span className="flex flex-wrap items-center gap-1.5">
            <ZonedTime date={counted.at} timeZone={tz} />
            {item.late && <LateBadge daysLate={item.daysLate} />}
          </span>
        ) : (
          <span className="text-muted">{item.attempts.length > 0 ? "None can count" : "Nothing submitted"}</span>
        )}
      </td>
      <td className="px-4 py-2.5 text-right align-top">
        <Button size="sm" variant="secondary" onClick={onOverride}>
          Override<span className="sr-only"> {item.title}</span>
        </Button>
      </td>
    </tr>
  );
}

function OverrideForm({
  record,
  courseId,
  selected,
  setSelected,
  selectRef,
}: {
  record: StudentRecord;
  courseId: string;
  selected: string;
  setSelected: (itemId: string) => void;
  selectRef: React.RefObject<HTMLSelectElement | null>;
}) {
  const id = useId();
  const utils = api.useUtils();
  const [mode, setMode] = useState<Mode>("points");
  const [points, setPoints] = useState("");
  const [reason, setReason] = useState("");
  const [tried, setTried] = useState(false);
  const [done, setDone] = useState("");
  const item = record.assignments.flatMap((a) => a.items).find((i) => i.itemId === selected);
  const save = api.gradebook.override.useMutation({
    onSuccess: async (_result, input) => {
      await Promise.all([utils.gradebook.student.invalidate({ courseId, userId: record.userId }), utils.gradebook.get.invalidate({ courseId })]);
      const title = record.assignments.flatMap((a) => a.items).find((i) => i.itemId === input.itemId)?.title ?? "the item";
      setDone(
        "clear" in input.change
          ? `Override of ${title} cleared.`
          : "excused" in input.change
            ? `${title}: excused.`
            : `${title}: set to ${formatPoints(input.change.points)} points.`,
      );
      setReason("");
      setPoints("");
      setTried(false);
    },
  });

  const value = Number(points.trim().replace(",", "."));
  const pointsProblem =
    mode !== "points" || !item
      ? null
      : points.trim() === "" || !Number.isFinite(value)
        ? "Write the points as a number."
        : value < 0 || value > item.points * 2
          ? `Between 0 and ${formatPoints(item.points * 2)} (twice the item's points, for bonus).`
          : null;
  const reasonProblem = reason.trim() === "" ? "Say why the grade changes: the reason is kept in the audit log." : null;
  const clearProblem = mode === "clear" && item && !item.override ? "This item has no override to clear." : null;
  const itemProblem = !item ? "Choose an item." : null;

  return (
    <Card>
      <h2 className="text-lg font-semibold" id={`${id}-heading`}>
        Override a grade
      </h2>
      <p className="mt-1 text-sm text-muted">
        Set points by hand, excuse an item (it then leaves the total), or go back to the computed points. Every change is logged.
      </p>
      <form
        className="mt-4 space-y-4"
        aria-labelledby={`${id}-heading`}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          setDone("");
          if (itemProblem || pointsProblem || reasonProblem || clearProblem || !item) return;
          const change = mode === "points" ? { points: value } : mode === "excused" ? { excused: true as const } : { clear: true as const };
          save.mutate({ itemId: item.itemId, userId: record.userId, change, reason: reason.trim() });
        }}
      >
        <div>
          <label htmlFor={`${id}-item`} className="block text-sm font-medium">
            Item
          </label>
          <select
            ref={selectRef}
            id={`${id}-item`}
            className="mt-1.5 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-invalid:border-red-500"
            value={selected}
            onChange={(e) => {
              setSelected(e.target.value);
              setDone("");
            }}
            aria-invalid={tried && !!itemProblem}
            data-testid="override-item"
          >
            <option value="">Choose an item…</option>
            {record.assignments.map((a) => (
              <optgroup key={a.id} label={a.title}>
                {a.items.map((i) => (
                  <option key={i.itemId} value={i.itemId}>
                    {i.title}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          {tried && itemProblem && <p className="mt-1 text-sm text-red-700">{itemProblem}</p>}
          {item && (
            <p className="mt-1 text-xs text-muted">
              Computed: {item.computed === null ? "nothing counted yet" : `${formatPoints(item.computed)} / ${formatPoints(item.points)}`}
              {item.override ? `; now ${item.override.excused ? "excused" : `set to ${formatPoints(item.override.points ?? 0)}`} by hand.` : "; no override."}
            </p>
          )}
        </div>

        <fieldset>
          <legend className="text-sm font-medium">Change</legend>
          <div className="mt-1.5 space-y-1.5 text-sm">
            <label className="flex items-center gap-2">
              <input type="radio" name={`${id}-mode`} checked={mode === "points"} onChange={() => setMode("points")} data-testid="override-mode-points" />
              Set the points
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name={`${id}-mode`} checked={mode === "excused"} onChange={() => setMode("excused")} data-testid="override-excused" />
              Excused (does not count)
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name={`${id}-mode`} checked={mode === "clear"} onChange={() => setMode("clear")} data-testid="override-clear" />
              Clear the override (back to computed points)
            </label>
          </div>
        </fieldset>

        <div>
          <label htmlFor={`${id}-points`} className="block text-sm font-medium">
            Points{item ? ` (of ${formatPoints(item.points)})` : ""}
          </label>
          <input
            id={`${id}-points`}
            type="number"
            inputMode="decimal"
            step="any"
            min={0}
            className="mt-1.5 block w-32 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-invalid:border-red-500 disabled:bg-slate-50 disabled:text-slate-400"
            value={points}
            onChange={(e) => {
              setPoints(e.target.value);
              if (mode !== "points") setMode("points");
            }}
            disabled={mode !== "points"}
            aria-invalid={tried && !!pointsProblem}
            aria-describedby={tried && pointsProblem ? `${id}-points-problem` : undefined}
            data-testid="override-points"
          />
          {tried && pointsProblem && (
            <p id={`${id}-points-problem`} className="mt-1 text-sm text-red-700">
              {pointsProblem}
            </p>
          )}
        </div>

        <div>
          <label htmlFor={`${id}-reason`} className="block text-sm font-medium">
            Reason <span className="font-normal text-muted">(required, kept in the audit log)</span>
          </label>
          <textarea
            id={`${id}-reason`}
            className="mt-1.5 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-invalid:border-red-500"
            rows={3}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={tried && !!reasonProblem}
            aria-describedby={tried && reasonProblem ? `${id}-reason-problem` : undefined}
            placeholder="e.g. Medical note; regraded by hand after the scorer bug"
            data-testid="override-reason"
          />
          {tried && reasonProblem && (
            <p id={`${id}-reason-problem`} className="mt-1 text-sm text-red-700">
              {reasonProblem}
            </p>
          )}
        </div>

        {tried && clearProblem && <p className="text-sm text-red-700">{clearProblem}</p>}
        <Button type="submit" disabled={save.isPending} data-testid="override-save">
          {save.isPending ? "Saving…" : mode === "clear" ? "Clear the override" : "Save the override"}
        </Button>
        {save.error && <Alert>The grade was not changed: {errorMessage(save.error)}</Alert>}
        <p aria-live="polite" className="text-sm text-emerald-800">
          {done}
        </p>
      </form>
    </Card>
  );
}

/** A section below the grades: a heading, a line on what it lists, then the list. */
function RecordSection({ id, title, description, children }: { id: string; title: string; description: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="mt-10">
      <h2 id={id} className="mb-1 text-xl font-semibold">
        {title}
      </h2>
      <p className="mb-3 text-sm text-muted">{description}</p>
      {children}
    </section>
  );
}

function SubmissionHistory({ record }: { record: StudentRecord }) {
  const { bySlug } = useExerciseCatalog();
  return (
    <RecordSection
      id="history-heading"
      title="Submission history"
      description={<>Every scored submission to this course&apos;s exercises, newest first{record.submissions.length >= 500 ? " (the latest 500)" : ""}.</>}
    >
      {record.submissions.length === 0 ? (
        <EmptyState title="No submissions yet">This student has not submitted to any exercise of the course.</EmptyState>
      ) : (
        <DataTable
          caption={`Submissions of ${record.name}, newest first`}
          columns={[{ label: "Time" }, { label: "Exercise" }, { label: "Metrics" }, { label: "Counts for" }]}
          data-testid="submission-history"
        >
          {record.submissions.map((s) => {
            const specs = bySlug.get(s.exerciseSlug)?.metrics ?? [];
            const keys = Object.keys(s.metrics);
            const ordered = [
              ...specs.filter((m) => keys.includes(m.key)),
              ...keys.filter((k) => !specs.some((m) => m.key === k)).map((k) => ({ key: k, label: k, digits: 4 })),
            ];
            return (
              <tr key={s.id}>
                <td className="px-4 py-2.5 align-top whitespace-nowrap">
                  <ZonedTime date={s.createdAt} timeZone={record.timeZone} />
                </td>
                <td className="px-4 py-2.5 align-top font-medium">{s.exerciseTitle}</td>
                <td className="px-4 py-2.5 align-top">
                  {ordered.length === 0 ? (
                    <span className="text-muted">Not scored</span>
                  ) : (
                    <dl className="grid grid-cols-[auto_auto] gap-x-3 gap-y-0.5">
                      {ordered.map((m) => (
                        <div key={m.key} className="contents">
                          <dt className="text-muted">
                            {m.label}
                            {s.privateMetrics && " (public part)"}
                          </dt>
                          <dd className="font-mono tabular-nums">{formatMetric(s.metrics[m.key], m.digits)}</dd>
                          {s.privateMetrics && (
                            <>
                              <dt className="text-muted">{m.label} (private part)</dt>
                              <dd className="font-mono tabular-nums">{formatMetric(s.privateMetrics[m.key], m.digits)}</dd>
                            </>
                          )}
                        </div>
                      ))}
                    </dl>
                  )}
                </td>
                <td className="px-4 py-2.5 align-top">
                  {s.countedIn.length === 0 ? (
                    <span className="text-muted">—</span>
                  ) : (
                    <ul className="flex flex-wrap gap-1.5">
                      {s.countedIn.map((label) => (
                        <li key={label}>
                          <Badge className="border-emerald-200 bg-emerald-50 text-emerald-800">counts for {label}</Badge>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </RecordSection>
  );
}

/** An override as stored in the audit log ({ points, excused } or nothing) in words. */
function describeOverride(value: unknown): string {
  if (value === null || value === undefined) return "computed points";
  if (typeof value === "object") {
    const v = value as { points?: unknown; excused?: unknown };
    if (v.excused === true) return "excused";
    if (typeof v.points === "number") return `${formatPoints(v.points)} points`;
  }
  return "computed points";
}

function AuditLog({ record, itemTitles }: { record: StudentRecord; itemTitles: Map<string, string> }) {
  return (
    <RecordSection id="audit-heading" title="Grade changes" description="Every override, who made it and why, newest first.">
      {record.audit.length === 0 ? (
        <EmptyNote data-testid="grade-audit">No grade of this student was changed by hand.</EmptyNote>
      ) : (
        <DataTable
          caption={`Audit log of grade changes for ${record.name}`}
          columns={[{ label: "When" }, { label: "Who" }, { label: "Item" }, { label: "Change" }, { label: "Reason" }]}
          data-testid="grade-audit"
        >
          {record.audit.map((entry) => (
            <tr key={entry.id}>
              <td className="px-4 py-2.5 align-top whitespace-nowrap">
                <ZonedTime date={entry.at} timeZone={record.timeZone} />
              </td>
              <td className="px-4 py-2.5 align-top">{entry.grader}</td>
              <td className="px-4 py-2.5 align-top">{itemTitles.get(entry.itemId) ?? <span className="text-muted">A removed item</span>}</td>
              <td className="px-4 py-2.5 align-top whitespace-nowrap">
                {describeOverride(entry.before)} <span aria-hidden="true">→</span>
                <span className="sr-only"> changed to </span> <strong>{describeOverride(entry.after)}</strong>
              </td>
              <td className="px-4 py-2.5 align-top">{entry.reason}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </RecordSection>
  );
}
