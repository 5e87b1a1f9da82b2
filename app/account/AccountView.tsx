"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { Alert, Success } from "@/app/_components/Alert";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { QueryErrorPage, SignInPrompt } from "@/app/_components/ErrorState";
import { NewPasswordFields, useNewPassword } from "@/app/_components/NewPasswordFields";
import { PageHeader } from "@/app/_components/PageHeader";
import { Loading } from "@/app/_components/Spinner";
import { ShowPasswords, TextField } from "@/app/_components/TextField";
import { authClient } from "@/app/_lib/auth-client";
import { errorCode, errorMessage, failureMessage } from "@/app/_lib/errors";

import { MAX_PASSWORD_LENGTH } from "@/app/_lib/passwords";
import { resetSocket } from "@/app/_lib/socket";
import { forgetAllRuns } from "@/app/_components/trainer/saved-runs";
import { api } from "@/app/_trpc/react";
import { checkDisplayName, DISPLAY_NAME_MAX_CHARACTERS } from "@/lib/users/display-name";

function Section({
  id,
  title,
  description,
  children,
  danger = false,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  danger?: boolean;
}) {
  const body = (
    <>
      <h2 id={id} className={`text-lg font-semibold ${danger ? "text-red-800" : "text-ink"}`}>
        {title}
      </h2>
      {description && <div className="mt-1 space-y-2 text-sm text-muted">{description}</div>}
      <div className="mt-4">{children}</div>
    </>
  );
  return (
    <section aria-labelledby={id}>
      {danger ? <div className="rounded-xl border border-red-200 bg-white p-5 shadow-sm">{body}</div> : <Card>{body}</Card>}
    </section>
  );
}

/** One's own account: name, password, a copy of one's data, and deleting the account. */
export function AccountView() {
  const me = api.me.useQuery();

  if (me.isPending) return <Loading label="Loading your account…" />;
  if (me.error) return <QueryErrorPage title="Your account" error={me.error} retry={() => me.refetch()} />;
  if (!me.data) {
    return (
      <>
        <PageHeader title="Your account" />
        <SignInPrompt message="Please sign in to change your name or password, download your data, or delete your account." />
      </>
    );
  }

  const { name, email } = me.data;
  return (
    <>
      <PageHeader
        title="Your account"
        description={
          <p>
            Signed in as <strong className="font-medium text-ink">{name}</strong> with <span className="break-all text-ink">{email}</span>.
          </p>
        }
      />
      <div className="max-w-2xl space-y-6">
        <NameSection savedName={name} />
        <PasswordSection email={email} />
        <DataSection />
        <DeleteSection email={email} />
      </div>
    </>
  );
}

// ── Name ────────────────────────────────────────────────────────────────────────────────────

function NameSection({ savedName }: { savedName: string }) {
  const utils = api.useUtils();
  const { refetch: refetchSession } = authClient.useSession();
  const input = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(savedName);
  const [current, setCurrent] = useState(savedName);
  const [submitted, setSubmitted] = useState(false);
  // The name changed elsewhere (another tab): show the new one.
  const [shown, setShown] = useState(savedName);
  if (shown !== savedName) {
    setShown(savedName);
    setCurrent(savedName);
    setName(savedName);
  }
  const update = api.account.updateName.useMutation({
    onSuccess: async (result) => {
      setCurrent(result.name);
      setName(result.name);
      setSubmitted(false);
      // The header shows the Better Auth session's name; cached pages (rosters, leaderboards) show it too.
      await Promise.all([refetchSession(), utils.invalidate()]);
    },
  });

  const checked = checkDisplayName(name);
  const dirty = checked.ok ? checked.name !== current : true;
  // An empty field is pointed out once the person tries to save, not while they retype the name.
  const error = !checked.ok && (submitted || name.trim().length > 0) ? checked.message : null;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!checked.ok) {
      input.current?.focus();
      return;
    }
    if (!dirty) return;
    update.mutate({ name: checked.name });
  }

  return (
    <Section
      id="account-name-heading"
      title="Your name"
      description={<p>Shown to your classmates and instructors: on rosters, leaderboards and in live sessions.</p>}
    >
      <form onSubmit={onSubmit} noValidate className="space-y-3">
        <div className="flex flex-wrap items-start gap-3">
          <TextField
            ref={input}
            className="min-w-60 flex-1"
            label="Name"
            name="name"
            autoComplete="name"
            value={name}
            maxLength={DISPLAY_NAME_MAX_CHARACTERS * 8}
            onChange={(e) => {
              setName(e.target.value);
              if (update.error || update.isSuccess) update.reset();
            }}
            error={error}
            hint={`Up to ${DISPLAY_NAME_MAX_CHARACTERS} characters.`}
            data-testid="account-name"
          />
          <Button type="submit" className="sm:mt-7" disabled={update.isPending || !dirty} data-testid="account-name-save">
            {update.isPending ? "Saving…" : "Save name"}
          </Button>
        </div>
        <div aria-live="polite">{update.isSuccess && !dirty && <Success>Saved. Your name is now “{update.data.name}”.</Success>}</div>
        {update.error && <Alert>Your name was not changed: {failureMessage(update.error)}</Alert>}
      </form>
    </Section>
  );
}

// ── Password ────────────────────────────────────────────────────────────────────────────────

function PasswordSection({ email }: { email: string }) {
  const [currentPassword, setCurrentPassword] = useState("");
  const [currentError, setCurrentError] = useState<string | undefined>();
  const fields = useNewPassword();
  const [show, setShow] = useState(false);
  const currentRef = useRef<HTMLInputElement>(null);
  const change = api.account.changePassword.useMutation({
    onSuccess: () => {
      setCurrentPassword("");
      setCurrentError(undefined);
      fields.clear();
    },
    onError: (error) => {
      if (errorCode(error) === "FORBIDDEN") {
        setCurrentError(errorMessage(error));
        currentRef.current?.focus();
      }
    },
  });

  function edited() {
    if (change.isSuccess || change.error) change.reset();
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    // Every problem is shown at once; the focus goes to the first field that has one.
    const currentMissing = currentPassword.length === 0;
    setCurrentError(currentMissing ? "Enter your current password." : undefined);
    const newPasswordFine = fields.check(!currentMissing);
    if (currentMissing) currentRef.current?.focus();
    if (currentMissing || !newPasswordFine) return;
    change.mutate({ currentPassword, newPassword: fields.password });
  }

  return (
    <Section
      id="account-password-heading"
      title="Password"
      description={
        <>
          <p>Change the password you sign in with. You stay signed in on this device.</p>
          <p>
            Forgot your password?{" "}
            <a href="/forgot-password" className="underline underline-offset-2">
              Get a reset link
            </a>{" "}
            by email, or ask an instructor of your course for one.
          </p>
        </>
      }
    >
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        {/* Lets password managers file the new password under the right account. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <TextField
          ref={currentRef}
          label="Current password"
          name="current-password"
          type={show ? "text" : "password"}
          autoComplete="current-password"
          value={currentPassword}
          maxLength={MAX_PASSWORD_LENGTH}
          onChange={(e) => {
            setCurrentPassword(e.target.value);
            setCurrentError(undefined);
            edited();
          }}
          error={currentError}
          data-testid="account-current-password"
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <NewPasswordFields fields={fields} show={show} onEdit={edited} testIds={{ password: "account-new-password", repeat: "account-repeat-password" }} />
        </div>
        <ShowPasswords checked={show} onChange={setShow} />
        {change.error && errorCode(change.error) !== "FORBIDDEN" && <Alert>Your password was not changed: {failureMessage(change.error)}</Alert>}
        <div aria-live="polite">{change.isSuccess && <Success>Your password is changed. Use the new one the next time you sign in.</Success>}</div>
        <Button type="submit" disabled={change.isPending} data-testid="account-password-save">
          {change.isPending ? "Changing the password…" : "Change password"}
        </Button>
      </form>
    </Section>
  );
}

// ── Your data ───────────────────────────────────────────────────────────────────────────────

const pad = (n: number) => String(n).padStart(2, "0");
const exportFileName = (d = new Date()) => `genlab-my-data-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}.json`;

function downloadJson(data: unknown, fileName: string) {
  const blob = new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has started the download by now; the object URL only holds memory.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function DataSection() {
  const utils = api.useUtils();
  const [state, setState] = useState<{ kind: "idle" } | { kind: "pending" } | { kind: "done"; fileName: string } | { kind: "failed"; message: string }>({
    kind: "idle",
  });

  async function onDownload() {
    setState({ kind: "pending" });
    try {
      const data = await utils.account.exportData.fetch(undefined, { staleTime: 0 });
      const fileName = exportFileName();
      downloadJson(data, fileName);
      setState({ kind: "done", fileName });
    } catch (error) {
      setState({ kind: "failed", message: failureMessage(error) });
    }
  }

  return (
    <Section
      id="account-data-heading"
      title="Your data"
      description={
        <p>
          A copy of everything GenLab keeps about you, as one JSON file: your account, the courses you take or teach, your submissions with their settings and
          scores, quiz answers, modules read and training runs.
        </p>
      }
    >
      <div className="space-y-3">
        <Button variant="secondary" onClick={onDownload} disabled={state.kind === "pending"} data-testid="account-export">
          {state.kind === "pending" ? "Preparing your data…" : "Download my data (JSON)"}
        </Button>
        <div aria-live="polite">
          {state.kind === "done" && (
            <Success>
              Your data was saved as <span className="font-mono text-xs">{state.fileName}</span>, in your browser&apos;s downloads.
            </Success>
          )}
        </div>
        {state.kind === "failed" && <Alert>Your data could not be downloaded: {state.message}</Alert>}
      </div>
    </Section>
  );
}

// ── Delete ──────────────────────────────────────────────────────────────────────────────────

function DeleteSection({ email }: { email: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const passwordRef = useRef<HTMLInputElement>(null);
  const [password, setPassword] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [leaving, setLeaving] = useState(false);
  const remove = api.account.delete.useMutation({
    onSuccess: async () => {
      setLeaving(true);
      try {
        await authClient.signOut(); // the server already ended every session; this clears the cookie and the header
      } catch {
        // Nothing to sign out of any more.
      }
      resetSocket();
      queryClient.clear();
      await forgetAllRuns();
      router.push("/");
    },
    onError: (error) => {
      if (errorCode(error) === "FORBIDDEN") {
        setFieldError(errorMessage(error));
        passwordRef.current?.focus();
      }
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (password.length === 0) {
      setFieldError("Enter your password to confirm.");
      passwordRef.current?.focus();
      return;
    }
    remove.mutate({ password });
  }

  return (
    <Section
      id="account-delete-heading"
      title="Delete account"
      danger
      description={
        <>
          <p>Deleting your account cannot be undone:</p>
          <ul className="list-disc space-y-1 pl-5">
            <li>Your sign-in and personal details (your name and email address) are removed, and you are signed out everywhere.</li>
            <li>
              In your courses you appear as “Deleted student”: the courses keep your grades and submissions, and leaderboards keep your entries without your
              name.
            </li>
            <li>If you are the only instructor of a course, make someone else an instructor of it (or delete it) first.</li>
          </ul>
          <p>Download your data above first if you want a copy.</p>
        </>
      }
    >
      {leaving ? (
        <p role="status" className="text-sm text-slate-700">
          Your account is deleted. Signing you out…
        </p>
      ) : (
        <form onSubmit={onSubmit} noValidate className="space-y-3">
          <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
          <TextField
            ref={passwordRef}
            label="Your password, to confirm"
            name="delete-password"
            type="password"
            autoComplete="current-password"
            value={password}
            maxLength={MAX_PASSWORD_LENGTH}
            onChange={(e) => {
              setPassword(e.target.value);
              setFieldError(null);
              if (remove.error) remove.reset();
            }}
            error={fieldError}
            data-testid="account-delete-password"
          />
          {remove.error && errorCode(remove.error) !== "FORBIDDEN" && <Alert>Your account was not deleted: {failureMessage(remove.error)}</Alert>}
          <Button type="submit" variant="danger" disabled={remove.isPending} data-testid="account-delete">
            {remove.isPending ? "Deleting your account…" : "Delete my account"}
          </Button>
        </form>
      )}
    </Section>
  );
}
