// Secrets handed out once in a link (invites, password resets): the link carries the token, the
// database only its hash, so a copy of the database opens nothing.
import { createHash, randomBytes } from "node:crypto";

/** 192 random bits, URL-safe. */
export const newOneTimeToken = () => randomBytes(24).toString("base64url");

export const hashOneTimeToken = (token: string) => createHash("sha256").update(token).digest("base64url");
