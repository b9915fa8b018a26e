/**
 * The corrected one-step update of sampling.md §3 for a low-dimensional block: adding (ψ_i, y) with model
 * probability m_i changes the MAP by one Newton step with the Sherman–Morrison-updated Hessian,
 *   Δw = (y − m_i)·H⁻¹ψ_i / (1 + c_i·ℓ_i²),  c_i = m_i(1 − m_i),  ℓ_i² = ψ_iᵀH⁻¹ψ_i,
 * so item j's logit moves by Δz_j = ψ_jᵀΔw = (y − m_i)·k_ij / (1 + c_i·ℓ_i²).
 */
import { solveSpd } from "../model/dense";

export function oneStepDelta(H: ArrayLike<number>, psi: ArrayLike<number>, m: number, y: 0 | 1): Float64Array {
  const p = psi.length;
  if (H.length !== p * p) throw new Error("oneStepDelta: H must be p×p");
  if (!(m > 0 && m < 1)) throw new Error("oneStepDelta: m must be in (0, 1)");
  const v = solveSpd(H, psi, p);
  let l2 = 0;
  for (let k = 0; k < p; k++) l2 += psi[k]! * v[k]!;
  const coef = (y - m) / (1 + m * (1 - m) * l2);
  return v.map((x) => coef * x);
}
