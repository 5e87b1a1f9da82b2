"use client";
import type { inferRouterOutputs } from "@trpc/server";
import { Label } from "radix-ui";
import { useId, useRef, useState, type ChangeEvent, type ComponentProps, type FormEvent } from "react";
import { Alert } from "@/app/_components/Alert";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import type { Column } from "@/app/_components/DataTable";
import { EmptyNote, EmptyState } from "@/app/_components/EmptyState";
import { QueryErrorPage } from "@/app/_components/ErrorState";
import { courseCrumbs, PageHeader } from "@/app/_components/PageHeader";
import { RoleBadge } from "@/app/_components/RoleBadge";
import { Loading } from "@/app/_components/Spinner";
import { LabelledField, TextField } from "@/app/_components/TextField";
import { errorMessage } from "@/app/_lib/errors";
import { absoluteTime, plural, relativeTime } from "@/app/_lib/format";
import { useNow } from "@/app/_lib/useNow";
import { useCopy } from "@/app/_lib/useCopy";
import { api } from "@/app/_trpc/react";
import type { AppRouter } from "@/server/api/root";

type Roster = inferRouterOutputs<AppRouter>["roster"]["list"];
type Member = Roster["members"][number];
type Invite = Roster["invites"][number];
type Role = Member["role"];

const ROLE_LABELS: Record<Role, string> = { STUDENT: "Student", TEACHING_ASSISTANT: "Teaching assistant", INSTRUCTOR: "Instructor" };
const ROLES: Role[] = ["STUDENT", "TEACHING_ASSISTANT", "INSTRUCTOR"];
/** What happened to the links: mailed by GenLab (it has an SMTP server), or for the staff member to send. */
const emailNote = (emailed: boolean) =>
  emailed ? "GenLab is emailing the link too; you can also send it yourself." : "This GenLab sends no email: send the link yourself.";

const inputClass =
  "block h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-base text-ink shadow-sm placeholder:text-slate-400 focus-visible:border-brand-600 sm:text-sm";
const smallInputClass =
  "h-8 w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 text-sm text-ink shadow-sm placeholder:text-slate-400 focus-visible:border-brand-600";

/** Staff: who is in the course, their sections and roles; invite links and roster import. */
export function RosterView({ courseId }: { courseId: string }) {
  const roster = api.roster.list.useQuery({ courseId });
  const course = api.course.get.useQuery({ courseId });
  const me = api.me.useQuery();
  const base = `/courses/${courseId}`;
  const crumbs = courseCrumbs(courseId, course.data?.title);

  if (roster.isPending || ((course.isPending || me.isPending) && !roster.error)) return <Loading label="Loading the roster…" />;
  const failed = roster.error ?? course.error;
  if (failed) {
    return (
      <QueryErrorPage
        title="Roster"
        crumbs={crumbs}
        error={failed}
        retry={() => void Promise.all([roster.refetch(), course.refetch()])}
        backHref={base}
        backLabel="Back to the course"
      />
    );
  }

  const { members, invites, sections } = roster.data!;
  const c = course.data!;
  const viewer: Viewer = { role: c.role, userId: me.data?.id ?? null, archived: c.archived };
  const count = (role: Role) => members.filter((m) => m.role === role).length;
  const students = count("STUDENT");
  const sectionsId = `roster-sections-${courseId}`;
  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title="Roster"
        description={
          <p>
            {plural(members.length, "member")}: {plural(students, "student")}, {plural(count("TEACHING_ASSISTANT"), "teaching assistant")},{" "}
            {plural(count("INSTRUCTOR"), "instructor")}. Submissions count every exercise in the course.
          </p>
        }
      />
      {/* Section names already in use, offered wherever a section is typed. */}
      <datalist id={sectionsId}>
        {sections.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>

      {c.archived ? (
        <div role="status" className="mb-8 rounded-xl border border-slate-300 bg-slate-100 px-5 py-4 text-slate-800">
          <p className="font-semibold">Archived — read-only</p>
          <p className="mt-1 text-sm">
            Nobody can be invited, imported, moved or removed while the course is archived. An instructor can unarchive it in Settings.
          </p>
        </div>
      ) : (
        <div className="mb-10 grid gap-6 lg:grid-cols-2">
          <InviteForm courseId={courseId} viewerRole={c.role} sectionsId={sectionsId} />
          <ImportForm courseId={courseId} />
        </div>
      )}

      <section aria-labelledby="members-heading" className="mb-10">
        <h2 id="members-heading" className="mb-3 text-xl font-semibold">
          Members
        </h2>
        {students === 0 && (
          <div className="mb-4">
            <EmptyState title="No students yet">
              Invite students above, import a class list
              {c.joinCode && c.joinOpen ? (
                <>
                  , or share the join code <strong className="font-mono">{c.joinCode}</strong>
                </>
              ) : null}
              . Students appear here as soon as they join.
            </EmptyState>
          </div>
        )}
        <MembersTable courseId={courseId} members={members} viewer={viewer} sectionsId={sectionsId} />
      </section>

      <section aria-labelledby="invites-heading">
        <h2 id="invites-heading" className="text-xl font-semibold">
          Pending invites
        </h2>
        <p className="mt-1 mb-3 max-w-prose text-sm text-muted">
          Invites not yet accepted and not expired. A link is shown only once, when it is made; to send one again, revoke it and invite the person anew.
        </p>
        <InvitesTable courseId={courseId} invites={invites} viewer={viewer} />
      </section>
    </>
  );
}

interface Viewer {
  role: Role;
  userId: string | null;
  archived: boolean;
}

/** Instructors manage everyone; teaching assistants manage students only. */
const mayManage = (viewer: Viewer, role: Role) =>
  !viewer.archived && (viewer.role === "INSTRUCTOR" || (viewer.role === "TEACHING_ASSISTANT" && role === "STUDENT"));

/**
 * Instructors make password reset links for their students (archived courses too: a student may need
 * to sign in to see grades); the server refuses them for anyone on a course's staff.
 */
const mayMakeResetLink = (viewer: Viewer, m: Member) => viewer.role === "INSTRUCTOR" && m.role === "STUDENT" && m.userId !== viewer.userId;

// ── Copying links ───────────────────────────────────────────────────────────────────────────

/** A read-only field holding a link, with a Copy button; where the clipboard is refused, the text is selected to copy by hand. */
function CopyField({
  value,
  label,
  testId,
  compact = false,
  autoFocus = false,
}: {
  value: string;
  label: string;
  testId?: string;
  compact?: boolean;
  autoFocus?: boolean;
}) {
  const id = useId();
  const { input, state, copy } = useCopy(value);

  return (
    <div className="min-w-0">
      <div className="flex items-center gap-2">
        <label htmlFor={id} className="sr-only">
          {label}
        </label>
        <input
          ref={input}
          id={id}
          readOnly
          value={value}
          autoFocus={autoFocus}
          onFocus={(e) => e.currentTarget.select()}
          className={`${compact ? smallInputClass : inputClass} font-mono text-xs sm:text-xs`}
          data-testid={testId}
        />
        <Button variant="secondary" size={compact ? "sm" : "md"} onClick={copy} className="shrink-0">
          {state === "copied" ? "Copied" : "Copy link"}
          <span className="sr-only"> — {label}</span>
        </Button>
      </div>
      <p aria-live="polite" className="text-xs">
        {state === "copied" && <span className="text-emerald-800">The link is on your clipboard.</span>}
        {state === "manual" && (
          <span className="text-amber-800">This browser did not allow copying. The link is selected: press Ctrl+C (⌘C on a Mac) to copy it.</span>
        )}
      </p>
    </div>
  );
}

const absoluteUrl = (path: string) => (typeof window === "undefined" ? path : `${window.location.origin}${path}`);

// ── Invite ──────────────────────────────────────────────────────────────────────────────────

function InviteForm({ courseId, viewerRole, sectionsId }: { courseId: string; viewerRole: Role; sectionsId: string }) {
  const utils = api.useUtils();
  const roles: Role[] = viewerRole === "INSTRUCTOR" ? ROLES : ["STUDENT"];
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("STUDENT");
  const [section, setSection] = useState("");
  const invite = api.roster.invite.useMutation({
    onSuccess: async () => {
      setEmail("");
      setName("");
      await utils.roster.list.invalidate({ courseId });
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (email.trim().length === 0) return;
    invite.mutate({ courseId, email: email.trim(), role, name: name.trim() || null, section: section.trim() || null });
  }

  return (
    <Card>
      <h2 className="text-lg font-semibold">Invite someone</h2>
      <p className="mt-1 text-sm text-muted">
        An invite link works for one email address, for 30 days. The person signs in (or creates an account) with that address and accepts.
      </p>
      <form onSubmit={onSubmit} className="mt-4 space-y-3">
        <TextField
          label="Email"
          type="email"
          name="email"
          value={email}
          onChange={(e) => {
            setEmail(e.target.value);
            if (invite.error) invite.reset();
          }}
          required
          maxLength={254}
          autoComplete="off"
          placeholder="student@example.edu"
          data-testid="invite-email"
        />
        <div className="grid gap-3 sm:grid-cols-2">
          <LabelledField label="Role" hint={viewerRole === "INSTRUCTOR" ? undefined : "Only instructors invite teaching assistants and instructors."}>
            {(control) => (
              <select {...control} name="role" value={role} onChange={(e) => setRole(e.target.value as Role)} className={inputClass} data-testid="invite-role">
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
              </select>
            )}
          </LabelledField>
          <TextField
            label="Section (optional)"
            name="section"
            value={section}
            onChange={(e) => setSection(e.target.value)}
            maxLength={60}
            list={sectionsId}
            autoComplete="off"
            placeholder="Tuesday lab"
            data-testid="invite-section"
          />
        </div>
        <TextField
          label="Name (optional)"
          name="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={100}
          autoComplete="off"
          data-testid="invite-name"
        />
        {invite.error && <Alert>The invite was not created: {errorMessage(invite.error)}</Alert>}
        <Button type="submit" disabled={invite.isPending || email.trim().length === 0} data-testid="invite-submit">
          {invite.isPending ? "Creating the invite…" : "Create invite link"}
        </Button>
      </form>
      <div aria-live="polite">
        {invite.data && (
          <div className="mt-4 space-y-2 rounded-md border border-emerald-200 bg-emerald-50 p-3" data-testid="invite-result">
            <p className="text-sm text-emerald-900">
              Invite link for <strong>{invite.data.email}</strong> as {ROLE_LABELS[invite.data.role].toLowerCase()}, valid until{" "}
              {absoluteTime(invite.data.expiresAt)}:
            </p>
            <CopyField value={absoluteUrl(invite.data.path)} label={`Invite link for ${invite.data.email}`} testId="invite-link" />
            <p className="text-xs text-emerald-900">{emailNote(invite.data.emailed)} This link is shown only now.</p>
          </div>
        )}
      </div>
    </Card>
  );
}

// ── Import ──────────────────────────────────────────────────────────────────────────────────

const MAX_CSV_BYTES = 256 * 1024;

function ImportForm({ courseId }: { courseId: string }) {
  const id = useId();
  const utils = api.useUtils();
  const [csv, setCsv] = useState("");
  const [fileError, setFileError] = useState<string | null>(null);
  const run = api.roster.import.useMutation({ onSuccess: () => utils.roster.list.invalidate({ courseId }) });

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setFileError(null);
    if (!file) return;
    if (file.size > MAX_CSV_BYTES) {
      setFileError(`“${file.name}” is ${Math.ceil(file.size / 1024)} KB; a roster file has at most 256 KB. Split it.`);
      return;
    }
    try {
      setCsv(await file.text());
      run.reset();
    } catch {
      setFileError(`“${file.name}” could not be read. Save it as CSV (UTF-8) and try again, or paste its rows below.`);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (csv.trim().length === 0) return;
    run.mutate({ courseId, csv });
  }

  return (
    <Card>
      <h2 className="text-lg font-semibold">Import roster (CSV)</h2>
      <p id={`${id}-format`} className="mt-1 text-sm text-muted">
        One person a line: <span className="font-mono text-ink">email, name, section (optional)</span>; a header row is fine. People who already have a GenLab
        account join as students at once; everyone else gets an invite link.
      </p>
      <form onSubmit={onSubmit} className="mt-4 space-y-3">
        <div className="space-y-1.5">
          <Label.Root htmlFor={`${id}-file`} className="block text-sm font-medium">
            CSV file
          </Label.Root>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            onChange={onFile}
            className="block w-full text-sm text-slate-700 file:mr-3 file:h-9 file:rounded-md file:border file:border-line file:bg-white file:px-3 file:text-sm file:font-medium file:text-ink hover:file:bg-slate-50"
            data-testid="roster-file"
          />
          {fileError && <Alert>{fileError}</Alert>}
        </div>
        <div className="space-y-1.5">
          <Label.Root htmlFor={`${id}-csv`} className="block text-sm font-medium">
            Or paste the rows
          </Label.Root>
          <textarea
            id={`${id}-csv`}
            name="csv"
            value={csv}
            onChange={(e) => {
              setCsv(e.target.value);
              if (run.error) run.reset();
            }}
            rows={6}
            spellCheck={false}
            aria-describedby={`${id}-format`}
            placeholder={"email,name,section\nada@example.edu,Ada Lovelace,Lab A\nalan@example.edu,Alan Turing"}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs text-ink shadow-sm placeholder:text-slate-400 focus-visible:border-brand-600"
            data-testid="roster-csv"
          />
        </div>
        {run.error && <Alert>The roster was not imported: {errorMessage(run.error)}</Alert>}
        <Button type="submit" disabled={run.isPending || csv.trim().length === 0} data-testid="roster-import-submit">
          {run.isPending ? "Importing…" : "Import"}
        </Button>
      </form>
      <div aria-live="polite">{run.data && <ImportResult result={run.data} />}</div>
    </Card>
  );
}

function ImportResult({
  result,
}: {
  result: {
    updated: string[];
    invited: { email: string; path: string }[];
    alreadyInvited: string[];
    skipped: { line: number; reason: string }[];
    emailed: boolean;
  };
}) {
  const { updated, invited, alreadyInvited, skipped } = result;
  return (
    <div className="mt-4 space-y-3 rounded-md border border-line bg-slate-50 p-3 text-sm" data-testid="roster-import-result">
      <p className="font-medium">
        {plural(invited.length, "invite link")} created, {plural(updated.length, "member")} already in the course,{" "}
        {plural(alreadyInvited.length, "person", "people")} invited in the last 24 hours, {plural(skipped.length, "row")} skipped.
      </p>
      <p className="text-xs text-muted">
        Nobody is enrolled without saying yes: each person follows their link, or joins with the course&apos;s code — their section from this file comes with
        either.
      </p>
      {updated.length > 0 && (
        <details>
          <summary className="cursor-pointer text-muted">Already in the course ({updated.length}; sections updated)</summary>
          <ul className="mt-1 list-disc pl-5">
            {updated.map((email) => (
              <li key={email}>{email}</li>
            ))}
          </ul>
        </details>
      )}
      {alreadyInvited.length > 0 && (
        <details>
          <summary className="cursor-pointer text-muted">Invited in the last 24 hours, left as they are ({alreadyInvited.length})</summary>
          <ul className="mt-1 list-disc pl-5">
            {alreadyInvited.map((email) => (
              <li key={email}>{email}</li>
            ))}
          </ul>
          <p className="mt-1 text-xs text-muted">To make a new link for one of them, revoke their pending invite below and import again.</p>
        </details>
      )}
      {invited.length > 0 && (
        <div>
          <p className="mb-2 text-xs text-muted">{emailNote(result.emailed)} The links are shown only now.</p>
          <div className="relative overflow-x-auto rounded-md border border-line bg-white">
            <table className="w-full min-w-[28rem] text-left text-sm" data-testid="roster-import-invites">
              <caption className="sr-only">Invite links created by the import</caption>
              <thead className="border-b border-line bg-slate-50 text-xs tracking-wide text-slate-600 uppercase">
                <tr>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Email
                  </th>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Invite link
                  </th>
                </tr>
              </thead>
              <tbody>
                {invited.map((i) => (
                  <tr key={i.email} className="border-b border-line align-top last:border-b-0">
                    <th scope="row" className="px-3 py-2 font-medium break-all">
                      {i.email}
                    </th>
                    <td className="px-3 py-2">
                      <CopyField compact value={absoluteUrl(i.path)} label={`Invite link for ${i.email}`} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {skipped.length > 0 && (
        <div>
          <p className="font-medium text-amber-900">Skipped</p>
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-amber-900">
            {skipped.map((s, index) => (
              <li key={index}>
                {`Line ${s.line}: `}
                {s.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

// ── Tables ──────────────────────────────────────────────────────────────────────────────────

/**
 * The members and invites tables: a region named by the caption that scrolls sideways (it takes the
 * focus, so the keyboard scrolls it too), the column headings, and `children` as rows.
 */
function RosterTable({
  captionId,
  caption,
  columns,
  regionClassName = "",
  className = "",
  children,
  ...table
}: { captionId: string; caption: string; columns: Column[]; regionClassName?: string } & ComponentProps<"table">) {
  return (
    <div
      role="region"
      aria-labelledby={captionId}
      tabIndex={0}
      className={`${regionClassName} relative overflow-x-auto rounded-xl border border-line bg-white shadow-sm`}
    >
      <table className={`w-full ${className} border-collapse text-left text-sm`} {...table}>
        <caption id={captionId} className="sr-only">
          {caption}
        </caption>
        <thead className="border-b border-line bg-slate-50 text-xs tracking-wide text-slate-600 uppercase">
          <tr>
            {columns.map((column) => (
              <th key={column.label} scope="col" className={`px-4 py-3${column.numeric ? " text-right" : ""} font-semibold`}>
                {column.hidden ? <span className="sr-only">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

// ── Members ─────────────────────────────────────────────────────────────────────────────────

function MembersTable({ courseId, members, viewer, sectionsId }: { courseId: string; members: Member[]; viewer: Viewer; sectionsId: string }) {
  const now = useNow();
  const anyActions = members.some((m) => (mayManage(viewer, m.role) && m.userId !== viewer.userId) || mayMakeResetLink(viewer, m));
  return (
    <RosterTable
      captionId="members-caption"
      caption="Course members"
      columns={[
        { label: "Name" },
        { label: "Email" },
        { label: "Role" },
        { label: "Section" },
        { label: "Joined" },
        { label: "Submissions", numeric: true },
        ...(anyActions ? [{ label: "Actions", hidden: true }] : []),
      ]}
      regionClassName="relative"
      className="min-w-[56rem]"
      data-testid="roster-table"
    >
      {members.map((m) => (
        <MemberRow key={m.userId} courseId={courseId} member={m} viewer={viewer} sectionsId={sectionsId} now={now} actionsColumn={anyActions} />
      ))}
    </RosterTable>
  );
}

function MemberRow({
  courseId,
  member: m,
  viewer,
  sectionsId,
  now,
  actionsColumn,
}: {
  courseId: string;
  member: Member;
  viewer: Viewer;
  sectionsId: string;
  now: number;
  actionsColumn: boolean;
}) {
  const utils = api.useUtils();
  const invalidate = () => utils.roster.list.invalidate({ courseId });
  const self = m.userId === viewer.userId;
  const manage = mayManage(viewer, m.role);
  const changeRoles = viewer.role === "INSTRUCTOR" && !viewer.archived;
  const [section, setSection] = useState(m.section ?? "");
  // The roster changed under the row (an import, another tab): show the new section.
  const [shownSection, setShownSection] = useState(m.section);
  if (shownSection !== m.section) {
    setShownSection(m.section);
    setSection(m.section ?? "");
  }
  const update = api.roster.updateMember.useMutation({
    onSuccess: async (result) => {
      setSection(result.section ?? "");
      await invalidate();
      // Changing one's own role changes what this page (and the course) lets one do.
      if (self) await utils.course.get.invalidate({ courseId });
    },
  });
  const remove = api.roster.removeMember.useMutation({ onSuccess: invalidate });
  const resetLink = api.account.createResetLink.useMutation();
  const resetButton = useRef<HTMLButtonElement>(null);
  const sectionDirty = section.trim() !== (m.section ?? "");
  const error = update.error ?? remove.error ?? resetLink.error;
  const resetLinkAllowed = mayMakeResetLink(viewer, m);

  function onSaveSection(event: FormEvent) {
    event.preventDefault();
    if (!sectionDirty) return;
    remove.reset();
    if (resetLink.error) resetLink.reset(); // a link on show stays
    update.mutate({ courseId, userId: m.userId, section: section.trim() || null });
  }

  function onRole(role: Role) {
    if (role === m.role) return;
    if (
      self &&
      role !== "INSTRUCTOR" &&
      !window.confirm(`Make yourself a ${ROLE_LABELS[role].toLowerCase()}? You will no longer be able to change settings or staff.`)
    )
      return;
    remove.reset();
    if (resetLink.error) resetLink.reset(); // a link on show stays
    update.mutate({ courseId, userId: m.userId, role });
  }

  function onRemove() {
    if (!window.confirm(`Remove ${m.name} (${m.email}) from the course? Their submissions are kept, and they can be added again.`)) return;
    update.reset();
    if (resetLink.error) resetLink.reset();
    remove.mutate({ courseId, userId: m.userId });
  }

  function onResetLink() {
    update.reset();
    remove.reset();
    resetLink.mutate({ userId: m.userId });
  }

  const columns = actionsColumn ? 7 : 6;
  const link = resetLink.data;
  return (
    <>
      <tr className={`align-top ${error || link ? "" : "border-b border-line last:border-b-0"}`} data-testid={`roster-row-${m.email}`}>
        <th scope="row" className="px-4 py-2.5 font-medium">
          {m.name}
          {self && <span className="ml-1 text-xs font-normal text-muted">(you)</span>}
        </th>
        <td className="px-4 py-2.5 text-slate-700">
          <a href={`mailto:${m.email}`} className="break-words hover:underline">
            {m.email}
          </a>
        </td>
        <td className="px-4 py-2.5">
          {changeRoles ? (
            <select
              aria-label={`Role of ${m.name}`}
              value={m.role}
              onChange={(e) => onRole(e.target.value as Role)}
              disabled={update.isPending}
              className="h-8 rounded-md border border-slate-300 bg-white px-2 text-sm shadow-sm focus-visible:border-brand-600"
              data-testid="member-role"
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          ) : (
            <RoleBadge role={m.role} />
          )}
        </td>
        <td className="px-4 py-2.5">
          {manage ? (
            <form onSubmit={onSaveSection} className="flex items-center gap-1.5">
              <input
                aria-label={`Section of ${m.name}`}
                value={section}
                onChange={(e) => {
                  setSection(e.target.value);
                  if (update.error) update.reset();
                }}
                maxLength={60}
                list={sectionsId}
                placeholder="None"
                autoComplete="off"
                className={`${smallInputClass} w-32`}
                data-testid="member-section"
              />
              <Button type="submit" variant="secondary" size="sm" disabled={!sectionDirty || update.isPending} data-testid="member-section-save">
                Save<span className="sr-only"> section of {m.name}</span>
              </Button>
            </form>
          ) : (
            <span className={m.section ? "text-slate-700" : "text-muted"}>{m.section ?? "—"}</span>
          )}
          <span aria-live="polite" className="block text-xs">
            {update.isSuccess && update.variables?.section !== undefined && !sectionDirty && <span className="text-emerald-800">Saved</span>}
          </span>
        </td>
        <td className="px-4 py-2.5 whitespace-nowrap text-slate-700">
          <time dateTime={m.joinedAt.toISOString()} title={absoluteTime(m.joinedAt)}>
            {relativeTime(m.joinedAt, now)}
          </time>
        </td>
        <td className="px-4 py-2.5 text-right font-mono tabular-nums">{m.submissions}</td>
        {actionsColumn && (
          <td className="px-4 py-2.5 text-right">
            <div className="flex justify-end gap-1">
              {resetLinkAllowed && (
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={onResetLink}
                  disabled={resetLink.isPending}
                  ref={resetButton}
                  className="whitespace-nowrap"
                  data-testid="member-reset-link"
                >
                  {resetLink.isPending ? "Creating…" : "Reset link"}
                  <span className="sr-only"> — a password reset link for {m.name}</span>
                </Button>
              )}
              {manage && !self && (
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={onRemove}
                  disabled={remove.isPending}
                  className="text-red-700 hover:bg-red-50"
                  data-testid="member-remove"
                >
                  {remove.isPending ? "Removing…" : "Remove"}
                  <span className="sr-only"> {m.name}</span>
                </Button>
              )}
            </div>
          </td>
        )}
      </tr>
      {link && (
        <tr className={error ? "" : "border-b border-line last:border-b-0"}>
          <td colSpan={columns} className="px-4 pb-3">
            <div className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3" data-testid="reset-link-result">
              <p className="text-sm text-amber-950">
                Password reset link for <strong>{m.name}</strong> ({link.email}). It works once, within 24 hours (until {absoluteTime(link.expiresAt)}), and
                replaces any earlier link. Hand it only to {m.name}: whoever opens it can set the password of this account.
              </p>
              <CopyField autoFocus value={absoluteUrl(link.path)} label={`Password reset link for ${m.name}`} testId="reset-link" />
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="text-xs text-amber-900">The link is shown only now.</p>
                <Button
                  variant="secondary"
                  size="sm"
                  onClick={() => {
                    resetLink.reset();
                    resetButton.current?.focus();
                  }}
                >
                  Hide the link<span className="sr-only"> for {m.name}</span>
                </Button>
              </div>
            </div>
          </td>
        </tr>
      )}
      {error && (
        <tr className="border-b border-line last:border-b-0">
          <td colSpan={columns} className="px-4 pb-2.5">
            <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-1.5 text-sm text-red-800">
              {m.name}: {errorMessage(error)}
            </p>
          </td>
        </tr>
      )}
    </>
  );
}

// ── Pending invites ─────────────────────────────────────────────────────────────────────────

function InvitesTable({ courseId, invites, viewer }: { courseId: string; invites: Invite[]; viewer: Viewer }) {
  if (invites.length === 0) {
    return <EmptyNote>No pending invites.</EmptyNote>;
  }
  return (
    <RosterTable
      captionId="invites-caption"
      caption="Pending invites"
      columns={[{ label: "Email" }, { label: "Name" }, { label: "Role" }, { label: "Section" }, { label: "Expires" }, { label: "Actions", hidden: true }]}
      className="min-w-[40rem]"
      data-testid="invites-table"
    >
      {invites.map((invite) => (
        <InviteRow key={invite.id} courseId={courseId} invite={invite} viewer={viewer} />
      ))}
    </RosterTable>
  );
}

function InviteRow({ courseId, invite, viewer }: { courseId: string; invite: Invite; viewer: Viewer }) {
  const utils = api.useUtils();
  const revoke = api.roster.revokeInvite.useMutation({ onSuccess: () => utils.roster.list.invalidate({ courseId }) });
  function onRevoke() {
    if (!window.confirm(`Revoke the invite for ${invite.email}? Its link stops working at once.`)) return;
    revoke.mutate({ courseId, inviteId: invite.id });
  }
  return (
    <tr className="border-b border-line align-top last:border-b-0" data-testid={`invite-row-${invite.email}`}>
      <th scope="row" className="px-4 py-2.5 font-medium break-all">
        {invite.email}
      </th>
      <td className="px-4 py-2.5 text-slate-700">{invite.name ?? "—"}</td>
      <td className="px-4 py-2.5">
        <RoleBadge role={invite.role} />
      </td>
      <td className="px-4 py-2.5 text-slate-700">{invite.section ?? "—"}</td>
      <td className="px-4 py-2.5 whitespace-nowrap text-slate-700">{absoluteTime(invite.expiresAt)}</td>
      <td className="px-4 py-2.5 text-right">
        {mayManage(viewer, invite.role) && (
          <Button variant="ghost" size="sm" onClick={onRevoke} disabled={revoke.isPending} className="text-red-700 hover:bg-red-50" data-testid="invite-revoke">
            {revoke.isPending ? "Revoking…" : "Revoke"}
            <span className="sr-only"> the invite for {invite.email}</span>
          </Button>
        )}
        {revoke.error && (
          <p role="alert" className="mt-1 text-xs text-red-700">
            {errorMessage(revoke.error)}
          </p>
        )}
      </td>
    </tr>
  );
}
