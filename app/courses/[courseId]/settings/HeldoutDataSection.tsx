"use client";
import type { inferRouterOutputs } from "@trpc/server";
import { Label } from "radix-ui";
import { useId, useState, type ChangeEvent, type FormEvent } from "react";
import { Alert, Success } from "@/app/_components/Alert";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { DataTable } from "@/app/_components/DataTable";
import { EmptyNote } from "@/app/_components/EmptyState";
import { ErrorState } from "@/app/_components/ErrorState";
import { Loading } from "@/app/_components/Spinner";
import { errorMessage } from "@/app/_lib/errors";
import { absoluteTime } from "@/app/_lib/format";
import { api } from "@/app/_trpc/react";
import { COURSE_HELDOUT, HELDOUT_UPLOAD_MAX_BYTES, type HeldoutSummary, splitRuleText } from "@/lib/course/heldout";
import type { AppRouter } from "@/server/api/root";

type HeldoutSet = inferRouterOutputs<AppRouter>["heldout"]["list"][number];

const selectClass =
  "block h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-base text-ink shadow-sm focus-visible:border-brand-600 disabled:bg-slate-50 sm:text-sm";

/** Instructors: each exercise's held-out data (the default or an upload, as a summary), and uploading a course's own. */
export function HeldoutDataSection({ courseId, archived }: { courseId: string; archived: boolean }) {
  const id = useId();
  const sets = api.heldout.list.useQuery({ courseId });
  return (
    <section aria-labelledby={id}>
      <Card>
        <h2 id={id} className="text-lg font-semibold">
          Held-out data
        </h2>
        <div className="mt-1 max-w-prose space-y-2 text-sm text-muted">
          <p>
            These exercises are scored on data the students never see. Each set is split with this course&apos;s secret key into a public part, which the
            leaderboard ranks live, and a private part, whose results students see after the exercise&apos;s due date as a private leaderboard. Each
            student&apos;s entry there, and what an assignment graded on the private part counts, is their best submission on the public part. Assignments
            choose which part earns the points.
          </p>
          <p>
            The default sets come from public npm packages, so anyone can rebuild them: on them the private leaderboard guards against overfitting the public
            part, not against a determined student who rebuilds the data and fits it. For a private leaderboard that means something, upload your own set.
          </p>
          <p>
            Replace an exercise&apos;s default set with your own file to make it private to your course. The file stays on the server: neither students nor this
            page ever get its entries back, only their number and a few statistics.
          </p>
        </div>
        <div className="mt-4 space-y-6">
          {sets.isPending ? (
            <Loading inline label="Loading the held-out data…" />
          ) : sets.error ? (
            <ErrorState title="The held-out data could not be loaded" action={<Button onClick={() => void sets.refetch()}>Try again</Button>}>
              {errorMessage(sets.error)}
            </ErrorState>
          ) : sets.data.length === 0 ? (
            <EmptyNote>This course has none of the exercises that are scored on held-out data.</EmptyNote>
          ) : (
            <>
              <HeldoutTable courseId={courseId} sets={sets.data} archived={archived} />
              <UploadForm courseId={courseId} sets={sets.data} archived={archived} />
            </>
          )}
        </div>
      </Card>
    </section>
  );
}

function HeldoutTable({ courseId, sets, archived }: { courseId: string; sets: HeldoutSet[]; archived: boolean }) {
  const utils = api.useUtils();
  const remove = api.heldout.remove.useMutation({ onSuccess: () => utils.heldout.list.invalidate({ courseId }) });
  return (
    <div className="space-y-3">
      <DataTable
        caption="Held-out data of each exercise"
        columns={[{ label: "Exercise" }, { label: "Scored on" }, { label: "Action", hidden: true }]}
        inCard
        data-testid="heldout-sets"
      >
        {sets.map((set) => {
          const entry = COURSE_HELDOUT[set.slug].entry;
          return (
            <tr key={set.slug} data-testid={`heldout-set-${set.slug}`}>
              <th scope="row" className="px-4 py-2.5 text-left align-top font-medium">
                {set.title}
              </th>
              <td className="px-4 py-2.5 align-top">
                {set.uploaded ? (
                  <>
                    <p>
                      <span className="font-medium">Your file:</span> {set.uploaded.count.toLocaleString("en-US")}{" "}
                      {set.uploaded.count === 1 ? entry.one : entry.many}
                    </p>
                    <p className="text-xs text-muted">
                      Uploaded {set.uploaded.uploadedBy ? `by ${set.uploaded.uploadedBy} ` : ""}on {absoluteTime(set.uploaded.uploadedAt)}.{" "}
                      {describeSummary(set.uploaded.summary)}
                    </p>
                  </>
                ) : (
                  <p>
                    The default set: {set.defaultEntries.toLocaleString("en-US")} {entry.many}
                  </p>
                )}
              </td>
              <td className="px-4 py-2.5 text-right align-top">
                {set.uploaded && (
                  <Button
                    variant="secondary"
                    size="sm"
                    disabled={archived || remove.isPending}
                    onClick={() => {
                      if (
                        window.confirm(
                          `Score “${set.title}” on the default held-out set again? Your file is deleted from the server; scores already made stay as they are.`,
                        )
                      ) {
                        remove.mutate({ courseId, exerciseSlug: set.slug });
                      }
                    }}
                    data-testid={`heldout-remove-${set.slug}`}
                  >
                    Use the default set<span className="sr-only"> for {set.title}</span>
                  </Button>
                )}
              </td>
            </tr>
          );
        })}
      </DataTable>
      {remove.error && <Alert>The file was not removed: {errorMessage(remove.error)}</Alert>}
    </div>
  );
}

function UploadForm({ courseId, sets, archived }: { courseId: string; sets: HeldoutSet[]; archived: boolean }) {
  const id = useId();
  const utils = api.useUtils();
  const [slug, setSlug] = useState(sets[0].slug);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const upload = api.heldout.upload.useMutation({ onSuccess: () => utils.heldout.list.invalidate({ courseId }) });
  const chosen = sets.find((s) => s.slug === slug)!;
  const format = COURSE_HELDOUT[slug];

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const picked = event.target.files?.[0];
    setFile(null);
    setFileError(null);
    upload.reset();
    if (!picked) return;
    if (picked.size > HELDOUT_UPLOAD_MAX_BYTES) {
      setFileError(`“${picked.name}” is ${Math.ceil(picked.size / 1024)} KB; a held-out file may be at most ${HELDOUT_UPLOAD_MAX_BYTES / 1024} KB.`);
      return;
    }
    try {
      setFile({ name: picked.name, text: await picked.text() });
    } catch {
      setFileError(`“${picked.name}” could not be read. Save it as a UTF-8 text file and choose it again.`);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (file) upload.mutate({ courseId, exerciseSlug: slug, json: file.text });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4 border-t border-line pt-5" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="font-semibold">
        Upload your own held-out set
      </h3>
      <fieldset disabled={archived} className="space-y-4">
        <legend className="sr-only">Upload your own held-out set</legend>
        <div className="space-y-1.5 sm:max-w-md">
          <Label.Root htmlFor={`${id}-exercise`} className="block text-sm font-medium">
            Exercise
          </Label.Root>
          <select
            id={`${id}-exercise`}
            value={slug}
            onChange={(e) => {
              setSlug(e.target.value);
              upload.reset();
            }}
            className={selectClass}
            data-testid="heldout-exercise"
          >
            {sets.map((s) => (
              <option key={s.slug} value={s.slug}>
                {s.title}
              </option>
            ))}
          </select>
        </div>
        <div id={`${id}-format`} className="max-w-prose rounded-md border border-line bg-slate-50 p-3 text-sm">
          <p>
            <span className="font-medium">Format:</span> {format.format} Between 2 and {format.maxEntries.toLocaleString("en-US")} {format.entry.many}, at most{" "}
            {HELDOUT_UPLOAD_MAX_BYTES / 1024} KB.
          </p>
          <p className="mt-1">
            <span className="font-medium">Example:</span> <code className="font-mono text-xs break-all">{format.example}</code>
          </p>
          <p className="mt-1 text-muted">Split: {splitRuleText(format.kind)}.</p>
        </div>
        <div className="space-y-1.5">
          <Label.Root htmlFor={`${id}-file`} className="block text-sm font-medium">
            JSON file
          </Label.Root>
          <input
            id={`${id}-file`}
            type="file"
            accept=".json,application/json"
            onChange={onFile}
            aria-describedby={`${id}-format`}
            className="block w-full text-sm text-slate-700 file:mr-3 file:h-9 file:rounded-md file:border file:border-line file:bg-white file:px-3 file:text-sm file:font-medium file:text-ink hover:file:bg-slate-50"
            data-testid="heldout-file"
          />
          {fileError && <Alert>{fileError}</Alert>}
        </div>
        {chosen.submissions > 0 && (
          <p className="max-w-prose text-sm text-amber-900">
            {chosen.submissions.toLocaleString("en-US")} {chosen.submissions === 1 ? "submission was" : "submissions were"} already scored on the current data;
            they keep those scores. Upload before students start submitting, so everyone is ranked on the same data.
          </p>
        )}
        {upload.error && <Alert>The file was not uploaded: {errorMessage(upload.error)}</Alert>}
        <Button type="submit" disabled={!file || upload.isPending} data-testid="heldout-upload">
          {upload.isPending ? "Uploading…" : chosen.uploaded ? "Replace the held-out set" : "Upload the held-out set"}
        </Button>
      </fieldset>
      <div aria-live="polite">
        {upload.data && (
          <Success data-testid="heldout-upload-result">
            “{chosen.title}” is now scored on your {upload.data.uploaded.count.toLocaleString("en-US")}{" "}
            {upload.data.uploaded.count === 1 ? format.entry.one : format.entry.many}. {describeSummary(upload.data.uploaded.summary)}
          </Success>
        )}
      </div>
    </form>
  );
}

/** An upload's statistics in words (never its entries). */
function describeSummary(summary: HeldoutSummary): string {
  switch (summary.kind) {
    case "points":
      return `Mean (${summary.mean.join(", ")}), standard deviation (${summary.sd.join(", ")}).`;
    case "numbers":
      return `Mean ${summary.mean}, standard deviation ${summary.sd}.`;
    case "symbols":
      return `Days: ${Object.entries(summary.counts)
        .map(([symbol, count]) => `${symbol} ${count}`)
        .join(", ")}.`;
    case "names":
      return `${summary.distinct.toLocaleString("en-US")} distinct names, ${summary.meanLength} characters long on average.`;
  }
}
