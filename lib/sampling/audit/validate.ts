import { AuditInputError, type Costs } from "./types";

export function checkTau(tau: unknown, field = "tau"): number {
  if (typeof tau !== "number" || !(tau > 0 && tau < 1)) throw new AuditInputError(`${field} must be a number in (0, 1), got ${String(tau)}`);
  return tau;
}

export function checkQ(q: ArrayLike<number>, field = "q"): void {
  if (q == null || typeof q.length !== "number") throw new AuditInputError(`${field} must be an array of probabilities`);
  for (let i = 0; i < q.length; i++) {
    const v = q[i];
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) throw new AuditInputError(`${field}[${i}] must be a probability in [0, 1], got ${String(v)}`);
  }
}

/** Default costs put τ at the Bayes threshold with c_FP + c_FN = 1: c_FP = τ, c_FN = 1 − τ. */
export function checkCosts(costs: Costs | undefined, tau: number): Costs {
  if (costs === undefined) return { fp: tau, fn: 1 - tau };
  const { fp, fn } = costs;
  if (!(Number.isFinite(fp) && fp >= 0) || !(Number.isFinite(fn) && fn >= 0)) {
    throw new AuditInputError(`costs.fp and costs.fn must be finite and ≥ 0, got ${String(fp)}, ${String(fn)}`);
  }
  return { fp, fn };
}
