"use client";
import { useRouter } from "next/navigation";
import { type ReactNode, useId, useRef, useState } from "react";
import { Alert } from "@/app/_components/Alert";
import { Button, ButtonLink } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { Markdown } from "@/app/_components/Markdown";
import { ANSWERS_SHOWN_LABEL, type AnswersShown, type Counting } from "@/app/_lib/assignments";
import { errorMessage } from "@/app/_lib/errors";
import { relativeTime } from "@/app/_lib/format";
import { useExerciseCatalog } from "@/app/_lib/useExerciseCatalog";
import { api } from "@/app/_trpc/react";
import { courseHeldoutFormat } from "@/lib/course/heldout";
import { describeLatePolicy, type LatePolicy } from "@/lib/grading/late";
import { describeRule, type GradingRule, ruleProblem } from "@/lib/grading/rules";
import { formatZoned, utcToZonedLocal, zonedLocalToUtc } from "@/lib/grading/time";
import type { MetricSpec } from "@/lib/exercises/types";

// ── Drafts: what the form holds (numbers as typed, so half-typed values are not lost) ─────────

/** "default": the registry's rule for the exercise, filled in by the server (when the catalog does not send it). */
type RuleDraft = { kind: "default" } | { kind: "completion" } | { kind: "linear"; metric: string; full: string; zero: string };

export type ItemDraft =
  | { key: string; kind: "exercise"; slug: string; points: string; counting: Counting; rule: RuleDraft }
  | { key: string; kind: "quiz"; slug: string; points: string; counting: Counting };

export interface AssignmentDraft {
  title: string;
  instructions: string;
  /** "YYYY-MM-DDTHH:mm" in the course's zone; "" opens right away. */
  openAt: string;
  dueAt: string;
  lateKind: LatePolicy["kind"];
  latePercent: string;
  lateDays: string;
  quizAttempts: string;
  quizAnswersShown: AnswersShown;
  /** Which part of an exercise's held-out set earns the points (exercises with held-out data). */
  gradedOn: HeldoutPart;
  items: ItemDraft[];
}

type HeldoutPart = "PUBLIC" | "PRIVATE";

/** The course as the form needs it (from course.get). */
export interface FormCourse {
  id: string;
  timeZone: string;
  modules: { slug: string; title: string; exercises: { slug: string }[] }[];
}

/** An existing assignment (assignment.get) as a draft, its dates in the course's zone. */
export function draftFromAssignment(
  a: {
    title: string;
    instructions: string;
    openAt: Date | null;
    dueAt: Date;
    latePolicy: LatePolicy;
    quizAttempts: number;
    quizAnswersShown: AnswersShown;
    gradedOn: HeldoutPart;
    /** Staff get every item as "exercise" or "quiz" ("unreleased" is a student's view). */
    items: {
      kind: "exercise" | "quiz" | "unreleased";
      exerciseSlug: string | null;
      quizModuleSlug: string | null;
      points: number;
      counting: Counting;
      rule: GradingRule | null;
    }[];
  },
  timeZone: string,
): AssignmentDraft {
  return {
    title: a.title,
    instructions: a.instructions,
    openAt: a.openAt ? utcToZonedLocal(a.openAt, timeZone) : "",
    dueAt: utcToZonedLocal(a.dueAt, timeZone),
    lateKind: a.latePolicy.kind,
    latePercent: a.latePolicy.kind === "percentPerDay" ? String(a.latePolicy.percentPerDay) : "10",
    lateDays: a.latePolicy.kind === "percentPerDay" ? String(a.latePolicy.maxDays) : "3",
    quizAttempts: String(a.quizAttempts),
    quizAnswersShown: a.quizAnswersShown,
    gradedOn: a.gradedOn,
    items: a.items.flatMap((item): AssignmentDraft["items"] =>
      item.kind === "unreleased"
        ? []
        : item.kind === "exercise"
          ? [
              {
                key: newKey(),
                kind: "exercise",
                slug: item.exerciseSlug ?? "",
                points: String(item.points),
                counting: item.counting,
                rule: ruleDraft(item.rule ?? { kind: "completion" }),
              },
            ]
          : [{ key: newKey(), kind: "quiz", slug: item.quizModuleSlug ?? "", points: String(item.points), counting: item.counting }],
    ),
  };
}

/** A new assignment: due a week from now at 23:59 in the course's zone. */
export function emptyDraft(timeZone: string, now = Date.now()): AssignmentDraft {
  const inAWeek = utcToZonedLocal(new Date(now + 7 * 86_400_000), timeZone).slice(0, 10);
  return {
    title: "",
    instructions: "",
    openAt: "",
    dueAt: `${inAWeek}T23:59`,
    lateKind: "none",
    latePercent: "10",
    lateDays: "3",
    quizAttempts: "3",
    quizAnswersShown: "AFTER_LAST_ATTEMPT",
    gradedOn: "PUBLIC",
    items: [],
  };
}

let keyCounter = 0;
function newKey() {
  keyCounter += 1;
  return `item-${keyCounter}`;
}

function ruleDraft(rule: GradingRule): RuleDraft {
  return rule.kind === "completion" ? { kind: "completion" } : { kind: "linear", metric: rule.metric, full: String(rule.full), zero: String(rule.zero) };
}

/** "0,5" reads as 0.5; "" and anything else unreadable is NaN. */
function readNumber(text: string): number {
  const trimmed = text.trim().replace(",", ".");
  return trimmed === "" ? Number.NaN : Number(trimmed);
}

/** The rule to send; null when a threshold is unreadable; undefined for the exercise's default. */
function ruleFromDraft(draft: RuleDraft): GradingRule | null | undefined {
  if (draft.kind === "default") return undefined;
  if (draft.kind === "completion") return { kind: "completion" };
  const full = readNumber(draft.full);
  const zero = readNumber(draft.zero);
  if (!Number.isFinite(full) || !Number.isFinite(zero)) return null;
  return { kind: "linear", metric: draft.metric, full, zero };
}

/** The registry's default rule for an exercise, when the catalog sends it (null when it does not). */
function defaultRuleOf(info: { metrics: MetricSpec[] } | undefined): GradingRule | null {
  return (info as { defaultGrading?: GradingRule } | undefined)?.defaultGrading ?? null;
}

function zonedPreview(local: string, timeZone: string): { instant: Date | null; problem: string | null } {
  if (!local) return { instant: null, problem: null };
  try {
    return { instant: zonedLocalToUtc(local, timeZone), problem: null };
  } catch (error) {
    return { instant: null, problem: errorMessage(error) };
  }
}

// ── Validation ─────────────────────────────────────────────────────────────────────────────

interface Problem {
  /** The id of the field to focus. */
  field: string;
  message: string;
}

function itemProblems(item: ItemDraft, metrics: MetricSpec[] | undefined): { points: string | null; rule: string | null } {
  const points = readNumber(item.points);
  const pointsProblem = !Number.isFinite(points)
    ? "Write the points as a number."
    : points < 0
      ? "Points cannot be negative."
      : points > 10_000
        ? "At most 10,000 points."
        : null;
  if (item.kind === "quiz") return { points: pointsProblem, rule: null };
  const rule = ruleFromDraft(item.rule);
  if (rule === undefined) return { points: pointsProblem, rule: null };
  if (rule === null) return { points: pointsProblem, rule: "Write both thresholds as numbers." };
  if (rule.kind === "linear" && rule.full === rule.zero) return { points: pointsProblem, rule: "The values for full points and for no points must differ." };
  // Until the catalog arrives the metrics are unknown: the server checks again anyway.
  return { points: pointsProblem, rule: metrics ? ruleProblem(rule, metrics) : null };
}

// ── The form ───────────────────────────────────────────────────────────────────────────────

const inputClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus-visible:border-brand-600 aria-invalid:border-red-500 disabled:bg-slate-50 disabled:text-slate-500";
const labelClass = "block text-sm font-medium text-ink";
const hintClass = "mt-1 text-xs text-muted";
const errorClass = "mt-1 text-sm text-red-700";

export function AssignmentForm({
  course,
  quizCounts,
  initial,
  assignmentId,
}: {
  course: FormCourse;
  /** Questions in each module's quiz, by module slug (from the server; answers never leave it). */
  quizCounts: Record<string, number>;
  initial: AssignmentDraft;
  /** Set when editing. */
  assignmentId?: string;
}) {
  const id = useId();
  const router = useRouter();
  const utils = api.useUtils();
  const { catalog, bySlug } = useExerciseCatalog();
  const [draft, setDraft] = useState<AssignmentDraft>(initial);
  const [showProblems, setShowProblems] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const summaryRef = useRef<HTMLDivElement>(null);
  const timeZone = course.timeZone;
  const base = `/courses/${course.id}`;

  const onSaved = async (savedId: string) => {
    await Promise.all([
      utils.assignment.list.invalidate({ courseId: course.id }),
      utils.assignment.get.invalidate({ assignmentId: savedId }),
      utils.assignment.mine.invalidate(),
    ]);
    router.push(`${base}/assignments/${savedId}`);
  };
  const create = api.assignment.create.useMutation({ onSuccess: (saved) => onSaved(saved.id) });
  const update = api.assignment.update.useMutation({ onSuccess: (saved) => onSaved(saved.id) });
  const saving = create.isPending || update.isPending || create.isSuccess || update.isSuccess;
  const saveError = create.error ?? update.error;

  const set = <K extends keyof AssignmentDraft>(key: K, value: AssignmentDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setItem = (key: string, change: (item: ItemDraft) => ItemDraft) =>
    setDraft((d) => ({ ...d, items: d.items.map((item) => (item.key === key ? change(item) : item)) }));

  const exerciseTitle = (slug: string) => bySlug.get(slug)?.title ?? slug;
  const moduleTitle = (slug: string) => course.modules.find((m) => m.slug === slug)?.title ?? slug;
  const quizModules = course.modules.filter((m) => (quizCounts[m.slug] ?? 0) > 0);
  const usedExercises = new Set(draft.items.filter((i) => i.kind === "exercise").map((i) => i.slug));
  const usedQuizzes = new Set(draft.items.filter((i) => i.kind === "quiz").map((i) => i.slug));
  const heldoutExercises = draft.items.filter((i) => i.kind === "exercise" && courseHeldoutFormat(i.slug));

  // ── Problems, shown after the first attempt to save ──
  const open = zonedPreview(draft.openAt, timeZone);
  const due = zonedPreview(draft.dueAt, timeZone);
  const fields = {
    title: `${id}-title`,
    instructions: `${id}-instructions`,
    open: `${id}-open`,
    due: `${id}-due`,
    latePercent: `${id}-late-percent`,
    lateDays: `${id}-late-days`,
    attempts: `${id}-attempts`,
    addExercise: `${id}-add-exercise`,
    itemPoints: (key: string) => `${id}-${key}-points`,
    itemRule: (key: string) => `${id}-${key}-rule`,
  };
  const problems = (() => {
    const list: Problem[] = [];
    const byField = new Map<string, string>();
    /** `inSummary`: the message in the summary at the top, where the field is not next to it. */
    const add = (field: string, message: string, inSummary = message) => {
      list.push({ field, message: inSummary });
      if (!byField.has(field)) byField.set(field, message);
    };
    if (draft.title.trim() === "") add(fields.title, "Give the assignment a title.");
    if (draft.instructions.length > 20_000) add(fields.instructions, "Instructions have at most 20,000 characters.");
    if (open.problem) add(fields.open, open.problem);
    if (!draft.dueAt) add(fields.due, "Choose when the assignment is due.");
    else if (due.problem) add(fields.due, due.problem);
    if (open.instant && due.instant && open.instant >= due.instant) add(fields.open, "The assignment must open before it is due.");
    if (draft.lateKind === "percentPerDay") {
      const percent = readNumber(draft.latePercent);
      if (!(percent > 0 && percent <= 100)) add(fields.latePercent, "The deduction per day is a percentage above 0 and at most 100.");
      const days = readNumber(draft.lateDays);
      if (!(Number.isInteger(days) && days >= 1 && days <= 60)) add(fields.lateDays, "Late work is accepted for a whole number of days, 1 to 60.");
    }
    const attempts = readNumber(draft.quizAttempts);
    if (!(Number.isInteger(attempts) && attempts >= 1 && attempts <= 20)) add(fields.attempts, "Quiz attempts are a whole number from 1 to 20.");
    if (draft.items.length === 0) add(fields.addExercise, "Add at least one exercise or quiz.");
    if (draft.items.length > 50) add(fields.addExercise, "An assignment has at most 50 items.");
    draft.items.forEach((item, index) => {
      const metrics = item.kind === "exercise" && catalog.data ? (bySlug.get(item.slug)?.metrics ?? []) : undefined;
      const p = itemProblems(item, metrics);
      const name = `Item ${index + 1} (${item.kind === "exercise" ? exerciseTitle(item.slug) : `Quiz: ${moduleTitle(item.slug)}`})`;
      if (p.points) add(fields.itemPoints(item.key), p.points, `${name}: ${p.points}`);
      if (p.rule) add(fields.itemRule(item.key), p.rule, `${name}: ${p.rule}`);
    });
    return { list, byField };
  })();
  const fieldProblem = (field: string) => (showProblems ? (problems.byField.get(field) ?? null) : null);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (saving) return;
    if (problems.list.length > 0) {
      setShowProblems(true);
      // After the summary renders: move focus there so it is read out.
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    const latePolicy: LatePolicy =
      draft.lateKind === "none"
        ? { kind: "none" }
        : { kind: "percentPerDay", percentPerDay: readNumber(draft.latePercent), maxDays: readNumber(draft.lateDays) };
    const payload = {
      title: draft.title.trim(),
      instructions: draft.instructions,
      openAt: draft.openAt || null,
      dueAt: draft.dueAt,
      latePolicy,
      quizAttempts: readNumber(draft.quizAttempts),
      quizAnswersShown: draft.quizAnswersShown,
      gradedOn: draft.gradedOn,
      items: draft.items.map((item) =>
        item.kind === "exercise"
          ? {
              exerciseSlug: item.slug,
              points: readNumber(item.points),
              counting: item.counting,
              ...(item.rule.kind === "default" ? {} : { rule: ruleFromDraft(item.rule)! }),
            }
          : { quizModuleSlug: item.slug, points: readNumber(item.points), counting: item.counting },
      ),
    };
    if (assignmentId) update.mutate({ assignmentId, ...payload });
    else create.mutate({ courseId: course.id, ...payload });
  };

  // ── Adding, moving and removing items ──
  const [exerciseChoice, setExerciseChoice] = useState("");
  const [quizChoice, setQuizChoice] = useState("");
  const addExercise = () => {
    if (!exerciseChoice || usedExercises.has(exerciseChoice)) return;
    const info = bySlug.get(exerciseChoice);
    const defaultRule = defaultRuleOf(info);
    set("items", [
      ...draft.items,
      {
        key: newKey(),
        kind: "exercise",
        slug: exerciseChoice,
        points: "10",
        counting: "BEST",
        rule: defaultRule ? ruleDraft(defaultRule) : { kind: "default" },
      },
    ]);
    setAnnouncement(`Added the exercise “${exerciseTitle(exerciseChoice)}” as item ${draft.items.length + 1}.`);
    setExerciseChoice("");
  };
  const addQuiz = () => {
    if (!quizChoice || usedQuizzes.has(quizChoice)) return;
    set("items", [...draft.items, { key: newKey(), kind: "quiz", slug: quizChoice, points: "5", counting: "BEST" }]);
    setAnnouncement(`Added the quiz of “${moduleTitle(quizChoice)}” as item ${draft.items.length + 1}.`);
    setQuizChoice("");
  };
  const move = (index: number, by: -1 | 1) => {
    const target = index + by;
    if (target < 0 || target >= draft.items.length) return;
    const items = [...draft.items];
    [items[index], items[target]] = [items[target], items[index]];
    set("items", items);
    setAnnouncement(`Moved to position ${target + 1} of ${items.length}.`);
  };
  const remove = (index: number) => {
    const item = draft.items[index];
    set(
      "items",
      draft.items.filter((_, i) => i !== index),
    );
    setAnnouncement(`Removed item ${index + 1}, ${item.kind === "exercise" ? exerciseTitle(item.slug) : `the quiz of ${moduleTitle(item.slug)}`}.`);
  };

  const totalPoints = draft.items.reduce((sum, item) => sum + (Number.isFinite(readNumber(item.points)) ? readNumber(item.points) : 0), 0);
  const latePreview: LatePolicy | null =
    draft.lateKind === "none"
      ? { kind: "none" }
      : readNumber(draft.latePercent) > 0 &&
          readNumber(draft.latePercent) <= 100 &&
          Number.isInteger(readNumber(draft.lateDays)) &&
          readNumber(draft.lateDays) >= 1
        ? { kind: "percentPerDay", percentPerDay: readNumber(draft.latePercent), maxDays: readNumber(draft.lateDays) }
        : null;

  return (
    <form onSubmit={submit} noValidate className="space-y-8" aria-describedby={`${id}-zone-note`}>
      <p id={`${id}-zone-note`} className="text-sm text-muted">
        All dates and times are in the course&apos;s time zone, <strong className="text-ink">{timeZone}</strong>.
      </p>

      {showProblems && problems.list.length > 0 && (
        <div
          ref={summaryRef}
          tabIndex={-1}
          role="alert"
          className="rounded-xl border border-red-200 bg-red-50 px-5 py-4 text-red-900"
          data-testid="assignment-problems"
        >
          <h2 className="font-semibold">
            {problems.list.length === 1 ? "One thing to fix before saving" : `${problems.list.length} things to fix before saving`}
          </h2>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
            {problems.list.map((p, i) => (
              <li key={i}>
                <a
                  href={`#${p.field}`}
                  className="underline underline-offset-2"
                  onClick={(e) => {
                    e.preventDefault();
                    document.getElementById(p.field)?.focus();
                  }}
                >
                  {p.message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}

      {/* ── Title and instructions ── */}
      <section aria-labelledby={`${id}-about`} className="space-y-5">
        <h2 id={`${id}-about`} className="text-lg font-semibold">
          About the assignment
        </h2>
        <Field id={fields.title} label="Title" problem={fieldProblem(fields.title)}>
          <input
            id={fields.title}
            className={inputClass}
            value={draft.title}
            maxLength={200}
            onChange={(e) => set("title", e.target.value)}
            aria-invalid={!!fieldProblem(fields.title)}
            aria-describedby={fieldProblem(fields.title) ? `${fields.title}-problem` : undefined}
            data-testid="assignment-title"
            placeholder="e.g. Assignment 1: sampling"
            required
          />
        </Field>
        <div className="grid gap-4 lg:grid-cols-2">
          <Field
            id={fields.instructions}
            label="Instructions"
            hint="Markdown: # headings, **bold**, *italic*, `code`, - lists, 1. numbered lists, ``` code blocks and [links](https://…)."
            problem={fieldProblem(fields.instructions)}
          >
            <textarea
              id={fields.instructions}
              className={`${inputClass} min-h-64 font-mono`}
              value={draft.instructions}
              onChange={(e) => set("instructions", e.target.value)}
              aria-invalid={!!fieldProblem(fields.instructions)}
              aria-describedby={`${fields.instructions}-hint${fieldProblem(fields.instructions) ? ` ${fields.instructions}-problem` : ""}`}
              data-testid="assignment-instructions"
              rows={12}
            />
          </Field>
          <div>
            <h3 className={labelClass} id={`${id}-preview-label`}>
              Preview
            </h3>
            <p className={hintClass}>What students will see.</p>
            <div
              role="region"
              aria-labelledby={`${id}-preview-label`}
              className="mt-1.5 min-h-64 overflow-auto rounded-md border border-dashed border-slate-300 bg-white px-4 py-3 text-sm"
              data-testid="instructions-preview"
            >
              <Markdown source={draft.instructions} headingBase={4} emptyText="Nothing to preview yet: instructions are optional." />
            </div>
          </div>
        </div>
      </section>

      {/* ── Dates and the late policy ── */}
      <section aria-labelledby={`${id}-dates`} className="space-y-5">
        <h2 id={`${id}-dates`} className="text-lg font-semibold">
          Dates and late work
        </h2>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            id={fields.open}
            label={`Opens (${timeZone})`}
            hint="Optional: leave empty to open right away. Submissions before this time do not count."
            problem={fieldProblem(fields.open)}
          >
            <input
              id={fields.open}
              type="datetime-local"
              className={inputClass}
              value={draft.openAt}
              onChange={(e) => set("openAt", e.target.value)}
              aria-invalid={!!fieldProblem(fields.open)}
              aria-describedby={`${fields.open}-hint ${fields.open}-when${fieldProblem(fields.open) ? ` ${fields.open}-problem` : ""}`}
              data-testid="assignment-open"
            />
            <WhenPreview id={`${fields.open}-when`} instant={open.instant} timeZone={timeZone} empty="Opens as soon as it is saved." />
          </Field>
          <Field id={fields.due} label={`Due (${timeZone})`} hint="Students may get later due dates as extensions." problem={fieldProblem(fields.due)}>
            <input
              id={fields.due}
              type="datetime-local"
              className={inputClass}
              value={draft.dueAt}
              onChange={(e) => set("dueAt", e.target.value)}
              aria-invalid={!!fieldProblem(fields.due)}
              aria-describedby={`${fields.due}-hint ${fields.due}-when${fieldProblem(fields.due) ? ` ${fields.due}-problem` : ""}`}
              data-testid="assignment-due"
              required
            />
            <WhenPreview id={`${fields.due}-when`} instant={due.instant} timeZone={timeZone} empty="Choose a due date." />
          </Field>
        </div>

        <fieldset className="rounded-lg border border-line bg-white p-4">
          <legend className="px-1 text-sm font-semibold">Late work</legend>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field id={`${id}-late-policy`} label="Policy">
              <select
                id={`${id}-late-policy`}
                className={inputClass}
                value={draft.lateKind}
                onChange={(e) => set("lateKind", e.target.value as LatePolicy["kind"])}
                data-testid="late-policy"
              >
                <option value="none">Not accepted after the due date</option>
                <option value="percentPerDay">Accepted with a deduction per day late</option>
              </select>
            </Field>
            {draft.lateKind === "percentPerDay" && (
              <>
                <Field id={fields.latePercent} label="Deduction per day (%)" problem={fieldProblem(fields.latePercent)}>
                  <input
                    id={fields.latePercent}
                    type="number"
                    inputMode="decimal"
                    min={0}
                    max={100}
                    step="any"
                    className={inputClass}
                    value={draft.latePercent}
                    onChange={(e) => set("latePercent", e.target.value)}
                    aria-invalid={!!fieldProblem(fields.latePercent)}
                    aria-describedby={fieldProblem(fields.latePercent) ? `${fields.latePercent}-problem` : undefined}
                    data-testid="late-percent"
                  />
                </Field>
                <Field id={fields.lateDays} label="For at most (days)" problem={fieldProblem(fields.lateDays)}>
                  <input
                    id={fields.lateDays}
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={60}
                    step={1}
                    className={inputClass}
                    value={draft.lateDays}
                    onChange={(e) => set("lateDays", e.target.value)}
                    aria-invalid={!!fieldProblem(fields.lateDays)}
                    aria-describedby={fieldProblem(fields.lateDays) ? `${fields.lateDays}-problem` : undefined}
                    data-testid="late-days"
                  />
                </Field>
              </>
            )}
          </div>
          <p className="mt-3 text-sm text-slate-700" aria-live="polite">
            {latePreview ? describeLatePolicy(latePreview) : "Complete the late policy to see it in words."}
            {latePreview?.kind === "percentPerDay" && " Days are counted in the course's time zone from each student's own due time."}
          </p>
        </fieldset>
      </section>

      {/* ── Quiz settings ── */}
      <section aria-labelledby={`${id}-quiz`} className="space-y-3">
        <h2 id={`${id}-quiz`} className="text-lg font-semibold">
          Module quizzes
        </h2>
        <p className="text-sm text-muted">
          These settings apply to every module quiz in this assignment. Students answer all questions of a quiz at once; each submission is one attempt.
        </p>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id={fields.attempts} label="Attempts per quiz" problem={fieldProblem(fields.attempts)}>
            <input
              id={fields.attempts}
              type="number"
              inputMode="numeric"
              min={1}
              max={20}
              step={1}
              className={inputClass}
              value={draft.quizAttempts}
              onChange={(e) => set("quizAttempts", e.target.value)}
              aria-invalid={!!fieldProblem(fields.attempts)}
              aria-describedby={fieldProblem(fields.attempts) ? `${fields.attempts}-problem` : undefined}
              data-testid="quiz-attempts"
            />
          </Field>
          <Field id={`${id}-answers-shown`} label="Correct answers are shown">
            <select
              id={`${id}-answers-shown`}
              className={inputClass}
              value={draft.quizAnswersShown}
              onChange={(e) => set("quizAnswersShown", e.target.value as AnswersShown)}
              data-testid="quiz-answers-shown"
            >
              {(Object.keys(ANSWERS_SHOWN_LABEL) as AnswersShown[]).map((key) => (
                <option key={key} value={key}>
                  {ANSWERS_SHOWN_LABEL[key]}
                </option>
              ))}
            </select>
          </Field>
        </div>
      </section>

      {/* ── Items ── */}
      <section aria-labelledby={`${id}-items`} className="space-y-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id={`${id}-items`} className="text-lg font-semibold">
            Items
          </h2>
          <p className="text-sm text-muted" data-testid="assignment-total-points">
            {draft.items.length} {draft.items.length === 1 ? "item" : "items"},{" "}
            {new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 }).format(totalPoints)} points in all
          </p>
        </div>
        <p className="sr-only" aria-live="polite">
          {announcement}
        </p>

        {draft.items.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-muted">
            No items yet. Add an exercise (graded from its scored submissions) or a module quiz (graded from the student&apos;s attempts) below.
          </p>
        ) : (
          <ol className="space-y-3">
            {draft.items.map((item, index) => (
              <li key={item.key}>
                <ItemEditor
                  item={item}
                  index={index}
                  count={draft.items.length}
                  title={item.kind === "exercise" ? exerciseTitle(item.slug) : `Quiz: ${moduleTitle(item.slug)}`}
                  detail={item.kind === "quiz" ? `${quizCounts[item.slug] ?? 0} questions` : (bySlug.get(item.slug)?.summary ?? null)}
                  metrics={item.kind === "exercise" ? bySlug.get(item.slug)?.metrics : undefined}
                  defaultRule={item.kind === "exercise" ? defaultRuleOf(bySlug.get(item.slug)) : undefined}
                  pointsId={fields.itemPoints(item.key)}
                  ruleId={fields.itemRule(item.key)}
                  pointsProblem={fieldProblem(fields.itemPoints(item.key))}
                  ruleProblemText={showProblems ? (problems.byField.get(fields.itemRule(item.key)) ?? null) : null}
                  onChange={(change) => setItem(item.key, change)}
                  onMove={(by) => move(index, by)}
                  onRemove={() => remove(index)}
                />
              </li>
            ))}
          </ol>
        )}

        <div className="grid gap-4 rounded-lg border border-line bg-white p-4 md:grid-cols-2">
          <div>
            <label htmlFor={fields.addExercise} className={labelClass}>
              Add an exercise
            </label>
            <div className="mt-1.5 flex gap-2">
              <select
                id={fields.addExercise}
                className={inputClass}
                value={exerciseChoice}
                onChange={(e) => setExerciseChoice(e.target.value)}
                aria-invalid={!!fieldProblem(fields.addExercise)}
                aria-describedby={fieldProblem(fields.addExercise) ? `${fields.addExercise}-problem` : undefined}
                data-testid="add-exercise-item"
              >
                <option value="">Choose an exercise…</option>
                {course.modules
                  .filter((m) => m.exercises.length > 0)
                  .map((m) => (
                    <optgroup key={m.slug} label={m.title}>
                      {m.exercises.map((e) => (
                        <option key={e.slug} value={e.slug} disabled={usedExercises.has(e.slug)}>
                          {exerciseTitle(e.slug)}
                          {usedExercises.has(e.slug) ? " (already added)" : ""}
                        </option>
                      ))}
                    </optgroup>
                  ))}
              </select>
              <Button
                variant="secondary"
                onClick={addExercise}
                disabled={!exerciseChoice || usedExercises.has(exerciseChoice)}
                data-testid="add-exercise-button"
              >
                Add<span className="sr-only"> the exercise</span>
              </Button>
            </div>
            {fieldProblem(fields.addExercise) && (
              <p id={`${fields.addExercise}-problem`} className={errorClass}>
                {fieldProblem(fields.addExercise)}
              </p>
            )}
          </div>
          <div>
            <label htmlFor={`${id}-add-quiz`} className={labelClass}>
              Add a module quiz
            </label>
            <div className="mt-1.5 flex gap-2">
              <select
                id={`${id}-add-quiz`}
                className={inputClass}
                value={quizChoice}
                onChange={(e) => setQuizChoice(e.target.value)}
                data-testid="add-quiz-item"
              >
                <option value="">{quizModules.length === 0 ? "No module of this course has a quiz" : "Choose a module…"}</option>
                {quizModules.map((m) => (
                  <option key={m.slug} value={m.slug} disabled={usedQuizzes.has(m.slug)}>
                    {m.title} ({quizCounts[m.slug]} {quizCounts[m.slug] === 1 ? "question" : "questions"}){usedQuizzes.has(m.slug) ? " (already added)" : ""}
                  </option>
                ))}
              </select>
              <Button variant="secondary" onClick={addQuiz} disabled={!quizChoice || usedQuizzes.has(quizChoice)} data-testid="add-quiz-button">
                Add<span className="sr-only"> the quiz</span>
              </Button>
            </div>
          </div>
        </div>
      </section>

      {/* ── Held-out data (shown when an item has it; the choice is kept either way) ── */}
      {heldoutExercises.length > 0 && (
        <fieldset className="rounded-lg border border-line bg-white p-4" aria-describedby={`${id}-graded-on-hint`} data-testid="assignment-graded-on">
          <legend className="px-1 text-sm font-semibold">Held-out data: which score earns the points</legend>
          <p id={`${id}-graded-on-hint`} className="text-sm text-muted">
            {heldoutExercises.map((i) => exerciseTitle(i.slug)).join(", ")} {heldoutExercises.length === 1 ? "is" : "are"} scored on a public part of the
            held-out data, ranked live, and on a private part that students see only after the exercise&apos;s due date (a private leaderboard).
          </p>
          <div className="mt-3 space-y-2">
            {(
              [
                ["PUBLIC", "The public part — students see their points as they submit"],
                ["PRIVATE", "The private part — points show after the due date, so tuning to the live leaderboard does not pay"],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="flex items-start gap-2 text-sm">
                <input
                  type="radio"
                  name="gradedOn"
                  value={value}
                  checked={draft.gradedOn === value}
                  onChange={() => set("gradedOn", value)}
                  className="mt-0.5 size-4 accent-brand-600"
                  data-testid={`graded-on-${value.toLowerCase()}`}
                />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
      )}

      {/* ── Save ── */}
      <div className="flex flex-wrap items-center gap-3 border-t border-line pt-6">
        <Button type="submit" disabled={saving} data-testid="assignment-save">
          {saving ? "Saving…" : assignmentId ? "Save changes" : "Create the assignment"}
        </Button>
        <ButtonLink href={assignmentId ? `${base}/assignments/${assignmentId}` : `${base}/assignments`} variant="ghost">
          Cancel
        </ButtonLink>
        {saveError && (
          <Alert className="w-full" data-testid="assignment-save-error">
            The assignment could not be saved: {errorMessage(saveError)}
          </Alert>
        )}
      </div>
    </form>
  );
}

/** A labelled field with an optional hint (id-hint) and problem (id-problem). */
function Field({ id, label, hint, problem, children }: { id: string; label: ReactNode; hint?: string; problem?: string | null; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className={hintClass}>
          {hint}
        </p>
      )}
      <div className="mt-1.5">{children}</div>
      {problem && (
        <p id={`${id}-problem`} className={errorClass}>
          {problem}
        </p>
      )}
    </div>
  );
}

/** What a typed local time means: "Fri 11 Dec 2026, 23:59 (Europe/Berlin) — in 5 days". */
function WhenPreview({ id, instant, timeZone, empty }: { id: string; instant: Date | null; timeZone: string; empty: string }) {
  return (
    <p id={id} className={hintClass}>
      {instant ? (
        <>
          {formatZoned(instant, timeZone)} — {relativeTime(instant)}
        </>
      ) : (
        empty
      )}
    </p>
  );
}

function ItemEditor({
  item,
  index,
  count,
  title,
  detail,
  metrics,
  defaultRule,
  pointsId,
  ruleId,
  pointsProblem,
  ruleProblemText,
  onChange,
  onMove,
  onRemove,
}: {
  item: ItemDraft;
  index: number;
  count: number;
  title: string;
  detail: string | null;
  metrics: MetricSpec[] | undefined;
  defaultRule: GradingRule | null | undefined;
  pointsId: string;
  ruleId: string;
  pointsProblem: string | null;
  ruleProblemText: string | null;
  onChange: (change: (item: ItemDraft) => ItemDraft) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const id = useId();
  const isExercise = item.kind === "exercise";
  const rule = isExercise ? ruleFromDraft(item.rule) : null;
  const liveProblem = isExercise && rule && metrics ? ruleProblem(rule, metrics) : null;
  const shownProblem = ruleProblemText ?? liveProblem;
  const setRule = (next: RuleDraft) => onChange((current) => (current.kind === "exercise" ? { ...current, rule: next } : current));
  const linearFor = (metric: string): RuleDraft => {
    if (defaultRule?.kind === "linear" && defaultRule.metric === metric) return ruleDraft(defaultRule);
    return { kind: "linear", metric, full: "", zero: "" };
  };
  const selectedMetric = isExercise && item.rule.kind === "linear" ? metrics?.find((m) => m.key === (item.rule as { metric: string }).metric) : undefined;

  return (
    <Card className="p-4" data-testid={`assignment-item-${index}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs font-semibold tracking-wide text-brand-700 uppercase">
            Item {index + 1} · {isExercise ? "Exercise" : "Module quiz"}
          </p>
          <h3 className="mt-0.5 font-semibold" id={`${id}-title`}>
            {title}
          </h3>
          {detail && <p className="mt-0.5 text-sm text-muted">{detail}</p>}
        </div>
        <div className="flex gap-1" role="group" aria-label={`Arrange item ${index + 1}`}>
          <Button variant="ghost" size="sm" onClick={() => onMove(-1)} disabled={index === 0} aria-label={`Move “${title}” up`}>
            <span aria-hidden="true">↑</span> Up
          </Button>
          <Button variant="ghost" size="sm" onClick={() => onMove(1)} disabled={index === count - 1} aria-label={`Move “${title}” down`}>
            <span aria-hidden="true">↓</span> Down
          </Button>
          <Button variant="ghost" size="sm" onClick={onRemove} className="text-red-700 hover:bg-red-50" aria-label={`Remove “${title}”`}>
            Remove
          </Button>
        </div>
      </div>

      <div className="mt-4 grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={pointsId} className={labelClass}>
            Points
          </label>
          <input
            id={pointsId}
            type="number"
            inputMode="decimal"
            min={0}
            step="any"
            className={`${inputClass} mt-1.5`}
            value={item.points}
            onChange={(e) => onChange((current) => ({ ...current, points: e.target.value }))}
            aria-invalid={!!pointsProblem}
            aria-describedby={pointsProblem ? `${pointsId}-problem` : undefined}
            data-testid={`item-points-${index}`}
          />
          {pointsProblem && (
            <p id={`${pointsId}-problem`} className={errorClass}>
              {pointsProblem}
            </p>
          )}
        </div>
        <div>
          <label htmlFor={`${id}-counting`} className={labelClass}>
            {isExercise ? "Which submission counts" : "Which attempt counts"}
          </label>
          <select
            id={`${id}-counting`}
            className={`${inputClass} mt-1.5`}
            value={item.counting}
            onChange={(e) => onChange((current) => ({ ...current, counting: e.target.value as Counting }))}
            data-testid={`item-counting-${index}`}
          >
            <option value="BEST">The best one</option>
            <option value="LAST">The last one</option>
          </select>
        </div>
      </div>

      {item.kind === "exercise" && (
        <fieldset className="mt-4 rounded-lg border border-line p-3" aria-describedby={`${ruleId}-words`}>
          <legend className="px-1 text-sm font-semibold">Grading rule</legend>
          <div className="flex flex-wrap gap-x-6 gap-y-2 text-sm" role="radiogroup" aria-label="Kind of rule">
            {!defaultRule && (
              <label className="flex items-center gap-2">
                <input
                  type="radio"
                  name={`${id}-rule`}
                  checked={item.rule.kind === "default"}
                  onChange={() => setRule({ kind: "default" })}
                  data-testid={`item-rule-default-${index}`}
                />
                The exercise&apos;s default rule
              </label>
            )}
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name={`${id}-rule`}
                id={ruleId}
                checked={item.rule.kind === "completion"}
                onChange={() => setRule({ kind: "completion" })}
                data-testid={`item-rule-completion-${index}`}
              />
              Completion: full points for any scored submission
            </label>
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name={`${id}-rule`}
                checked={item.rule.kind === "linear"}
                disabled={!metrics || metrics.length === 0}
                onChange={() => setRule(linearFor(defaultRule?.kind === "linear" ? defaultRule.metric : (metrics?.[0]?.key ?? "")))}
                data-testid={`item-rule-linear-${index}`}
              />
              Linear in a metric
            </label>
          </div>
          {item.rule.kind === "linear" && (
            <div className="mt-3 grid gap-3 sm:grid-cols-3">
              <div>
                <label htmlFor={`${id}-metric`} className={labelClass}>
                  Metric
                </label>
                <select
                  id={`${id}-metric`}
                  className={`${inputClass} mt-1.5`}
                  value={item.rule.metric}
                  onChange={(e) => setRule(linearFor(e.target.value))}
                  data-testid={`item-metric-${index}`}
                >
                  {!metrics?.some((m) => m.key === (item.rule as { metric: string }).metric) && (
                    <option value={item.rule.metric}>{item.rule.metric || "Choose a metric…"}</option>
                  )}
                  {metrics?.map((m) => (
                    <option key={m.key} value={m.key}>
                      {m.label} ({m.better} is better)
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label htmlFor={`${id}-full`} className={labelClass}>
                  Full points at
                </label>
                <input
                  id={`${id}-full`}
                  type="number"
                  step="any"
                  inputMode="decimal"
                  className={`${inputClass} mt-1.5`}
                  value={item.rule.full}
                  onChange={(e) => setRule({ ...(item.rule as Extract<RuleDraft, { kind: "linear" }>), full: e.target.value })}
                  aria-invalid={!!shownProblem}
                  data-testid={`item-full-${index}`}
                />
              </div>
              <div>
                <label htmlFor={`${id}-zero`} className={labelClass}>
                  No points at
                </label>
                <input
                  id={`${id}-zero`}
                  type="number"
                  step="any"
                  inputMode="decimal"
                  className={`${inputClass} mt-1.5`}
                  value={item.rule.zero}
                  onChange={(e) => setRule({ ...(item.rule as Extract<RuleDraft, { kind: "linear" }>), zero: e.target.value })}
                  aria-invalid={!!shownProblem}
                  data-testid={`item-zero-${index}`}
                />
              </div>
              {selectedMetric && <p className="text-xs text-muted sm:col-span-3">{selectedMetric.description}</p>}
            </div>
          )}
          <div id={`${ruleId}-words`} aria-live="polite" className="mt-3 text-sm">
            {rule && <p className="text-slate-700">{describeRule(rule, metrics ?? [])}</p>}
            {item.rule.kind === "default" && (
              <p className="text-slate-700">The rule GenLab sets for this exercise; it is shown here once the assignment is saved.</p>
            )}
            {shownProblem && (
              <p className="mt-1 text-red-700" data-testid={`item-rule-problem-${index}`}>
                {shownProblem}
              </p>
            )}
          </div>
        </fieldset>
      )}
    </Card>
  );
}
