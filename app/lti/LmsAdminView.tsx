"use client";
import type { inferRouterOutputs } from "@trpc/server";
import { useId, useRef, useState, type ComponentProps, type FormEvent, type ReactNode } from "react";
import { Alert, Success } from "@/app/_components/Alert";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { EmptyNote } from "@/app/_components/EmptyState";
import { ErrorState, QueryErrorPage, SignInPrompt } from "@/app/_components/ErrorState";
import { PageHeader } from "@/app/_components/PageHeader";
import { Loading } from "@/app/_components/Spinner";
import { LabelledField, TextField } from "@/app/_components/TextField";
import { failureMessage } from "@/app/_lib/errors";
import { absoluteTime, plural, relativeTime } from "@/app/_lib/format";
import { useNow } from "@/app/_lib/useNow";
import { useCopy } from "@/app/_lib/useCopy";
import { api } from "@/app/_trpc/react";
import { platformInputSchema, type PlatformInput } from "@/lib/lti/registration";
import type { AppRouter } from "@/server/api/root";

type Configuration = inferRouterOutputs<AppRouter>["lti"]["tool"]["configuration"];
type Platform = inferRouterOutputs<AppRouter>["lti"]["platforms"][number];

const TITLE = "LMS integration";

const inputClass =
  "block h-10 w-full min-w-0 rounded-md border bg-white px-3 text-base text-ink shadow-sm placeholder:text-slate-400 focus-visible:border-brand-600 sm:text-sm";
const textareaClass =
  "block w-full rounded-md border bg-white px-3 py-2 font-mono text-xs text-ink shadow-sm placeholder:text-slate-400 focus-visible:border-brand-600";
const codeClass = "rounded bg-slate-100 px-1 py-0.5 font-mono text-xs break-all text-ink";

function Section({ id, title, description, children }: { id: string; title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Card>
        <h2 id={id} className="text-lg font-semibold text-ink">
          {title}
        </h2>
        {description && <div className="mt-1 space-y-2 text-sm text-muted">{description}</div>}
        <div className="mt-4">{children}</div>
      </Card>
    </section>
  );
}

/** GenLab's LMS page: what an LMS administrator types into the LMS, and, for GenLab's LMS administrators, the LMSs registered here. */
export function LmsAdminView() {
  const me = api.me.useQuery();
  const tool = api.lti.tool.useQuery(undefined, { enabled: !!me.data });

  if (me.isPending || (me.data && tool.isPending)) return <Loading label="Loading the LMS settings…" />;
  if (me.error) return <QueryErrorPage title={TITLE} error={me.error} retry={() => me.refetch()} />;
  if (!me.data) {
    return (
      <>
        <PageHeader title={TITLE} />
        <SignInPrompt message="Please sign in to see how to add GenLab to an LMS." />
      </>
    );
  }
  if (tool.error) return <QueryErrorPage title={TITLE} error={tool.error} retry={() => tool.refetch()} />;

  const { configuration, canManage } = tool.data!;
  return (
    <>
      <PageHeader
        title={TITLE}
        description={
          <p>
            Add GenLab to Canvas, Moodle, Brightspace or Sakai (LTI 1.3): instructors add GenLab assignments to their LMS courses, students open them from the
            LMS without another sign-in, and GenLab sends their grades to the LMS&apos;s gradebook.
          </p>
        }
      />
      <div className="max-w-3xl space-y-6">
        <ToolSection configuration={configuration} />
        <StepsSection configuration={configuration} canManage={canManage} />
        {canManage ? (
          <>
            <PlatformsSection />
            <RegistrationLinkSection />
            <RegisterByHandSection />
          </>
        ) : (
          <Card tone="amber">
            <p className="text-sm text-amber-950">
              Only GenLab&apos;s LMS administrators register LMSs. The person who runs GenLab grants that with{" "}
              <code className={codeClass}>genlab user allow-lms {me.data.email}</code>.
            </p>
          </Card>
        )}
      </div>
    </>
  );
}

// ── Copying values ──────────────────────────────────────────────────────────────────────────

/** A value to copy into the LMS, read-only, with a Copy button; where the clipboard is refused, the text is selected to copy by hand. */
function CopyField({ label, value, hint }: { label: string; value: string; hint?: ReactNode }) {
  const { input, state, copy } = useCopy(value);

  return (
    <LabelledField label={label} hint={hint}>
      {(control) => (
        <div>
          <div className="flex items-center gap-2">
            <input
              {...control}
              ref={input}
              readOnly
              value={value}
              onFocus={(e) => e.currentTarget.select()}
              className={`${inputClass} border-slate-300 font-mono text-xs sm:text-xs`}
            />
            <Button variant="secondary" onClick={copy} className="shrink-0">
              {state === "copied" ? "Copied" : "Copy"}
              <span className="sr-only"> {label}</span>
            </Button>
          </div>
          <p aria-live="polite" className="text-xs">
            {state === "copied" && <span className="text-emerald-800">Copied: the {label.toLowerCase()} is on your clipboard.</span>}
            {state === "manual" && (
              <span className="text-amber-800">This browser did not allow copying. The text is selected: press Ctrl+C (⌘C on a Mac) to copy it.</span>
            )}
          </p>
        </div>
      )}
    </LabelledField>
  );
}

// ── GenLab's side ───────────────────────────────────────────────────────────────────────────

const TOOL_FIELDS: { key: Exclude<keyof Configuration, "canvasConfigurationUrl">; label: string; hint?: string }[] = [
  { key: "issuer", label: "Tool issuer", hint: "GenLab's own address; some LMSs ask for it as the tool URL." },
  { key: "loginUrl", label: "OIDC login URL (initiate login)" },
  { key: "launchUrl", label: "Redirect (launch) URL", hint: "Also the target link URI and the redirect URI." },
  { key: "deepLinkingUrl", label: "Deep linking URL", hint: "Where instructors pick a GenLab assignment from the LMS." },
  { key: "jwksUrl", label: "Public keyset (JWKS) URL", hint: "GenLab's public keys, which the LMS checks GenLab's messages with." },
  { key: "domain", label: "Domain" },
];

function ToolSection({ configuration }: { configuration: Configuration }) {
  return (
    <Section
      id="lti-tool-heading"
      title="GenLab's side of the registration"
      description={<p>What an LMS administrator types into the LMS when adding GenLab as an LTI 1.3 tool.</p>}
    >
      <div className="space-y-4">
        {TOOL_FIELDS.map((field) => (
          <CopyField key={field.key} label={field.label} value={configuration[field.key]} hint={field.hint} />
        ))}
      </div>
    </Section>
  );
}

// ── Steps in each LMS ───────────────────────────────────────────────────────────────────────

function Lms({ name, children }: { name: string; children: ReactNode }) {
  return (
    <details className="py-3">
      <summary className="cursor-pointer font-medium text-ink">{name}</summary>
      <ol className="mt-3 list-decimal space-y-2 pl-5 text-sm text-slate-700">{children}</ol>
    </details>
  );
}

const Path = ({ children }: { children: ReactNode }) => <strong className="font-medium text-ink">{children}</strong>;

function StepsSection({ configuration, canManage }: { configuration: Configuration; canManage: boolean }) {
  const registerHere = canManage ? "under “Register by hand” below" : "on this page (GenLab's LMS administrators do)";
  const linkFrom = canManage ? "a registration link from “Register with a link” below" : "a registration link from GenLab's LMS administrators";
  return (
    <Section
      id="lti-steps-heading"
      title="Steps in each LMS"
      description={<p>Open your LMS for its steps. Only the LMS&apos;s administrators can add tools.</p>}
    >
      <div className="divide-y divide-line border-y border-line">
        <Lms name="Canvas">
          <li>
            <Path>Admin → Developer Keys → + Developer Key → + LTI Key</Path>. Give it a name, and the redirect (launch) URL as Redirect URIs.
          </li>
          <li>
            Choose Method <Path>Enter URL</Path> and paste this address (or choose Manual Entry and paste the values above):
            <div className="mt-2">
              <CopyField label="Canvas configuration URL" value={configuration.canvasConfigurationUrl} />
            </div>
          </li>
          <li>
            Save, switch the key <Path>ON</Path>, and copy its <Path>Client ID</Path> (the number under Details).
          </li>
          <li>
            <Path>Admin → Settings → Apps → View App Configurations → + App</Path>, Configuration Type <Path>By Client ID</Path> (or the same in one
            course&apos;s Settings). Then the app&apos;s ⚙ menu → <Path>Deployment Id</Path>: copy it.
          </li>
          <li>
            Register Canvas {registerHere}. For Instructure-hosted Canvas: issuer <code className={codeClass}>https://canvas.instructure.com</code>,
            authorization URL <code className={codeClass}>https://sso.canvaslms.com/api/lti/authorize_redirect</code>, access token URL{" "}
            <code className={codeClass}>https://sso.canvaslms.com/login/oauth2/token</code>, public keyset URL{" "}
            <code className={codeClass}>https://sso.canvaslms.com/api/lti/security/jwks</code>, and your Canvas&apos;s address (such as
            https://school.instructure.com) as LMS web address.
          </li>
        </Lms>
        <Lms name="Moodle">
          <li>
            <Path>Site administration → Plugins → Activity modules → External tool → Manage tools</Path>.
          </li>
          <li>
            Quickest: paste {linkFrom} into <Path>Tool URL</Path>, press <Path>Add LTI Advantage</Path>, then activate the tool in the list. Moodle and GenLab
            register each other; you are done.
          </li>
          <li>
            Or <Path>configure a tool manually</Path>: LTI version <Path>LTI 1.3</Path>, Public key type <Path>Keyset URL</Path> (GenLab&apos;s public keyset
            URL), Initiate login URL, Redirection URI(s) and Tool URL = the values above; tick <Path>Supports Deep Linking</Path>. Under Services allow grade
            sync and the roster (Names and roles); under Privacy share the launcher&apos;s name and email.
          </li>
          <li>
            Save, open the tool&apos;s configuration details, and copy <Path>Platform ID</Path> (the issuer), <Path>Client ID</Path>, <Path>Deployment ID</Path>{" "}
            and the <Path>Public keyset</Path>, <Path>Access token</Path> and <Path>Authentication request</Path> URLs. Register Moodle {registerHere}.
          </li>
        </Lms>
        <Lms name="Brightspace and Sakai">
          <li>
            Paste {linkFrom} into the LMS&apos;s LTI Advantage dynamic registration (Brightspace:{" "}
            <Path>Admin Tools → Manage Extensibility → LTI Advantage → Register Tool → Dynamic</Path>; Sakai:{" "}
            <Path>Administration Workspace → External Tools</Path>
            ).
          </li>
          <li>Make the tool available to your courses there (Brightspace: a deployment for your org units).</li>
        </Lms>
      </div>
    </Section>
  );
}

// ── Registered LMSs ─────────────────────────────────────────────────────────────────────────

function PlatformsSection() {
  const platforms = api.lti.platforms.useQuery();
  const [removedName, setRemovedName] = useState<string | null>(null);
  const now = useNow();

  let body: ReactNode;
  if (platforms.isPending) body = <Loading inline label="Loading the registered LMSs…" />;
  else if (platforms.error)
    body = (
      <ErrorState title="The registered LMSs could not be loaded" action={<Button onClick={() => platforms.refetch()}>Try again</Button>}>
        {failureMessage(platforms.error)}
      </ErrorState>
    );
  else if (platforms.data.length === 0) body = <EmptyNote>No LMS is registered yet. Register one with a link or by hand below.</EmptyNote>;
  else
    body = (
      <ul className="space-y-3">
        {platforms.data.map((platform) => (
          <PlatformItem key={platform.id} platform={platform} now={now} onRemoved={() => setRemovedName(platform.name)} />
        ))}
      </ul>
    );

  return (
    <Section
      id="lti-platforms-heading"
      title="Registered LMSs"
      description={<p>The LMSs whose courses may add GenLab. Removing one stops its launches; GenLab&apos;s courses, accounts and grades stay.</p>}
    >
      <div aria-live="polite">{removedName && <Success className="mb-3">“{removedName}” is removed.</Success>}</div>
      {body}
    </Section>
  );
}

function PlatformItem({ platform: p, now, onRemoved }: { platform: Platform; now: number; onRemoved: () => void }) {
  const utils = api.useUtils();
  const confirmId = useId();
  const removeButton = useRef<HTMLButtonElement>(null);
  const [confirming, setConfirming] = useState(false);
  const remove = api.lti.removePlatform.useMutation({
    onSuccess: async () => {
      onRemoved();
      await utils.lti.platforms.invalidate();
    },
  });

  function keep() {
    setConfirming(false);
    remove.reset();
    removeButton.current?.focus();
  }

  const details: [string, ReactNode][] = [
    ["Issuer", p.issuer],
    ["Client ID", p.clientId],
    [p.deploymentIds.length === 1 ? "Deployment ID" : "Deployment IDs", p.deploymentIds.join(", ") || "none"],
    ["LMS web addresses", p.webOrigins.join(", ") || "none"],
    ["Linked courses", p.linkedCourses],
    ["People", `${plural(p.people, "person", "people")} launched GenLab from it`],
    [
      "Registered",
      <time key="registered" dateTime={p.createdAt.toISOString()} title={absoluteTime(p.createdAt)}>
        {relativeTime(p.createdAt, now)}
      </time>,
    ],
  ];

  return (
    <li className="rounded-lg border border-line bg-white p-4" data-testid="lti-platform">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h3 className="font-semibold break-words text-ink">{p.name}</h3>
        <Button
          ref={removeButton}
          variant="ghost"
          size="sm"
          className="text-red-700 hover:bg-red-50"
          aria-expanded={confirming}
          aria-controls={confirming ? confirmId : undefined}
          onClick={() => setConfirming(true)}
        >
          Remove<span className="sr-only"> {p.name}</span>
        </Button>
      </div>
      <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
        {details.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="text-muted">{term}</dt>
            <dd className="mb-1 break-all text-ink sm:mb-0">{value}</dd>
          </div>
        ))}
      </dl>
      {confirming && (
        <div id={confirmId} role="group" aria-labelledby={`${confirmId}-question`} className="mt-3 rounded-md border border-red-200 bg-red-50 p-3">
          <p id={`${confirmId}-question`} className="text-sm text-red-900">
            Remove “{p.name}”? Its launches stop at once, and GenLab forgets its course links and grade columns ({plural(p.linkedCourses, "linked course")}).
            GenLab&apos;s courses, accounts and grades stay; you can register it again.
          </p>
          <div className="mt-2 flex flex-wrap gap-2">
            <Button variant="danger" size="sm" onClick={() => remove.mutate({ platformId: p.id })} disabled={remove.isPending}>
              {remove.isPending ? "Removing…" : "Remove"}
              <span className="sr-only"> {p.name}</span>
            </Button>
            {/* The safe answer takes the focus. */}
            <Button variant="secondary" size="sm" onClick={keep} autoFocus>
              Keep<span className="sr-only"> {p.name}</span>
            </Button>
          </div>
          {remove.error && (
            <Alert className="mt-2">
              “{p.name}” was not removed: {failureMessage(remove.error)}
            </Alert>
          )}
        </div>
      )}
    </li>
  );
}

// ── Dynamic Registration ────────────────────────────────────────────────────────────────────

function RegistrationLinkSection() {
  const link = api.lti.createRegistrationLink.useMutation();
  return (
    <Section
      id="lti-link-heading"
      title="Register with a link (Dynamic Registration)"
      description={
        <p>
          For Moodle, Brightspace and Sakai: paste a one-time link into the LMS, and the LMS and GenLab register each other, with nothing to copy back. The LMS
          then appears under Registered LMSs.
        </p>
      }
    >
      <div className="space-y-3">
        <Button
          variant={link.data ? "secondary" : "primary"}
          onClick={() => link.mutate({})}
          disabled={link.isPending}
          data-testid="lti-registration-link-create"
        >
          {link.isPending ? "Making a link…" : link.data ? "Make another link" : "Make a registration link"}
        </Button>
        {link.error && <Alert>No link was made: {failureMessage(link.error)}</Alert>}
        <div aria-live="polite">
          {link.data && (
            <CopyField
              label="Registration link"
              value={link.data.url}
              hint={`Works once, until ${absoluteTime(link.data.expiresAt)}. Whoever has it can register an LMS: paste it only into your LMS.`}
            />
          )}
        </div>
      </div>
    </Section>
  );
}

// ── Registering by hand ─────────────────────────────────────────────────────────────────────

interface Draft {
  name: string;
  issuer: string;
  clientId: string;
  deploymentIds: string;
  authLoginUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  tokenAudience: string;
  webOrigins: string;
}
type FieldName = keyof Draft;

const EMPTY_DRAFT: Draft = {
  name: "",
  issuer: "",
  clientId: "",
  deploymentIds: "",
  authLoginUrl: "",
  tokenUrl: "",
  jwksUrl: "",
  tokenAudience: "",
  webOrigins: "",
};
/** The order of the form, so the focus goes to the first field with a problem. */
const FIELD_ORDER: FieldName[] = ["name", "issuer", "clientId", "deploymentIds", "authLoginUrl", "tokenUrl", "jwksUrl", "tokenAudience", "webOrigins"];

/** One value a line, or several separated by commas. */
const listOf = (text: string) =>
  text
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter(Boolean);

function inputOf(draft: Draft): PlatformInput {
  return {
    name: draft.name,
    issuer: draft.issuer,
    clientId: draft.clientId,
    deploymentIds: listOf(draft.deploymentIds),
    authLoginUrl: draft.authLoginUrl,
    tokenUrl: draft.tokenUrl,
    jwksUrl: draft.jwksUrl,
    tokenAudience: draft.tokenAudience.trim() || undefined,
    webOrigins: listOf(draft.webOrigins),
  };
}

/** The first problem with each field, in words; a bad line of a list is quoted. */
function problemsOf(input: PlatformInput): Partial<Record<FieldName, string>> {
  const parsed = platformInputSchema.safeParse(input);
  if (parsed.success) return {};
  const problems: Partial<Record<FieldName, string>> = {};
  for (const issue of parsed.error.issues) {
    const [field, index] = issue.path as [FieldName, number | undefined];
    if (problems[field]) continue;
    const list = field === "deploymentIds" || field === "webOrigins" ? input[field] : undefined;
    problems[field] = list && typeof index === "number" ? `“${list[index]}”: ${issue.message}` : issue.message;
  }
  return problems;
}

function TextArea({ label, hint, error, className, ...textarea }: { label: string; hint?: ReactNode; error?: string | null } & ComponentProps<"textarea">) {
  return (
    <LabelledField label={label} hint={hint} error={error} className={className}>
      {(control) => (
        <textarea {...control} rows={2} spellCheck={false} className={`${textareaClass} ${error ? "border-red-500" : "border-slate-300"}`} {...textarea} />
      )}
    </LabelledField>
  );
}

function RegisterByHandSection() {
  const utils = api.useUtils();
  const form = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [problems, setProblems] = useState<Partial<Record<FieldName, string>>>({});
  const register = api.lti.registerPlatform.useMutation({
    onSuccess: async () => {
      setDraft(EMPTY_DRAFT);
      await utils.lti.platforms.invalidate();
    },
  });

  const field = (name: FieldName) => ({
    name,
    value: draft[name],
    error: problems[name],
    onChange: (event: { target: { value: string } }) => {
      setDraft((d) => ({ ...d, [name]: event.target.value }));
      setProblems((p) => ({ ...p, [name]: undefined }));
      if (register.error || register.isSuccess) register.reset();
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const input = inputOf(draft);
    const found = problemsOf(input);
    setProblems(found);
    const first = FIELD_ORDER.find((name) => found[name]);
    if (first) {
      (form.current?.elements.namedItem(first) as HTMLElement | null)?.focus();
      return;
    }
    register.mutate(input);
  }

  return (
    <Section
      id="lti-register-heading"
      title="Register by hand"
      description={
        <p>
          With the values the LMS shows once GenLab is added there (see the steps above). Registering the same issuer and client ID again adds its new
          deployment IDs.
        </p>
      }
    >
      <form ref={form} onSubmit={onSubmit} noValidate className="space-y-4" data-testid="lti-register-form">
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="Name" hint="How GenLab names this LMS to you, e.g. “University Canvas”." maxLength={100} autoComplete="off" {...field("name")} />
          <TextField
            label="Issuer (platform ID)"
            hint="Hosted Canvas: https://canvas.instructure.com; Moodle: its own address."
            maxLength={500}
            autoComplete="off"
            spellCheck={false}
            {...field("issuer")}
          />
          <TextField label="Client ID" hint="The id the LMS gave GenLab." maxLength={255} autoComplete="off" spellCheck={false} {...field("clientId")} />
          <TextArea label="Deployment IDs" hint="One a line, or separated by commas." {...field("deploymentIds")} />
        </div>
        <TextField
          label="Authorization URL (OIDC authentication request)"
          type="url"
          maxLength={2048}
          autoComplete="off"
          placeholder="https://"
          {...field("authLoginUrl")}
        />
        <TextField label="Access token URL" type="url" maxLength={2048} autoComplete="off" placeholder="https://" {...field("tokenUrl")} />
        <TextField label="Public keyset URL (the LMS's JWKS)" type="url" maxLength={2048} autoComplete="off" placeholder="https://" {...field("jwksUrl")} />
        <TextField
          label="Token audience (optional)"
          hint="Only if your LMS names one, e.g. Brightspace."
          maxLength={500}
          autoComplete="off"
          spellCheck={false}
          {...field("tokenAudience")}
        />
        <TextArea
          label="LMS web addresses (optional)"
          hint="One a line: where people use the LMS, such as https://school.instructure.com; these pages may show GenLab in a frame. Default: the authorization URL's site."
          {...field("webOrigins")}
        />
        {register.error && <Alert>The LMS was not registered: {failureMessage(register.error)}</Alert>}
        <div aria-live="polite">
          {register.isSuccess && (
            <Success>“{register.variables.name.trim()}” is registered: its instructors can now add GenLab assignments to their courses.</Success>
          )}
        </div>
        <Button type="submit" disabled={register.isPending} data-testid="lti-register-submit">
          {register.isPending ? "Registering…" : "Register the LMS"}
        </Button>
      </form>
    </Section>
  );
}
