import Link from "next/link";
import type { ReactNode } from "react";
import { DocumentTitle } from "./DocumentTitle";

export interface Crumb {
  href: string;
  label: string;
}

/** The crumbs of a page inside a course: "My courses", the course (named once it is loaded), then `deeper`. */
export function courseCrumbs(courseId: string, courseTitle: string | undefined, ...deeper: Crumb[]): Crumb[] {
  return [{ href: "/courses", label: "My courses" }, { href: `/courses/${courseId}`, label: courseTitle ?? "Course" }, ...deeper];
}

/** Breadcrumbs, the page's one h1, an optional description and actions; the tab is named after the page. */
export function PageHeader({
  title,
  description,
  crumbs,
  actions,
  tabTitle,
}: {
  title: ReactNode;
  description?: ReactNode;
  crumbs?: Crumb[];
  actions?: ReactNode;
  /** The tab's name when `title` is not plain text. */
  tabTitle?: string;
}) {
  // The page, then where it is: "Leaderboard · Gaussian GANs" (the nearest crumb past "My courses").
  const where = crumbs && crumbs.length > 1 ? crumbs[crumbs.length - 1].label : undefined;
  return (
    <header className="mb-8">
      <DocumentTitle parts={[tabTitle ?? (typeof title === "string" ? title : undefined), where]} />
      {crumbs && crumbs.length > 0 && (
        <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted">
          <ol className="flex flex-wrap items-center gap-1">
            {crumbs.map((c) => (
              <li key={c.href} className="flex items-center gap-1">
                <Link href={c.href} className="hover:text-ink hover:underline">
                  {c.label}
                </Link>
                <span aria-hidden="true">/</span>
              </li>
            ))}
          </ol>
        </nav>
      )}
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-bold tracking-tight text-ink sm:text-3xl">{title}</h1>
          {description && <div className="mt-2 max-w-prose text-muted">{description}</div>}
        </div>
        {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
      </div>
    </header>
  );
}
