"use client";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/app/_components/Button";
import {
  CRITERIA,
  type Criterion,
  familiesAt,
  filterFamilies,
  MODEL_FAMILIES,
  type ModelFamily,
  sortFamilies,
  type SortDirection,
  TAXONOMY,
  type TaxonomyBranch,
  type TradeOff,
} from "@/lib/course/model-families";

/*
 * The families of generative models on Goodfellow's (2016) taxonomy tree, and their trade-offs as a
 * table that sorts by any column (best first, press again for worst first) and filters to the
 * families that do best on chosen criteria or sit in one branch of the tree
 * (lib/course/model-families.ts). Each family links to the module that teaches it: the course's id
 * comes from the page's address, so outside a course page the names are plain text.
 */

const GRADE_STYLE: Record<TradeOff["grade"], string> = {
  2: "bg-green-50 text-green-800",
  1: "bg-amber-50 text-amber-900",
  0: "bg-red-50 text-red-800",
};
const GRADE_WORD: Record<TradeOff["grade"], string> = { 2: "best", 1: "middle", 0: "worst" };
const LEAF_TITLE = new Map(TAXONOMY.flatMap((b) => b.leaves.map((l) => [l.id, l.title] as const)));

function FamilyName({ family, base }: { family: ModelFamily; base: string | null }) {
  if (!family.moduleSlug || !base) return <>{family.name}</>;
  return <Link href={`${base}/modules/${family.moduleSlug}`}>{family.name}</Link>;
}

export function GenerativeFamilyMap() {
  const id = useId();
  // Null outside a Next page (the unit tests render the reading on its own).
  const courseId = useParams()?.courseId;
  const base = typeof courseId === "string" ? `/courses/${courseId}` : null;
  const [sort, setSort] = useState<{ by: Criterion | null; direction: SortDirection }>({ by: null, direction: "descending" });
  const [required, setRequired] = useState<Criterion[]>([]);
  const [branch, setBranch] = useState<TaxonomyBranch["id"] | null>(null);
  const [reasons, setReasons] = useState(true);

  const rows = sortFamilies(filterFamilies(MODEL_FAMILIES, required, branch), sort.by, sort.direction);
  const sortBy = (criterion: Criterion) =>
    setSort((s) => ({ by: criterion, direction: s.by === criterion && s.direction === "descending" ? "ascending" : "descending" }));
  const toggleRequired = (criterion: Criterion) => setRequired((r) => (r.includes(criterion) ? r.filter((c) => c !== criterion) : [...r, criterion]));
  const changed = sort.by !== null || required.length > 0 || branch !== null;

  const sortedText = sort.by
    ? `, sorted by ${CRITERIA.find((c) => c.id === sort.by)!.title.toLowerCase()} (${sort.direction === "descending" ? "best" : "worst"} first)`
    : "";
  const filterText =
    (required.length > 0 ? ` with ${required.map((r) => CRITERIA.find((c) => c.id === r)!.best).join(" and ")}` : "") +
    (branch ? ` among ${TAXONOMY.find((b) => b.id === branch)!.title.toLowerCase()} models` : "");

  return (
    <figure className="my-6 rounded-xl border border-line bg-white p-4 shadow-sm" aria-labelledby={`${id}-title`} data-testid="family-map">
      <figcaption id={`${id}-title`} className="text-base font-semibold text-ink">
        Explore: a map of the families and what each trades off
      </figcaption>
      <p className="!mt-1 !mb-3 text-sm text-muted">
        The tree of Goodfellow&apos;s 2016 tutorial, for models trained by maximum likelihood or seen that way; diffusion models, which came later, sit with the
        variational ones. Each name opens its module.
      </p>

      <div className="grid gap-3 sm:grid-cols-2">
        {TAXONOMY.map((b) => (
          <section
            key={b.id}
            className={`rounded-lg border p-3 ${branch === b.id ? "border-brand-600 bg-brand-50" : "border-line"}`}
            aria-labelledby={`${id}-${b.id}`}
          >
            <h3 id={`${id}-${b.id}`} className="!mt-0 !mb-0 text-sm font-semibold text-ink">
              {b.title}
            </h3>
            <p className="!my-0 text-xs text-muted">{b.note}</p>
            <ul className="!mt-2 !mb-0 !space-y-2 !pl-0 list-none">
              {b.leaves.map((leaf) => (
                <li key={leaf.id} className="border-l-2 border-slate-300 pl-2">
                  <span className="block text-xs font-semibold text-slate-700">{leaf.title}</span>
                  <span className="block text-xs text-muted">{leaf.note}</span>
                  <ul className="!my-1 !space-y-0 !pl-0 list-none text-sm">
                    {familiesAt(leaf.id).map((f) => (
                      <li key={f.id}>
                        <FamilyName family={f} base={base} />
                        <span className="text-xs text-muted">
                          {" "}
                          ({f.examples}
                          {f.classical ? "; classical" : ""}
                          {f.moduleSlug ? "" : "; not covered in this course"})
                        </span>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>

      <h3 className="!mt-5 !mb-1 text-sm font-semibold text-ink">Trade-offs</h3>
      <div className="flex flex-wrap items-center gap-1.5 text-sm" role="group" aria-label="Show only the families with">
        <span className="text-muted">Only with:</span>
        {CRITERIA.map((c) => (
          <Button
            key={c.id}
            size="sm"
            variant={required.includes(c.id) ? "primary" : "secondary"}
            aria-pressed={required.includes(c.id)}
            onClick={() => toggleRequired(c.id)}
            data-testid={`family-filter-${c.id}`}
          >
            {c.best}
          </Button>
        ))}
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-3 text-sm">
        <label className="flex items-center gap-2">
          Branch of the tree
          <select
            className="rounded-md border border-line bg-white px-2 py-1"
            value={branch ?? ""}
            onChange={(e) => setBranch(e.target.value === "" ? null : (e.target.value as TaxonomyBranch["id"]))}
            data-testid="family-branch"
          >
            <option value="">Both</option>
            {TAXONOMY.map((b) => (
              <option key={b.id} value={b.id}>
                {b.title}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={reasons} onChange={(e) => setReasons(e.target.checked)} className="size-4 accent-brand-600" />
          Show the reasons
        </label>
        <Button
          size="sm"
          variant="ghost"
          disabled={!changed}
          onClick={() => {
            setSort({ by: null, direction: "descending" });
            setRequired([]);
            setBranch(null);
          }}
        >
          Show all, in the first order
        </Button>
      </div>

      <p className="!my-2 text-sm" aria-live="polite" data-testid="family-count">
        {rows.length === 0
          ? `No family has ${required.map((r) => CRITERIA.find((c) => c.id === r)!.best).join(" and ")}${branch ? " in this branch" : ""}: every family gives something up.`
          : `Showing ${rows.length} of ${MODEL_FAMILIES.length} families${filterText}${sortedText}.`}
      </p>

      <div
        className="relative overflow-x-auto rounded-md border border-line"
        tabIndex={0}
        role="region"
        aria-label="Trade-offs of the families; scrolls sideways"
      >
        <table className={`w-full border-collapse text-left text-sm ${reasons ? "min-w-[46rem]" : "min-w-[36rem]"}`}>
          <caption className="sr-only">
            Trade-offs of each family of generative models; the column buttons sort the rows, best grade first and then worst first.
          </caption>
          <thead>
            <tr className="border-b border-line">
              <th scope="col" className="sticky left-0 bg-white px-2 py-2 font-semibold">
                Family
              </th>
              {CRITERIA.map((c) => (
                <th key={c.id} scope="col" className="px-2 py-2" aria-sort={sort.by === c.id ? sort.direction : undefined}>
                  <button
                    type="button"
                    onClick={() => sortBy(c.id)}
                    className="inline-flex items-center gap-1 rounded font-semibold text-ink hover:text-brand-700"
                    data-testid={`family-sort-${c.id}`}
                  >
                    {c.title}
                    <span aria-hidden="true" className="text-xs text-muted">
                      {sort.by === c.id ? (sort.direction === "descending" ? "▼" : "▲") : "↕"}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((f) => (
              <tr key={f.id} className="border-b border-line/60 align-top last:border-0" data-testid="family-row" data-family={f.id}>
                <th scope="row" className="sticky left-0 w-28 bg-white px-2 py-2 font-medium sm:w-40">
                  <FamilyName family={f} base={base} />
                  <span className="block text-xs font-normal text-muted">{LEAF_TITLE.get(f.leaf)}</span>
                </th>
                {CRITERIA.map((c) => {
                  const cell = f.trade[c.id];
                  return (
                    <td key={c.id} className="px-2 py-2">
                      <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-semibold ${GRADE_STYLE[cell.grade]}`}>
                        {cell.value}
                        <span className="sr-only"> ({GRADE_WORD[cell.grade]})</span>
                      </span>
                      {reasons && <span className="mt-1 block text-xs text-slate-700">{cell.why}</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="!mt-2 !mb-0 text-xs text-muted">Green: the best of the three grades; amber: in between; red: the worst.</p>
    </figure>
  );
}
