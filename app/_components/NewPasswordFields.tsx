"use client";
import { useRef, useState } from "react";
import { TextField } from "@/app/_components/TextField";
import { checkNewPassword, hasErrors, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, type NewPasswordErrors } from "@/app/_lib/passwords";

/** A new password and its repetition: what was typed, what is wrong with it, and the inputs to focus. */
export function useNewPassword() {
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [errors, setErrors] = useState<NewPasswordErrors>({});
  const passwordRef = useRef<HTMLInputElement>(null);
  const repeatRef = useRef<HTMLInputElement>(null);
  return {
    password,
    repeat,
    errors,
    passwordRef,
    repeatRef,
    // A changed password makes the repetition's error stale as well.
    changePassword(value: string) {
      setPassword(value);
      setErrors({});
    },
    changeRepeat(value: string) {
      setRepeat(value);
      setErrors((x) => ({ ...x, repeat: undefined }));
    },
    /** Shows what is wrong with the pair and, when `focus`, moves to the first wrong field; true when it may be sent. */
    check(focus = true): boolean {
      const found = checkNewPassword(password, repeat);
      setErrors(found);
      if (!hasErrors(found)) return true;
      if (focus) (found.password ? passwordRef : repeatRef).current?.focus();
      return false;
    },
    clear() {
      setPassword("");
      setRepeat("");
      setErrors({});
    },
  };
}

/**
 * The "New password" and "Repeat the new password" inputs, as two siblings for the caller to lay out.
 * `onEdit` runs after every change (to clear a message about the last attempt).
 */
export function NewPasswordFields({
  fields,
  show,
  onEdit,
  testIds,
}: {
  fields: ReturnType<typeof useNewPassword>;
  show: boolean;
  onEdit: () => void;
  testIds: { password: string; repeat: string };
}) {
  const shared = { type: show ? "text" : "password", autoComplete: "new-password", maxLength: MAX_PASSWORD_LENGTH };
  // Taken out of `fields` first: the React Compiler treats an object that holds refs as a ref, so reading
  // fields.password in render would count as reading a ref.
  const { passwordRef, repeatRef } = fields;
  return (
    <>
      <TextField
        {...shared}
        ref={passwordRef}
        label="New password"
        name="new-password"
        value={fields.password}
        onChange={(e) => {
          fields.changePassword(e.target.value);
          onEdit();
        }}
        error={fields.errors.password}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        data-testid={testIds.password}
      />
      <TextField
        {...shared}
        ref={repeatRef}
        label="Repeat the new password"
        name="repeat-password"
        value={fields.repeat}
        onChange={(e) => {
          fields.changeRepeat(e.target.value);
          onEdit();
        }}
        error={fields.errors.repeat}
        data-testid={testIds.repeat}
      />
    </>
  );
}
