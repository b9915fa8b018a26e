/**
 * The tie rule (sampling.md §3, "when one label flips nothing"). At far thresholds the one-label EDV is
 * exactly 0 for most candidates; ranking them arbitrarily wastes labels. Verge ranks lexicographically:
 *   1. the one-step value (EDV, or EDF for the `edf` strategy), including the calibration path;
 *   2. for equal values (in practice: zero), the *soft* value — the expected movement of the calibrated
 *      logit toward τ, |Δu_j| weighted by exp(−d_j²/2), d_j = (u_j − t)/σ_u,j, summed over the band
 *      (text models), or the expected movement of the decision boundary itself (monotone models): the
 *      label that moves near-threshold posteriors most is the one most likely to flip decisions once a few
 *      more labels add up (a smooth stand-in for batch look-ahead);
 *   3. items outside the evaluated set: the posterior flip probability Φ(−|u − t|/σ_u).
 * Exploration (uncertainty or random picks mixed into each batch) is a separate, named strategy.
 * Priorities encode these tiers in disjoint ranges so a database ORDER BY priority DESC serves them in order.
 */
import { normalCdf } from "../model/math";
import { squash } from "./costs";

export const TIER_BATCH = 4;
export const TIER_VALUE = 3;
export const TIER_SOFT = 2;
export const TIER_FLIP = 1;

const REL_TOL = 1e-9;

/** Lexicographic comparison of (primary, soft) keys: > 0 when a ranks before b. */
export function compareKeys(aPrimary: number, aSoft: number, bPrimary: number, bSoft: number): number {
  const scale = Math.max(Math.abs(aPrimary), Math.abs(bPrimary), 1e-300);
  if (Math.abs(aPrimary - bPrimary) > REL_TOL * scale) return aPrimary - bPrimary;
  return aSoft - bSoft;
}

/** Priority of an evaluated candidate from its (primary, soft) key. */
export function valuePriority(primary: number, soft: number): number {
  return primary > 0 ? TIER_VALUE + squash(primary) : TIER_SOFT + squash(soft);
}

/** Priority of an item that was not evaluated: posterior flip probability ∈ (0, 0.5]. */
export function flipPriority(u: number, t: number, sigmaU: number): number {
  const pf = normalCdf(-Math.abs(u - t) / Math.max(sigmaU, 1e-6));
  return TIER_FLIP + 1.998 * pf;
}

/** Priority of the r-th pick (0-based) of a batch of size B. */
export function batchPriority(r: number, B: number, base = TIER_BATCH): number {
  return base + (B - r) / (B + 1);
}
