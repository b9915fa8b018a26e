/** Small dense linear algebra (p ≤ ~5) for the low-dimensional Newton / Laplace blocks: Cholesky. */

/** Solves A x = b for symmetric positive-definite A (row-major p×p). Throws when A is not SPD. */
export function solveSpd(A: ArrayLike<number>, b: ArrayLike<number>, p: number): Float64Array {
  const L = cholesky(A, p);
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * p + k]! * y[k]!;
    y[i] = s / L[i * p + i]!;
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < p; k++) s -= L[k * p + i]! * x[k]!;
    x[i] = s / L[i * p + i]!;
  }
  return x;
}

export function cholesky(A: ArrayLike<number>, p: number): Float64Array {
  const L = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * p + j]!;
      for (let k = 0; k < j; k++) s -= L[i * p + k]! * L[j * p + k]!;
      if (i === j) {
        if (!(s > 0)) throw new Error("cholesky: matrix is not positive definite");
        L[i * p + i] = Math.sqrt(s);
      } else L[i * p + j] = s / L[j * p + j]!;
    }
  }
  return L;
}

/** Inverse of an SPD matrix (row-major). */
export function inverseSpd(A: ArrayLike<number>, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    const col = solveSpd(A, e, p);
    for (let i = 0; i < p; i++) inv[i * p + j] = col[i]!;
  }
  return inv;
}

/** xᵀ M y for row-major p×p M. */
export function bilinear(M: ArrayLike<number>, x: ArrayLike<number>, y: ArrayLike<number>, p: number): number {
  let s = 0;
  for (let i = 0; i < p; i++) {
    let r = 0;
    for (let j = 0; j < p; j++) r += M[i * p + j]! * y[j]!;
    s += x[i]! * r;
  }
  return s;
}
