"use client";
import { useState, type ReactNode } from "react";
import { LabelledField, TextField } from "@/app/_components/TextField";
import { TimeZoneSelect } from "@/app/_components/TimeZoneSelect";

// The fields a course is named and dated by, shared by the new-course, course-details and copy forms.
// The lengths are the server's (server/api/routers/course.ts).

/** The title and term a form is editing, and what of them goes to the server. */
export function useTitleAndTerm(initial: { title: string; term: string }) {
  const [title, setTitle] = useState(initial.title);
  const [term, setTerm] = useState(initial.term);
  return {
    title,
    term,
    setTitle,
    setTerm,
    /** A course needs a title; the term is optional. */
    complete: title.trim().length > 0,
    /** Trimmed, with an empty term sent as none. */
    value: { title: title.trim(), term: term.trim() || null },
  };
}

/**
 * A course's title and term, as two siblings for the caller to lay out. `onEdit` runs after every
 * change (to clear a message about the last save); `names` and `testIds` tell the forms' fields apart.
 */
export function TitleAndTermFields({
  fields,
  onEdit,
  testIds,
  titleLabel = "Title",
  names = { title: "title", term: "term" },
  titlePlaceholder,
  termPlaceholder = "Spring 2027",
}: {
  fields: ReturnType<typeof useTitleAndTerm>;
  onEdit: () => void;
  testIds: { title: string; term: string };
  titleLabel?: string;
  names?: { title: string; term: string };
  titlePlaceholder?: string;
  termPlaceholder?: string;
}) {
  return (
    <>
      <TextField
        label={titleLabel}
        name={names.title}
        value={fields.title}
        onChange={(e) => {
          fields.setTitle(e.target.value);
          onEdit();
        }}
        required
        maxLength={120}
        autoComplete="off"
        placeholder={titlePlaceholder}
        data-testid={testIds.title}
      />
      <TextField
        label="Term (optional)"
        name={names.term}
        value={fields.term}
        onChange={(e) => {
          fields.setTerm(e.target.value);
          onEdit();
        }}
        maxLength={60}
        autoComplete="off"
        placeholder={termPlaceholder}
        data-testid={testIds.term}
      />
    </>
  );
}

/** The course's time zone, with a hint saying what it is used for. `onEdit` runs after every change. */
export function CourseTimeZoneField({
  timeZone,
  setTimeZone,
  onEdit,
  hint,
  testId,
  className,
}: {
  timeZone: string;
  setTimeZone: (timeZone: string) => void;
  onEdit: () => void;
  hint: ReactNode;
  testId: string;
  className?: string;
}) {
  return (
    <LabelledField label="Time zone" hint={hint} className={className}>
      {(control) => (
        <TimeZoneSelect
          {...control}
          name="timeZone"
          value={timeZone}
          onChange={(e) => {
            setTimeZone(e.target.value);
            onEdit();
          }}
          data-testid={testId}
        />
      )}
    </LabelledField>
  );
}
