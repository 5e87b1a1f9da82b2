// superjson, but a request can only describe what it literally contains. superjson's reference
// metadata (`meta.referentialEqualities`) lets a few KB describe an object graph whose walk never
// ends (a 2.4 KB request once held the server for 14.6 s). It is never applied: clients send every
// value in full (superjson's default; the metadata only records which parts were the same object,
// which no GenLab input needs), so dropping it loses nothing. Value annotations are limited to what
// GenLab's inputs use, and nesting is bounded, since deep values overflow the stacks of whatever walks
// them later (structured clone, JSON.stringify) — both checked before superjson walks anything.
import { TRPCError } from "@trpc/server";
import superjson from "superjson";
import { MAX_INPUT_DEPTH, nestsTooDeep } from "../security/json-depth";

/** Value annotations (NaN, Infinity, -0, undefined, dates) in one input. */
const MAX_ANNOTATIONS = 1000;
/** Types a client may ask superjson to restore: numbers JSON cannot spell, undefined, dates. */
const ALLOWED_ANNOTATIONS = new Set(["number", "undefined", "Date"]);

const refuse = (message: string): never => {
  throw new TRPCError({ code: "BAD_REQUEST", message });
};

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * superjson's value annotations: a tree (`["number"]` at a leaf, `{key: subtree}` or
 * `[type, {key: subtree}]` inside) whose leaves name a type. Checked iteratively: small, shallow,
 * only allowed types.
 */
function checkValueAnnotations(tree: unknown): void {
  let count = 0;
  const stack: [unknown, number][] = [[tree, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (++count > MAX_ANNOTATIONS) refuse(`The request has more than ${MAX_ANNOTATIONS} special values.`);
    if (depth > MAX_INPUT_DEPTH) refuse(`The request is nested more than ${MAX_INPUT_DEPTH} levels deep.`);
    if (Array.isArray(node)) {
      const [type, children] = node;
      if (typeof type !== "string" || !ALLOWED_ANNOTATIONS.has(type))
        refuse(`The request uses a value type this server does not accept (${JSON.stringify(type)?.slice(0, 40)}).`);
      if (node.length > 2 || (children !== undefined && !isPlainObject(children))) refuse("The request's value annotations are malformed.");
      if (children) for (const child of Object.values(children)) stack.push([child, depth + 1]);
    } else if (isPlainObject(node)) {
      for (const child of Object.values(node)) stack.push([child, depth + 1]);
    } else {
      refuse("The request's value annotations are malformed.");
    }
  }
}

/** The checks above, then superjson's own deserialisation (in place: the value came straight from JSON.parse). */
export function deserializeRequestInput(payload: unknown): unknown {
  if (!isPlainObject(payload)) return refuse("The request is not in the format this server expects (superjson's {json, meta}).");
  const { json, meta } = payload;
  if (nestsTooDeep(json)) refuse(`The request is nested more than ${MAX_INPUT_DEPTH} levels deep.`);
  if (meta !== undefined) {
    if (!isPlainObject(meta)) return refuse("The request's metadata is malformed.");
    for (const key of Object.keys(meta)) {
      if (key !== "values" && key !== "v" && key !== "referentialEqualities") refuse(`The request's metadata has an unknown part ("${key.slice(0, 40)}").`);
    }
    if (meta.values !== undefined) checkValueAnnotations(meta.values);
  }
  const values = isPlainObject(meta) ? meta.values : undefined;
  try {
    return superjson.deserialize(
      { json: json as never, meta: values === undefined ? undefined : { values: values as never, v: meta!.v as never } },
      { inPlace: true },
    );
  } catch {
    return refuse("The request's value annotations do not match its values.");
  }
}

export const requestSafeSuperjson = {
  input: { serialize: (value: unknown) => superjson.serialize(value), deserialize: deserializeRequestInput },
  output: { serialize: (value: unknown) => superjson.serialize(value), deserialize: (value: unknown) => superjson.deserialize(value as never) },
};
