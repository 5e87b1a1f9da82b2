// Display names are shown to a whole class (leaderboards, live grids, podiums), so they must not be
// able to impersonate or disrupt: NFC-normalised, 1–64 characters, no control characters, no
// bidirectional overrides or isolates (which reorder what follows, e.g. "Alice‮gnp.exe"), no
// zero-width or other invisible format characters. Shared by the sign-up form and the server.

export const DISPLAY_NAME_MAX_CHARACTERS = 64;

// \p{Cc}: control characters; \p{Cf}: format characters (bidi marks, overrides and isolates,
// zero-width space/joiners, word joiner, BOM, …); line and paragraph separators; and the letters
// that render as nothing (Hangul fillers, the Braille blank), which make a name look empty.
const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029\u115F\u1160\u3164\uFFA0\u2800]/u;

export type DisplayNameCheck = { ok: true; name: string } | { ok: false; message: string };

export function checkDisplayName(raw: unknown): DisplayNameCheck {
  if (typeof raw !== "string") return { ok: false, message: "Your name must be text." };
  // Cheap bound first: a 12 MB "name" is refused without normalising it.
  if (raw.length > DISPLAY_NAME_MAX_CHARACTERS * 8) return { ok: false, message: `Your name may be at most ${DISPLAY_NAME_MAX_CHARACTERS} characters.` };
  const normalized = raw.normalize("NFC");
  if (INVISIBLE_OR_CONTROL.test(normalized)) return { ok: false, message: "Your name may not contain invisible, control or text-direction characters." };
  const name = normalized.replace(/\s+/gu, " ").trim();
  const length = [...name].length;
  if (length === 0) return { ok: false, message: "Please enter your name." };
  if (length > DISPLAY_NAME_MAX_CHARACTERS) return { ok: false, message: `Your name may be at most ${DISPLAY_NAME_MAX_CHARACTERS} characters.` };
  return { ok: true, name };
}
