import { AuditInputError } from "./types";

/** One binomial cell of a stratified sample: `successes` of `trials`, finite-population factor `fpc`. */
export interface ScoreCell {
  /** Coefficient of the cell's proportion in the target, e.g. N_h (a count) or c·N_h (a cost). */
  weight: number;
  successes: number;
  trials: number;
  /** (N_h − m_h)/(N_h − 1) for a without-replacement sample; 1 for with replacement; 0 for a census. */
  fpc: number;
}

export interface ScoreInterval {
  value: number;
  low: number;
  high: number;
  /** Plug-in (Wald) variance of `value`. */
  variance: number;
}

/**
 * Score interval for a non-negative linear combination T = Σ_c w_c·p_c of independent binomial proportions
 * (a stratified total). The interval is {T : (T̂ − T)² ≤ z²·V(p̃(T))}, where p̃(T) is the maximum-likelihood
 * estimate of the cell proportions under the constraint Σ w_c p_c = T and V(p) = Σ w_c² fpc_c p_c(1 − p_c)/m_c.
 * With one cell this is exactly Wilson's interval; with many it keeps Wilson's behaviour at small counts
 * (a stratum with 0 errors still contributes upward uncertainty). Cf. the score intervals for linear
 * functions of proportions in Tang, Ling & Tian (2009) and the stratified Wilson interval of Yan & Su (2010).
 *
 * The finite-population correction is applied by scaling each cell's information: x' = x/fpc, m' = m/fpc.
 * The constrained MLE is p_c(λ), the root in [0, 1] of x'/p − (m' − x')/(1 − p) = λ·w_c; T(λ) is monotone,
 * so each endpoint is one bisection along λ.
 */
export function stratifiedScoreInterval(cells: readonly ScoreCell[], z: number): ScoreInterval {
  if (!(z > 0) || !Number.isFinite(z)) throw new AuditInputError(`z must be finite and > 0, got ${z}`);
  let fixed = 0;
  const w: number[] = [];
  const xs: number[] = [];
  const ms: number[] = [];
  for (const c of cells) {
    if (!(c.weight >= 0) || !Number.isFinite(c.weight)) throw new AuditInputError(`cell weight must be finite and ≥ 0, got ${c.weight}`);
    if (!(c.trials > 0) || !(c.successes >= 0) || c.successes > c.trials) throw new AuditInputError(`cell needs 0 ≤ successes ≤ trials and trials > 0, got ${c.successes}/${c.trials}`);
    if (!(c.fpc >= 0 && c.fpc <= 1)) throw new AuditInputError(`cell fpc must be in [0, 1], got ${c.fpc}`);
    if (c.weight === 0) continue;
    if (c.fpc === 0) {
      fixed += c.weight * (c.successes / c.trials);
      continue;
    }
    w.push(c.weight);
    xs.push(c.successes / c.fpc);
    ms.push(c.trials / c.fpc);
  }
  const K = w.length;
  const p = new Float64Array(K);
  const evaluate = (lambda: number): { T: number; V: number } => {
    let T = fixed;
    let V = 0;
    for (let c = 0; c < K; c++) {
      const pc = constrainedProportion(xs[c]!, ms[c]!, lambda * w[c]!);
      p[c] = pc;
      T += w[c]! * pc;
      V += (w[c]! * w[c]! * pc * (1 - pc)) / ms[c]!;
    }
    return { T, V };
  };
  const at0 = evaluate(0);
  const value = at0.T;
  if (K === 0) return { value, low: value, high: value, variance: 0 };
  let tMax = fixed;
  for (let c = 0; c < K; c++) tMax += w[c]!;
  let scale = Infinity;
  for (let c = 0; c < K; c++) scale = Math.min(scale, ms[c]! / w[c]!);
  const z2 = z * z;
  // F(s) ≥ 0 outside the interval; λ = ±scale·sinh(s) reaches from tiny to huge multipliers.
  const endpoint = (sign: 1 | -1, bound: number): number => {
    const F = (s: number) => {
      const { T, V } = evaluate(sign * scale * Math.sinh(s));
      return { T, f: (value - T) * (value - T) - z2 * V };
    };
    let lo = 0;
    let hi = 60;
    if (F(hi).f <= 0) return bound;
    for (let it = 0; it < 80; it++) {
      const mid = (lo + hi) / 2;
      if (F(mid).f <= 0) lo = mid;
      else hi = mid;
    }
    return F((lo + hi) / 2).T;
  };
  // λ > 0 lowers every p_c (the lower endpoint); λ < 0 raises them.
  const low = Math.min(value, endpoint(1, fixed));
  const high = Math.max(value, endpoint(-1, tMax));
  return { value, low, high, variance: at0.V };
}

/** Root in [0, 1] of x/p − (m − x)/(1 − p) = a (0 ≤ x ≤ m, m > 0): the stationarity condition above. */
export function constrainedProportion(x: number, m: number, a: number): number {
  if (a === 0) return x / m;
  let p: number;
  if (a > 0) {
    // a p² − (a + m) p + x = 0, smaller root, in the cancellation-free form.
    const b = a + m;
    p = (2 * x) / (b + Math.sqrt(Math.max(0, b * b - 4 * a * x)));
  } else {
    // With a = −β: β p² + (m − β) p − x = 0, positive root.
    const beta = -a;
    const b = m - beta;
    const disc = Math.sqrt(b * b + 4 * beta * x);
    p = b > 0 ? (2 * x) / (b + disc) : (-b + disc) / (2 * beta);
  }
  return Math.min(1, Math.max(0, p));
}
