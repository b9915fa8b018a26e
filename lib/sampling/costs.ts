/**
 * Decision costs implied by the threshold (sampling.md §1): c_FP = τ, c_FN = 1 − τ (c_FP + c_FN = 1),
 * the decision threshold on the calibrated logit t = logit(τ), and the per-item Bayes risk
 * r(q) = min(c_FP·(1 − q), c_FN·q).
 */
export function validateTau(tau: number): void {
  if (!(tau > 0 && tau < 1)) throw new Error(`tau must be in (0, 1), got ${tau}`);
}

export function decisionCosts(tau: number): { cFP: number; cFN: number } {
  validateTau(tau);
  return { cFP: tau, cFN: 1 - tau };
}

export function thresholdLogit(tau: number): number {
  validateTau(tau);
  return Math.log(tau / (1 - tau));
}

export function bayesRisk(q: number, tau: number): number {
  return Math.min(tau * (1 - q), (1 - tau) * q);
}

/** Monotone map of a non-negative value into [0, 1) for tiered priorities. */
export function squash(v: number): number {
  if (!(v > 0)) return 0;
  return v === Infinity ? 0.999999 : (0.999999 * v) / (1 + v);
}
