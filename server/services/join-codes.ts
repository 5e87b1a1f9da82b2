import { randomInt } from "node:crypto";
import { LIVE_JOIN_CODE_LENGTH } from "@/lib/live/types";

/** Upper-case letters and digits without look-alikes (no I, O, 0, 1): readable from the back row. */
const JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** Course and live-session codes alike: 32⁶ ≈ 10⁹ codes, typed in a few seconds. */
export function newJoinCode(random: (n: number) => number = randomInt): string {
  return Array.from({ length: LIVE_JOIN_CODE_LENGTH }, () => JOIN_CODE_ALPHABET[random(JOIN_CODE_ALPHABET.length)]).join("");
}

/** What people type ("ab3-k9q ") as stored ("AB3K9Q"). */
export function normalizeJoinCode(code: string): string {
  return code.replace(/[\s-]/g, "").toUpperCase();
}
