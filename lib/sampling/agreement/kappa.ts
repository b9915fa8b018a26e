import { AuditInputError } from "../audit/types";

/**
 * Cohen's κ (Cohen 1960) of two raters on the same items, nominal categories: κ = (p_o − p_e)/(1 − p_e), with p_o the
 * observed agreement and p_e the agreement expected from each rater's own category frequencies.
 * `table[a][b]` counts the items rater 1 put in category a and rater 2 in b (square, non-negative).
 * Returns null when κ is undefined (no items, or p_e = 1: both raters used a single, identical category).
 */
export function cohenKappa(table: readonly (readonly number[])[]): number | null {
  const K = table.length;
  let n = 0;
  for (const [a, row] of table.entries()) {
    if (row.length !== K) throw new AuditInputError(`table must be square: row ${a} has ${row.length} entries, expected ${K}`);
    for (const v of row) {
      if (!(Number.isFinite(v) && v >= 0)) throw new AuditInputError(`table[${a}] holds ${String(v)}; counts must be finite and ≥ 0`);
      n += v;
    }
  }
  if (n === 0) return null;
  let po = 0;
  let pe = 0;
  for (let a = 0; a < K; a++) {
    po += table[a]![a]! / n;
    let row = 0;
    let col = 0;
    for (let b = 0; b < K; b++) {
      row += table[a]![b]!;
      col += table[b]![a]!;
    }
    pe += (row / n) * (col / n);
  }
  if (pe >= 1 - 1e-15) return null;
  return (po - pe) / (1 - pe);
}
