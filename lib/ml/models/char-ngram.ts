/**
 * A counted character n-gram model of first names (bigram: one character of context, trigram: two),
 * and the two pre-training questions it can answer about one hidden character of a name:
 * - next-token prediction (GPT-style), from the left only: P(x_i = c | x_{<i}) = P(c | the n − 1
 *   characters before it);
 * - masked prediction (BERT-style), from both sides: under the n-gram model
 *   P(x_i = c | every other character) ∝ Π_{t=i}^{i+n−1} P(x_t | x_{t−n+1} … x_{t−1}) with x_i = c —
 *   the factors of the sequence's probability that involve x_i; for the bigram,
 *   P(c | left, right) ∝ P(c | left) · P(right | c).
 * The hidden position holds a character, so both answers are distributions over the 27 characters
 * (the end-of-name token is not a candidate). Probabilities use add-α smoothing:
 * P(t | context) = (N(context, t) + α) / (N(context) + Vα) with V = 28 tokens.
 * The boundary token "." pads the start (n − 1 times) and ends each name, as in lib/ml/datasets/names.ts.
 * Pure: no DOM or Node APIs.
 */
import { BOUNDARY_TOKEN, encodeName, NAME_ALPHABET, NAME_VOCAB_SIZE as V } from "../datasets/names";

export interface CharNgram {
  /** 2 for a bigram, 3 for a trigram: the predicted token and the order − 1 before it. */
  order: number;
  /** Add-α smoothing. */
  alpha: number;
  /** counts.get(context)[token]: how often `token` follows `context` (order − 1 tokens of NAME_ALPHABET as a string). */
  counts: Map<string, Float64Array>;
}

const contextKey = (tokens: readonly number[]) => tokens.map((t) => NAME_ALPHABET[t]).join("");

/** The tokens of a name as the model reads them: order − 1 start tokens, the characters, one end token. */
function padded(order: number, name: string): number[] {
  return [...Array<number>(order - 1).fill(BOUNDARY_TOKEN), ...encodeName(name), BOUNDARY_TOKEN];
}

/** Counts the n-grams of `names` (lower-case, characters of NAME_ALPHABET). */
export function fitCharNgram(names: readonly string[], order: number, alpha: number): CharNgram {
  if (!Number.isInteger(order) || order < 2) throw new RangeError("The order must be a whole number ≥ 2 (2 = bigram).");
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new RangeError("alpha must be a positive number.");
  const counts = new Map<string, Float64Array>();
  for (const name of names) {
    const tokens = padded(order, name);
    for (let t = order - 1; t < tokens.length; t++) {
      const key = contextKey(tokens.slice(t - order + 1, t));
      let row = counts.get(key);
      if (!row) counts.set(key, (row = new Float64Array(V)));
      row[tokens[t]]++;
    }
  }
  return { order, alpha, counts };
}

/** P(token | context) with add-α smoothing; `context` is the order − 1 tokens before it. */
export function ngramProbability(model: CharNgram, context: readonly number[], token: number): number {
  if (context.length !== model.order - 1) throw new RangeError(`A context has ${model.order - 1} tokens.`);
  const row = model.counts.get(contextKey(context));
  const total = row ? row.reduce((a, b) => a + b, 0) : 0;
  return ((row?.[token] ?? 0) + model.alpha) / (total + V * model.alpha);
}

function checkPosition(name: string, position: number): void {
  if (!Number.isInteger(position) || position < 0 || position >= [...name].length)
    throw new RangeError(`Position ${position} is not a character of "${name}" (0 … ${[...name].length - 1}).`);
}

/** Scales the character entries (indices 1 … V − 1) to sum to 1; the boundary entry is 0. */
function normalisedOverCharacters(score: (token: number) => number): Float64Array {
  const p = new Float64Array(V);
  let total = 0;
  for (let c = 1; c < V; c++) total += p[c] = score(c);
  for (let c = 1; c < V; c++) p[c] /= total;
  return p;
}

/**
 * Next-token view: the distribution of the character at `position` (0-based) of `name` from the
 * characters before it only, P(c | x_{i−n+1} … x_{i−1}), over the 27 characters. Indexed by token.
 */
export function nextTokenDistribution(model: CharNgram, name: string, position: number): Float64Array {
  checkPosition(name, position);
  const tokens = padded(model.order, name);
  const i = position + model.order - 1;
  const context = tokens.slice(i - model.order + 1, i);
  return normalisedOverCharacters((c) => ngramProbability(model, context, c));
}

/**
 * Masked view: the distribution of the character at `position` given every other character of the
 * name (and where it ends), ∝ the product of the n-gram factors that contain it. Indexed by token.
 */
export function maskedDistribution(model: CharNgram, name: string, position: number): Float64Array {
  checkPosition(name, position);
  const tokens = padded(model.order, name);
  const i = position + model.order - 1;
  const last = Math.min(i + model.order - 1, tokens.length - 1);
  return normalisedOverCharacters((c) => {
    const filled = tokens.slice();
    filled[i] = c;
    let product = 1;
    for (let t = i; t <= last; t++) product *= ngramProbability(model, filled.slice(t - model.order + 1, t), filled[t]);
    return product;
  });
}

/** The k most probable characters, most probable first (ties in alphabet order). */
export function topPredictions(distribution: Float64Array, k: number): { char: string; p: number }[] {
  return [...distribution]
    .map((p, token) => ({ char: NAME_ALPHABET[token], p, token }))
    .filter((e) => e.token !== BOUNDARY_TOKEN)
    .sort((a, b) => b.p - a.p || a.token - b.token)
    .slice(0, k)
    .map(({ char, p }) => ({ char, p }));
}

/** Where `char` ranks in the distribution: 1 for the most probable (ties count in alphabet order). */
export function rankOf(distribution: Float64Array, char: string): number {
  return topPredictions(distribution, V).findIndex((e) => e.char === char) + 1;
}
