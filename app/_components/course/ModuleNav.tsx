import Link from "next/link";
import type { TocEntry } from "@/app/_lib/module-nav";

/** "On this page": the reading's sections as in-page links, at the top of a long module. */
export function ModuleToc({ entries }: { entries: readonly TocEntry[] }) {
  return (
    <nav aria-labelledby="module-toc-heading" className="mb-8 max-w-prose rounded-lg border border-line bg-white px-4 py-3 text-sm" data-testid="module-toc">
      <p id="module-toc-heading" className="font-semibold">
        On this page
      </p>
      <ol className="mt-2 list-decimal space-y-1 pl-5">
        {entries.map((e) => (
          <li key={e.id}>
            <a href={`#${e.id}`} className="text-brand-700 underline-offset-2 hover:underline">
              {e.text}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** The previous and next module of the course, at the bottom of a module page. */
export function ModulePager({
  base,
  previous,
  next,
}: {
  /** The course's address, /courses/<id>. */
  base: string;
  previous: { slug: string; title: string } | null;
  next: { slug: string; title: string } | null;
}) {
  if (!previous && !next) return null;
  const card = "block rounded-lg border border-line bg-white px-4 py-3 shadow-sm hover:border-brand-600 hover:bg-brand-50";
  return (
    <nav aria-label="Previous and next module" className="mt-12 grid max-w-prose gap-3 border-t border-line pt-6 sm:grid-cols-2" data-testid="module-pager">
      {previous && (
        <Link href={`${base}/modules/${previous.slug}`} rel="prev" className={card} data-testid="module-previous">
          <span className="block text-xs text-muted">
            <span aria-hidden="true">← </span>Previous module
          </span>
          <span className="font-medium">{previous.title}</span>
        </Link>
      )}
      {next && (
        <Link href={`${base}/modules/${next.slug}`} rel="next" className={`${card} sm:col-start-2 sm:text-right`} data-testid="module-next">
          <span className="block text-xs text-muted">
            Next module<span aria-hidden="true"> →</span>
          </span>
          <span className="font-medium">{next.title}</span>
        </Link>
      )}
    </nav>
  );
}
