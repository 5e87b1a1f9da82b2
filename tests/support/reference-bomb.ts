// superjson's shared references (`meta.referentialEqualities`) make a few KB describe an object
// graph that never ends when walked: each of `levels` levels is {a: x, b: x}, so 2^levels leaves.
// GenLab refuses such metadata outright (server/api/transformer.ts); tests send it to check that.

/** The value to put at `at` in an input, and the reference metadata that blows it up. */
export function referenceBomb(levels: number, at: string): { value: Record<string, unknown>; referentialEqualities: Record<string, string[]> } {
  const value: Record<string, unknown> = { a: {}, b: {} };
  const referentialEqualities: Record<string, string[]> = {};
  let node = value;
  let path = at;
  for (let level = 0; level < levels; level++) {
    referentialEqualities[`${path}.a`] = [`${path}.b`];
    const child: Record<string, unknown> = { a: {}, b: {} };
    node.a = child;
    node = child;
    path = `${path}.a`;
  }
  return { value, referentialEqualities };
}
