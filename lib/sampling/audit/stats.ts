/** Small numeric helpers for the audit estimators, kept local so the module stays self-contained. */

import { AuditInputError } from "./types";

/**
 * Inverse of the standard normal CDF: Acklam's rational approximation (relative error < 1.2e-9),
 * P. J. Acklam, "An algorithm for computing the inverse
 * normal cumulative distribution function" (2003). No refinement step: a Halley step needs an erfc more
 * accurate than the one below, and 1e-9 is far finer than any interval here needs.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new AuditInputError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  return x;
}

/**
 * Wilson score interval for a binomial proportion x/n at normal quantile z
 * (E. B. Wilson, JASA 1927). Works for fractional x, n (effective counts). n = 0 gives [0, 1].
 */
export function wilsonInterval(x: number, n: number, z: number): { low: number; high: number } {
  if (!(n >= 0) || !(x >= 0) || x > n) throw new AuditInputError(`wilsonInterval: need 0 ≤ x ≤ n, got x=${x}, n=${n}`);
  if (n === 0) return { low: 0, high: 1 };
  const p = x / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, center - half), high: Math.min(1, center + half) };
}

/** The engine's seeded PRNG (lib/model/rng.ts), re-exported for the audit module's callers. */
export { mulberry32 } from "../../model/rng";

/** Decision d = 1[q ≥ τ] and its error probability under q: 1 − q if decided positive, else q. */
export function errorProbability(q: number, tau: number): number {
  return q >= tau ? 1 - q : q;
}
