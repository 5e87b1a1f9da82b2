/** log Σ exp(v) without overflow; −Infinity for an empty list or when every term is −Infinity. */
export function logSumExp(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  if (max === -Infinity || Number.isNaN(max)) return max;
  if (max === Infinity) return Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp(values[i] - max);
  return max + Math.log(sum);
}

export const LOG_2PI = Math.log(2 * Math.PI);
