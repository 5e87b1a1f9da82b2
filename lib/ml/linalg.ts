/** Dense float64 linear algebra for the few places that need it (PPCA, FID). Row-major matrices. */

/**
 * All eigenvalues (descending) and eigenvectors of a symmetric n × n matrix by cyclic Jacobi
 * rotations (Golub & Van Loan §8.5; the update formulas of Numerical Recipes §11.1). vectors is
 * n × n row-major, column j the unit eigenvector of values[j]. O(n³) per sweep: for small n.
 */
export function symmetricEigen(matrix: ArrayLike<number>, n: number): { values: Float64Array; vectors: Float64Array } {
  if (matrix.length !== n * n) throw new RangeError(`Expected ${n} × ${n} values, got ${matrix.length}.`);
  const A = Float64Array.from(matrix);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  let norm2 = 0;
  for (let i = 0; i < n * n; i++) norm2 += A[i] * A[i];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off2 = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off2 += A[p * n + q] ** 2;
    if (off2 <= 1e-30 * norm2) break; // off-diagonal mass at rounding level
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q];
        if (apq === 0) continue;
        // The rotation (c, s) that zeroes A[p][q]: t = tan φ, the smaller root of t² + 2θt − 1 = 0.
        const theta = (A[q * n + q] - A[p * n + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        A[p * n + p] -= t * apq;
        A[q * n + q] += t * apq;
        A[p * n + q] = A[q * n + p] = 0;
        for (let r = 0; r < n; r++) {
          if (r !== p && r !== q) {
            const arp = A[r * n + p];
            const arq = A[r * n + q];
            A[r * n + p] = A[p * n + r] = c * arp - s * arq;
            A[r * n + q] = A[q * n + r] = s * arp + c * arq;
          }
          const vrp = V[r * n + p];
          const vrq = V[r * n + q];
          V[r * n + p] = c * vrp - s * vrq;
          V[r * n + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => A[j * n + j] - A[i * n + i]);
  const values = Float64Array.from(order, (i) => A[i * n + i]);
  const vectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    for (let r = 0; r < n; r++) vectors[r * n + to] = V[r * n + from];
  });
  return { values, vectors };
}

/** The PSD square root V diag(√max(λ, 0)) Vᵀ of a symmetric matrix. */
export function symmetricSqrt(matrix: ArrayLike<number>, dim: number): Float64Array {
  const { values, vectors } = symmetricEigen(matrix, dim);
  const out = new Float64Array(dim * dim);
  for (let k = 0; k < dim; k++) {
    const root = Math.sqrt(Math.max(values[k], 0));
    if (root === 0) continue;
    for (let i = 0; i < dim; i++) {
      const vik = vectors[i * dim + k] * root;
      for (let j = 0; j < dim; j++) out[i * dim + j] += vik * vectors[j * dim + k];
    }
  }
  return out;
}
