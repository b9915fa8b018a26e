/**
 * Closed-form EDV/EDF for models whose calibrated logit is monotone in one covariate x (sampling.md §3):
 * scores-only Platt/Beta models (x = logit s) and the calibration map of a text model (x = z, ψ = [z, 1]).
 * A hypothetical label (x_i, y) moves the weights by one corrected Newton step
 *   Δw = (y − q_i)·H⁻¹ψ_i / (1 + c_i·ℓ_i²),  c_i = q_i(1 − q_i),  ℓ_i² = ψ_iᵀH⁻¹ψ_i,
 * and the items that flip are exactly those between the old and the new crossing point of u = t. The pool is
 * kept sorted (compressed to at most `maxBins` equal-count bins for large pools), so each candidate costs a
 * binary search plus the bins inside the flip interval.
 */
import { inverseSpd } from "../model/dense";
import { normalCdf, sigmoid } from "../model/math";
import { bayesRisk, thresholdLogit } from "./costs";

/** Flip intervals up to this many bins are summed exactly (always, for pools of ≤ 64 items). */
const MAX_EXACT_BINS = 64;

export interface MonotoneModel {
  /** weights of ψ(x) (p of them) */
  w: Float64Array;
  /** Hessian of the negative log posterior (p×p row-major) */
  H: Float64Array;
  /** ψ(x) into out (length p) */
  psi: (x: number, out: Float64Array) => void;
}

export interface SortedPool {
  /** bin representative covariate, ascending */
  x: Float64Array;
  /** items per bin */
  count: Float64Array;
  /** bin of each item */
  binOf: Int32Array;
}

/** Sorts the pool covariate and compresses it into ≤ maxBins equal-count bins (exact when N ≤ maxBins). */
export function sortPool(x: ArrayLike<number>, maxBins = 4096): SortedPool {
  const n = x.length;
  const order = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]!)) throw new Error("sortPool: covariate must be finite");
    order[i] = i;
  }
  const idx = Int32Array.from(order).sort((i, j) => x[i]! - x[j]! || i - j);
  const bins = Math.max(1, Math.min(n, maxBins));
  const bx = new Float64Array(bins);
  const bc = new Float64Array(bins);
  const binOf = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const b = Math.min(bins - 1, Math.floor((r * bins) / n));
    const i = idx[r]!;
    binOf[i] = b;
    bx[b] = bx[b]! + x[i]!;
    bc[b] = bc[b]! + 1;
  }
  for (let b = 0; b < bins; b++) bx[b] = bc[b]! > 0 ? bx[b]! / bc[b]! : 0;
  return n === 0 ? { x: new Float64Array(0), count: new Float64Array(0), binOf } : { x: bx, count: bc, binOf };
}

export interface MonotoneValue {
  edf: number;
  edv: number;
  /** tie-rule key: expected |movement| of the calibrated logit at the crossing point */
  soft: number;
}

export class MonotoneValuer {
  readonly p: number;
  private Hinv: Float64Array;
  private readonly t: number;
  private readonly u: Float64Array;
  private readonly psiBins: Float64Array;
  private readonly k0: number;
  private readonly psiC: Float64Array;

  constructor(private readonly pool: SortedPool, private readonly model: MonotoneModel, private readonly tau: number, private readonly selfValue: number) {
    this.p = model.w.length;
    this.H = Float64Array.from(model.H);
    this.Hinv = inverseSpd(this.H, this.p);
    this.t = thresholdLogit(tau);
    const B = pool.x.length;
    this.psiBins = new Float64Array(B * this.p);
    this.u = new Float64Array(B);
    const tmp = new Float64Array(this.p);
    for (let b = 0; b < B; b++) {
      model.psi(pool.x[b]!, tmp);
      let s = 0;
      for (let k = 0; k < this.p; k++) { this.psiBins[b * this.p + k] = tmp[k]!; s += model.w[k]! * tmp[k]!; }
      this.u[b] = s;
    }
    this.k0 = this.crossing(this.u, null, 0);
    this.psiC = new Float64Array(this.p);
  }

  private H: Float64Array;

  /** first bin at or above the current decision boundary */
  get crossingBin(): number {
    return this.k0;
  }

  /** first bin with u + coef·(vᵀψ) ≥ t (u monotone increasing in x) */
  private crossing(u: Float64Array, v: Float64Array | null, coef: number): number {
    let lo = 0;
    let hi = u.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.uPlus(mid, v, coef) >= this.t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private uPlus(b: number, v: Float64Array | null, coef: number): number {
    let s = this.u[b]!;
    if (v) for (let k = 0; k < this.p; k++) s += coef * v[k]! * this.psiBins[b * this.p + k]!;
    return s;
  }

  private monotoneAfter(v: Float64Array, coef: number): boolean {
    const B = this.u.length;
    if (B < 2) return true;
    // cheap check on the ends and the crossing neighbourhood; a full check when in doubt
    for (let b = 1; b < B; b++) if (this.uPlus(b, v, coef) < this.uPlus(b - 1, v, coef) - 1e-12) return false;
    return true;
  }

  /** Value of labelling one item at covariate x with predictive probability q; `selfBin` = its bin (or -1). */
  value(x: number, q: number, selfBin: number): MonotoneValue {
    const p = this.p;
    this.model.psi(x, this.psiC);
    const v = new Float64Array(p);
    for (let a = 0; a < p; a++) { let s = 0; for (let c = 0; c < p; c++) s += this.Hinv[a * p + c]! * this.psiC[c]!; v[a] = s; }
    let l2 = 0;
    for (let a = 0; a < p; a++) l2 += this.psiC[a]! * v[a]!;
    const c = q * (1 - q);
    let edf = 0;
    let edv = 0;
    let soft = 0;
    const kStar = Math.min(Math.max(this.k0, 0), this.u.length - 1);
    for (const y of [0, 1] as const) {
      const py = y === 1 ? q : 1 - q;
      if (py === 0) continue;
      const coef = (y - q) / (1 + c * l2);
      if (this.u.length > 0) soft += py * Math.abs(coef * dotRow(v, this.psiBins, kStar, p));
      let flips = 0;
      let voi = 0;
      const add = (b: number) => {
        const up = this.uPlus(b, v, coef);
        if ((up >= this.t) === (this.u[b]! >= this.t)) return;
        let cnt = this.pool.count[b]!;
        const gain = Math.abs(sigmoid(up) - this.tau);
        flips += cnt;
        if (b === selfBin) cnt -= 1;
        voi += cnt * gain;
      };
      if (this.monotoneAfter2(v, coef)) {
        const k1 = this.crossing(this.u, v, coef);
        const lo = Math.min(this.k0, k1), hi = Math.max(this.k0, k1);
        if (hi - lo <= MAX_EXACT_BINS) for (let b = lo; b < hi; b++) add(b);
        else {
          // wide flip interval (an uncertain model, early on): every bin in it flips; the value integral is
          // a midpoint Riemann sum over MAX_EXACT_BINS evenly spaced bins, scaled to the interval's count
          let cnt = 0;
          for (let b = lo; b < hi; b++) cnt += this.pool.count[b]!;
          let g = 0, gc = 0;
          for (let r = 0; r < MAX_EXACT_BINS; r++) {
            const b = lo + Math.floor(((r + 0.5) * (hi - lo)) / MAX_EXACT_BINS);
            g += this.pool.count[b]! * Math.abs(sigmoid(this.uPlus(b, v, coef)) - this.tau);
            gc += this.pool.count[b]!;
          }
          flips += cnt;
          voi += (g / gc) * (cnt - (selfBin >= lo && selfBin < hi ? 1 : 0));
        }
      } else for (let b = 0; b < this.u.length; b++) add(b);
      edf += py * flips;
      edv += py * voi;
    }
    edv += this.selfValue * bayesRisk(q, this.tau);
    return { edf, edv, soft };
  }

  private monotoneAfter2(v: Float64Array, coef: number): boolean {
    // linear-in-x models (ψ = [1, x] or [x, 1]) stay monotone iff the slope stays >= 0: compare the ends
    if (this.p === 2 && this.u.length >= 2) return this.uPlus(this.u.length - 1, v, coef) >= this.uPlus(0, v, coef);
    return this.monotoneAfter(v, coef);
  }

  /** Label-free Hessian update after picking x with probability q (greedy batches: near-duplicates lose value). */
  addToHessian(x: number, q: number): void {
    const p = this.p;
    this.model.psi(x, this.psiC);
    const c = q * (1 - q);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) this.H[a * p + b] = this.H[a * p + b]! + c * this.psiC[a]! * this.psiC[b]!;
    this.Hinv = inverseSpd(this.H, p);
  }

  /** Posterior probability that the decision at covariate x is on the wrong side: Φ(−|u − t| / sd(u)). */
  flipProbability(x: number): number {
    this.model.psi(x, this.psiC);
    let u = 0;
    for (let k = 0; k < this.p; k++) u += this.model.w[k]! * this.psiC[k]!;
    let varU = 0;
    for (let a = 0; a < this.p; a++) for (let b = 0; b < this.p; b++) varU += this.psiC[a]! * this.Hinv[a * this.p + b]! * this.psiC[b]!;
    return normalCdf(-Math.abs(u - this.t) / Math.sqrt(Math.max(varU, 1e-12)));
  }
}

function dotRow(v: Float64Array, rows: Float64Array, b: number, p: number): number {
  let s = 0;
  for (let k = 0; k < p; k++) s += v[k]! * rows[b * p + k]!;
  return s;
}
