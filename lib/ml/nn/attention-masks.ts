/**
 * The attention masks of the three transformer families (Vaswani et al. 2017 §3.2.3; Devlin et al.
 * 2019; Radford et al. 2018; Raffel et al. 2020): mask[i][j] is true when query token i may attend to
 * key token j. In softmax(QKᵀ/√d_k + M), M_ij = 0 where the mask allows and −∞ where it forbids.
 * - encoder-only (BERT): every token sees every token (bidirectional);
 * - decoder-only (GPT): token i sees tokens 0…i (causal, lower-triangular);
 * - encoder–decoder (T5): the encoder bidirectional over the input, the decoder causal over the
 *   output, and cross-attention from every decoder token to every encoder token.
 * Pure: no DOM or Node APIs.
 */

/** mask[query][key]: whether the query token may attend to the key token. */
export type AttentionMask = boolean[][];

function checkLength(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`A sequence length must be a whole number ≥ 0 (got ${n}).`);
}

/** No mask: n × n, all allowed (an encoder's self-attention). */
export function bidirectionalMask(n: number): AttentionMask {
  checkLength(n);
  return Array.from({ length: n }, () => Array<boolean>(n).fill(true));
}

/** Causal: query i may attend to keys j ≤ i (a decoder's self-attention); n(n + 1)/2 allowed pairs. */
export function causalMask(n: number): AttentionMask {
  checkLength(n);
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => j <= i));
}

/** Cross-attention: every one of `queries` decoder tokens may attend to every one of `keys` encoder tokens. */
export function crossAttentionMask(queries: number, keys: number): AttentionMask {
  checkLength(queries);
  checkLength(keys);
  return Array.from({ length: queries }, () => Array<boolean>(keys).fill(true));
}

/** The three masks of an encoder–decoder over an input of `source` tokens and an output of `target` tokens. */
export function encoderDecoderMasks(source: number, target: number): { encoderSelf: AttentionMask; decoderSelf: AttentionMask; cross: AttentionMask } {
  return { encoderSelf: bidirectionalMask(source), decoderSelf: causalMask(target), cross: crossAttentionMask(target, source) };
}

/** The keys query `query` may attend to, in order. */
export function allowedKeys(mask: AttentionMask, query: number): number[] {
  const row = mask[query];
  if (!row) throw new RangeError(`There is no query ${query} (the mask has ${mask.length} rows).`);
  return row.flatMap((allowed, j) => (allowed ? [j] : []));
}

/** How many (query, key) pairs the mask allows. */
export function allowedPairs(mask: AttentionMask): number {
  return mask.reduce((total, row) => total + row.filter(Boolean).length, 0);
}

/** The additive mask M of softmax(QKᵀ/√d_k + M): 0 where allowed, −∞ where forbidden. */
export function additiveMask(mask: AttentionMask): number[][] {
  return mask.map((row) => row.map((allowed) => (allowed ? 0 : -Infinity)));
}
