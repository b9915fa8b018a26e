/**
 * The randomized part of a round (sampling.md §5b): Poisson sampling from the unlabeled set with inclusion
 * probabilities from a mixture design, beside deterministic certainty units (π = 1).
 *
 * Design mass of item i (a probability distribution over the eligible set R_t):
 *   w_i = α_r·r(q_i)/Σr + α_u·√(q_i(1 − q_i))/Σ√(q(1 − q)) + α_0/|R_t|,
 * with r(q) = min(c_FP·(1 − q), c_FN·q) the decision risk at τ, default (α_r, α_u, α_0) = (0.5, 0.45, 0.05).
 * A component whose total is 0 (e.g. every q is 0 or 1) gives its share to the uniform floor.
 * Inclusion probabilities π_i = min(1, λ·w_i) with λ chosen so Σπ_i = m (the expected draw size), found by
 * water-filling: items whose λ·w_i would exceed 1 are capped at 1 and the others rescaled.
 * Because the floor is positive, every eligible item has π_i > 0 — which is what makes the inverse-probability
 * sum of estimate.ts unbiased (Horvitz & Thompson 1952; the design follows Zrnic & Candès 2024, who mix
 * an uncertainty-based rule with a uniform floor so that 1/π stays bounded).
 */
import type { Rng } from "../../model/rng";
import { ActiveEstimateInputError } from "./types";

export interface DesignMix {
  risk: number;
  uncertainty: number;
  uniform: number;
}

export const DEFAULT_DESIGN_MIX: DesignMix = { risk: 0.5, uncertainty: 0.45, uniform: 0.05 };

export interface InclusionOptions {
  /** Lagged-model q of each eligible item (unlabeled, not a certainty unit of this round). */
  q: ArrayLike<number>;
  /** Decision threshold τ in (0, 1). */
  tau: number;
  /** m: expected number of randomized draws this round, > 0. m ≥ |R_t| gives π = 1 for all. */
  expectedSize: number;
  /** Default c_FP = τ, c_FN = 1 − τ. */
  costs?: { fp: number; fn: number };
  /** Default DEFAULT_DESIGN_MIX; weights ≥ 0 with uniform > 0, normalised to sum 1. */
  mix?: DesignMix;
}

/**
 * π_i for every eligible item of one round: a Float64Array of the length of `q`, each in (0, 1], summing to
 * min(m, |R_t|) (up to rounding). Throws ActiveEstimateInputError on invalid input.
 */
export function inclusionProbabilities(options: InclusionOptions): Float64Array {
  const { q, tau, expectedSize: m } = options;
  checkProbabilities(q, "q");
  if (typeof tau !== "number" || !(tau > 0 && tau < 1)) throw new ActiveEstimateInputError(`tau must be in (0, 1), got ${String(tau)}`);
  if (typeof m !== "number" || !(m > 0) || !Number.isFinite(m)) throw new ActiveEstimateInputError(`expectedSize must be a finite number > 0, got ${String(m)}`);
  const costs = options.costs ?? { fp: tau, fn: 1 - tau };
  if (!(costs.fp >= 0 && costs.fn >= 0 && Number.isFinite(costs.fp) && Number.isFinite(costs.fn))) {
    throw new ActiveEstimateInputError("costs.fp and costs.fn must be finite and ≥ 0");
  }
  const mix = checkMix(options.mix ?? DEFAULT_DESIGN_MIX);
  const n = q.length;
  const pi = new Float64Array(n);
  if (n === 0) return pi;
  if (m >= n) return pi.fill(1);

  const risk = new Float64Array(n);
  const unc = new Float64Array(n);
  let sumRisk = 0;
  let sumUnc = 0;
  for (let i = 0; i < n; i++) {
    const qi = q[i]!;
    risk[i] = Math.min(costs.fp * (1 - qi), costs.fn * qi);
    unc[i] = Math.sqrt(qi * (1 - qi));
    sumRisk += risk[i]!;
    sumUnc += unc[i]!;
  }
  let { risk: aRisk, uncertainty: aUnc, uniform: aUni } = mix;
  if (!(sumRisk > 0)) [aUni, aRisk] = [aUni + aRisk, 0];
  if (!(sumUnc > 0)) [aUni, aUnc] = [aUni + aUnc, 0];
  const w = pi; // reuse the buffer: w first, then π in place
  for (let i = 0; i < n; i++) {
    w[i] = (aRisk > 0 ? (aRisk * risk[i]!) / sumRisk : 0) + (aUnc > 0 ? (aUnc * unc[i]!) / sumUnc : 0) + aUni / n;
  }
  waterFill(w, m);
  return pi;
}

/** In place: w (positive masses) → min(1, λw) with Σ = m < w.length. */
function waterFill(w: Float64Array, m: number): void {
  const n = w.length;
  const capped = new Uint8Array(n);
  let cappedCount = 0;
  for (;;) {
    let mass = 0;
    for (let i = 0; i < n; i++) if (!capped[i]) mass += w[i]!;
    const scale = (m - cappedCount) / mass;
    let changed = false;
    for (let i = 0; i < n; i++) {
      if (!capped[i] && w[i]! * scale >= 1) {
        capped[i] = 1;
        cappedCount++;
        changed = true;
      }
    }
    if (!changed) {
      for (let i = 0; i < n; i++) w[i] = capped[i] ? 1 : Math.min(1, w[i]! * scale);
      return;
    }
  }
}

/**
 * Poisson sampling: item i is drawn independently with probability pi[i] (rng() < π_i, rng uniform in [0, 1)).
 * Returns the drawn positions in increasing order. The recorded π of a drawn item is exactly its probability
 * of being drawn, which the estimator relies on.
 */
export function poissonDraw(pi: ArrayLike<number>, rng: Rng): Int32Array {
  checkProbabilities(pi, "pi");
  const out: number[] = [];
  for (let i = 0; i < pi.length; i++) {
    const p = pi[i]!;
    if (!(p > 0)) throw new ActiveEstimateInputError(`pi[${i}] must be > 0, got ${p}`);
    if (rng() < p) out.push(i);
  }
  return Int32Array.from(out);
}

export interface RoundPlan {
  /** π per position of the round's unlabeled set: 1 for certainty units, the design's π for the rest. */
  pi: Float64Array;
  /** 1 at the positions served as certainty units. */
  certain: Uint8Array;
  /** Positions drawn at random (never a certainty unit), increasing. */
  random: Int32Array;
}

/**
 * One round: the caller's deterministic picks (`certain`, positions in `q`, e.g. the top of an EDV queue)
 * are certainty units with π = 1; the rest of the unlabeled set R_t gets `inclusionProbabilities` and a
 * Poisson draw of expected size `expectedSize`. `q` is the unlabeled set's lagged-model q at this round.
 */
export function planRound(options: Omit<InclusionOptions, "q"> & { q: ArrayLike<number>; certain?: ArrayLike<number>; rng: Rng }): RoundPlan {
  const { q, rng } = options;
  checkProbabilities(q, "q");
  const n = q.length;
  const certain = new Uint8Array(n);
  const picks = options.certain ?? [];
  for (let k = 0; k < picks.length; k++) {
    const i = picks[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new ActiveEstimateInputError(`certain[${k}] must be an integer position in [0, ${n}), got ${String(i)}`);
    if (certain[i]) throw new ActiveEstimateInputError(`certain[${k}]: position ${i} is listed twice`);
    certain[i] = 1;
  }
  const eligible: number[] = [];
  for (let i = 0; i < n; i++) if (!certain[i]) eligible.push(i);
  const eligibleQ = Float64Array.from(eligible, (i) => q[i]!);
  const eligiblePi = inclusionProbabilities({ ...options, q: eligibleQ });
  const pi = new Float64Array(n).fill(1);
  eligible.forEach((i, k) => (pi[i] = eligiblePi[k]!));
  const drawn = poissonDraw(eligiblePi, rng);
  return { pi, certain, random: Int32Array.from(drawn, (k) => eligible[k]!) };
}

function checkMix(mix: DesignMix): DesignMix {
  const { risk, uncertainty, uniform } = mix ?? ({} as DesignMix);
  for (const [k, v] of Object.entries({ risk, uncertainty, uniform })) {
    if (typeof v !== "number" || !(v >= 0) || !Number.isFinite(v)) throw new ActiveEstimateInputError(`mix.${k} must be a finite number ≥ 0, got ${String(v)}`);
  }
  if (!(uniform > 0)) throw new ActiveEstimateInputError("mix.uniform must be > 0: the floor is what keeps every π above 0");
  const total = risk + uncertainty + uniform;
  return { risk: risk / total, uncertainty: uncertainty / total, uniform: uniform / total };
}

/** Throws unless every entry is a number in [0, 1]. */
export function checkProbabilities(values: ArrayLike<number>, field: string): void {
  if (values == null || typeof values.length !== "number") throw new ActiveEstimateInputError(`${field} must be an array of probabilities`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) throw new ActiveEstimateInputError(`${field}[${i}] must be a probability in [0, 1], got ${String(v)}`);
  }
}
