/**
 * First names as token sequences for the character-level language models of models/char-lm.ts.
 * Pure (no Node or DOM APIs): the browser, the server and the tests build the same examples.
 *
 * As in makemore (Karpathy 2022), one boundary token "." (index 0) marks both the start and the
 * end of a name: "emma" is modelled as the sequence . e m m a . — the model predicts every
 * character of the name and then the end token, each from the characters before it.
 */

/** The boundary token and the characters of the (lower-cased) names, sorted: "." is index 0. */
export const NAME_ALPHABET = ".-abcdefghijklmnopqrstuvwxyz";
export const NAME_VOCAB_SIZE = NAME_ALPHABET.length;
/** Index of the boundary token "." that starts and ends every name. */
export const BOUNDARY_TOKEN = 0;
/** The longest name of the data set ("helen-elizabeth"); sampled names are cut at this length. */
export const MAX_NAME_LENGTH = 15;
/** A context of MAX_NAME_LENGTH + 1 tokens sees the start token and every character of any name. */
export const MAX_BLOCK_SIZE = MAX_NAME_LENGTH + 1;

const TOKEN_OF = new Map([...NAME_ALPHABET].map((c, i) => [c, i]));

/** "emma" → [6, 14, 14, 2] (no boundary tokens); throws a RangeError naming a character outside the alphabet. */
export function encodeName(name: string): number[] {
  return [...name].map((c, i) => {
    const token = TOKEN_OF.get(c);
    if (token === undefined || token === BOUNDARY_TOKEN) {
      throw new RangeError(`Name "${name}" has ${JSON.stringify(c)} at position ${i + 1}; names may only use "${NAME_ALPHABET.slice(1)}".`);
    }
    return token;
  });
}

/** Tokens → characters, stopping at the first boundary token. */
export function decodeName(tokens: readonly number[]): string {
  let name = "";
  for (const t of tokens) {
    if (t === BOUNDARY_TOKEN) break;
    name += NAME_ALPHABET[t];
  }
  return name;
}

/** Characters the models predict for these names: every character plus one end token per name. */
export function countPredictedCharacters(names: readonly string[]): number {
  return names.reduce((n, name) => n + [...name].length + 1, 0);
}

/**
 * Fixed-size (context → next token) examples, the data set of the bigram and MLP models
 * (Bengio et al. 2003 §2; makemore part 2): for each name and each predicted position, the
 * `blockSize` tokens before it, "."-padded on the left. "emma" with blockSize 3 gives
 * ... → e, ..e → m, .em → m, emm → a, mma → ".".
 * contexts is row-major (count × blockSize).
 */
export function nameContexts(names: readonly string[], blockSize: number): { count: number; contexts: Int32Array; targets: Int32Array } {
  const count = countPredictedCharacters(names);
  const contexts = new Int32Array(count * blockSize); // zero = "." padding
  const targets = new Int32Array(count);
  let row = 0;
  for (const name of names) {
    const tokens = [...encodeName(name), BOUNDARY_TOKEN];
    tokens.forEach((target, i) => {
      // positions i − blockSize … i − 1 of the name; negative ones stay "."
      for (let k = Math.max(0, blockSize - i); k < blockSize; k++) contexts[row * blockSize + k] = tokens[i - blockSize + k];
      targets[row++] = target;
    });
  }
  return { count, contexts, targets };
}

/**
 * Causal windows of `blockSize` tokens, the data set of the transformer (one forward pass predicts
 * every position of a window; Vaswani et al. 2017 §3.2.3). A name of n characters is the input
 * . c1 … cn with targets c1 … cn . (n + 1 predictions):
 * - when n + 1 ≤ blockSize it is ONE window, right-padded with "." whose padding positions have
 *   weight 0 (causal attention keeps the padding from affecting the real positions);
 * - otherwise the first window is inputs 0…blockSize−1 (all counted), then for each later target
 *   i one window of the blockSize inputs i−blockSize+1 … i in which only the last position counts
 *   (the sliding window nanoGPT uses when generating past its block size).
 * Every predicted character is counted exactly once. Arrays are row-major (count × blockSize).
 */
export function nameWindows(names: readonly string[], blockSize: number): { count: number; inputs: Int32Array; targets: Int32Array; weights: Float32Array } {
  // A window is `blockSize` inputs of `sequence` from `start`; positions from `firstCounted` on are scored.
  const windows: { sequence: number[]; start: number; firstCounted: number }[] = [];
  for (const name of names) {
    const sequence = [BOUNDARY_TOKEN, ...encodeName(name), BOUNDARY_TOKEN]; // inputs 0…n, targets 1…n+1
    windows.push({ sequence, start: 0, firstCounted: 0 });
    for (let i = blockSize; i < sequence.length - 1; i++) windows.push({ sequence, start: i - blockSize + 1, firstCounted: blockSize - 1 });
  }
  const count = windows.length;
  const inputs = new Int32Array(count * blockSize); // zero = "." padding
  const targets = new Int32Array(count * blockSize);
  const weights = new Float32Array(count * blockSize);
  windows.forEach(({ sequence, start, firstCounted }, r) => {
    const length = Math.min(blockSize, sequence.length - 1 - start);
    for (let t = 0; t < length; t++) {
      inputs[r * blockSize + t] = sequence[start + t];
      targets[r * blockSize + t] = sequence[start + t + 1];
    }
    weights.fill(1, r * blockSize + firstCounted, r * blockSize + length);
  });
  return { count, inputs, targets, weights };
}

/** counts[i·V + j] = how often token j follows token i (boundary included), the bigram statistics. */
export function bigramCounts(names: readonly string[]): Float64Array {
  const counts = new Float64Array(NAME_VOCAB_SIZE * NAME_VOCAB_SIZE);
  for (const name of names) {
    let previous = BOUNDARY_TOKEN;
    for (const token of [...encodeName(name), BOUNDARY_TOKEN]) {
      counts[previous * NAME_VOCAB_SIZE + token]++;
      previous = token;
    }
  }
  return counts;
}
