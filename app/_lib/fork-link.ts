/**
 * "Fork this run": a link that reopens an exercise with a submission's training settings, carried in
 * the URL (as TensorFlow Playground does), so a run can be shared, repeated and changed.
 */
import type { z } from "zod";

/** Settings are a few numbers and names; a longer parameter is not a config. */
const MAX_CONFIG_PARAMETER = 4096;

const toBase64Url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
const fromBase64Url = (text: string) => new TextDecoder().decode(Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)));

export function forkHref(courseId: string, exerciseSlug: string, config: unknown): string {
  return `/courses/${courseId}/exercises/${exerciseSlug}?config=${toBase64Url(JSON.stringify(config))}`;
}

/** The config a fork link carries, if it is one this exercise accepts (else null: the page keeps its defaults). */
export function forkedConfig<C>(search: string, schema: z.ZodType<C>): C | null {
  const encoded = new URLSearchParams(search).get("config");
  if (!encoded || encoded.length > MAX_CONFIG_PARAMETER) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(fromBase64Url(encoded)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
