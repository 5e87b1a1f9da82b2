import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/users/password";

export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH };

export interface NewPasswordErrors {
  password?: string;
  repeat?: string;
}

/** Checks a new password and its repetition before it is sent: what is wrong, in words, per field. */
export function checkNewPassword(password: string, repeat: string): NewPasswordErrors {
  if (password.length === 0) return { password: "Enter a new password." };
  if (password.length < MIN_PASSWORD_LENGTH) {
    return { password: `A password needs at least ${MIN_PASSWORD_LENGTH} characters; this one has ${password.length}.` };
  }
  if (password.length > MAX_PASSWORD_LENGTH) return { password: `A password may have at most ${MAX_PASSWORD_LENGTH} characters.` };
  if (repeat.length === 0) return { repeat: "Type the new password a second time." };
  if (repeat !== password) return { repeat: "The two new passwords are not the same. Type them again." };
  return {};
}

export const hasErrors = (errors: object) => Object.values(errors).some(Boolean);
