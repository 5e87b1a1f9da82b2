/** Rounding of points to two decimals, shared by grading and the exports. */

/**
 * Rounds half away from zero at the second decimal of the number as written: 1.005 → 1.01. The
 * decimal point is moved in the text, not by multiplying, since 1.005 × 100 is 100.49999999999999.
 * −0 comes back as 0; NaN and ±Infinity come back unchanged.
 */
export function roundToCents(value: number): number {
  // Past 2⁵³ cents the scaled value is no longer an exact integer: such a number has no cents to round.
  if (!Number.isFinite(value) || Math.abs(value) * 100 >= Number.MAX_SAFE_INTEGER) return value;
  const [mantissa, exponent = "0"] = String(Math.abs(value)).split("e");
  const cents = Math.round(Number(`${mantissa}e${Number(exponent) + 2}`));
  // Division is correctly rounded: cents / 100 is the double nearest to the two-decimal number.
  return Math.sign(value) * (cents / 100) + 0;
}
