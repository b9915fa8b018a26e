/**
 * EDV/EDF of candidate labels for the text model (sampling.md §3), by the corrected one-step update
 *   Δz_j = (y − m_i)·k_ij / (1 + c_i·ℓ_i²),  k_ij = φ_jᵀH⁻¹φ_i,  ℓ_i² = φ_iᵀH⁻¹φ_i,  c_i = m_i(1 − m_i)
 * with H block-diagonal (full low block ⊕ diagonal text block), m_i = σ(z_i) the model's own probability
 * and p(y = 1) = q_i the calibrated one. Values are computed over a band A of the M items nearest the
 * threshold in |u − t|/σ_u; when the calibration map is fitted on all labels, the label's effect on (a, b)
 * (the "calibration path") is applied jointly: u_j⁺ = (a + Δa)(z_j + Δz_j) + b + Δb.
 */
import type { DecisionModel } from "../model/decision-model";
import { inverseSpd } from "../model/dense";
import { sigmoid } from "../model/math";
import type { SparseVector } from "../model/sparse";
import { bayesRisk, thresholdLogit } from "./costs";

export interface TextCandidate {
  index: number;
  psi: Float64Array;
  phi: SparseVector;
  z: number;
  q: number;
}

export interface BandItem {
  index: number;
  psi: Float64Array;
  phi: SparseVector;
  z: number;
  /** σ of the calibrated logit (a·σ_z) */
  sigmaU: number;
}

export interface CandidateValue {
  edf: number;
  edv: number;
  soft: number;
}

export class TextValuer {
  private readonly p: number;
  private readonly hDiag: Float64Array;
  private H: Float64Array;
  private Hinv: Float64Array;
  private Hcal: Float64Array | null;
  private HcalInv: Float64Array | null;
  private readonly t: number;
  private readonly ptr: Int32Array;
  private readonly postJ: Int32Array;
  private readonly postV: Float64Array;
  private readonly bandU: Float64Array;
  private readonly weightSoft: Float64Array;
  private readonly k: Float64Array;
  private readonly changedBuckets: number[] = [];

  constructor(
    private readonly model: DecisionModel,
    hDiagDense: Float64Array,
    private readonly band: BandItem[],
    private readonly tau: number,
    private readonly selfValue: number,
    calibrationPath: boolean,
  ) {
    this.p = model.low.length;
    this.hDiag = hDiagDense; // mutated by addToHessian and restored by dispose()
    this.H = Float64Array.from(model.lowHessian);
    this.Hinv = inverseSpd(this.H, this.p);
    const hc = model.calibration.hessian;
    this.Hcal = calibrationPath && hc ? Float64Array.from(hc) : null;
    this.HcalInv = this.Hcal ? inverseSpd(this.Hcal, 2) : null;
    this.t = thresholdLogit(tau);
    const dim = hDiagDense.length;
    const cnt = new Int32Array(dim + 1);
    for (const it of band) for (let e = 0; e < it.phi.idx.length; e++) cnt[it.phi.idx[e]! + 1]!++;
    for (let b = 0; b < dim; b++) cnt[b + 1] = cnt[b + 1]! + cnt[b]!;
    this.ptr = cnt;
    const nnz = cnt[dim]!;
    this.postJ = new Int32Array(nnz);
    this.postV = new Float64Array(nnz);
    const fill = cnt.slice(0, dim);
    band.forEach((it, j) => {
      for (let e = 0; e < it.phi.idx.length; e++) {
        const b = it.phi.idx[e]!;
        const pos = fill[b]!++;
        this.postJ[pos] = j;
        this.postV[pos] = it.phi.val[e]!;
      }
    });
    const { a, b } = model.calibration;
    this.bandU = Float64Array.from(band, (it) => a * it.z + b);
    this.weightSoft = Float64Array.from(band, (it, j) => {
      const d = (this.bandU[j]! - this.t) / Math.max(it.sigmaU, 0.1);
      return Math.exp(-0.5 * d * d);
    });
    this.k = new Float64Array(band.length);
  }

  value(c: TextCandidate): CandidateValue {
    const p = this.p;
    const k = this.k;
    k.fill(0);
    let l2 = 0;
    const { idx, val } = c.phi;
    for (let e = 0; e < idx.length; e++) {
      const bkt = idx[e]!;
      const w = val[e]! / this.hDiag[bkt]!;
      l2 += w * val[e]!;
      for (let r = this.ptr[bkt]!; r < this.ptr[bkt + 1]!; r++) k[this.postJ[r]!] = k[this.postJ[r]!]! + w * this.postV[r]!;
    }
    const v = new Float64Array(p);
    for (let r = 0; r < p; r++) { let s = 0; for (let q = 0; q < p; q++) s += this.Hinv[r * p + q]! * c.psi[q]!; v[r] = s; }
    for (let r = 0; r < p; r++) l2 += c.psi[r]! * v[r]!;
    for (let j = 0; j < this.band.length; j++) {
      const psi = this.band[j]!.psi;
      let s = 0;
      for (let r = 0; r < p; r++) s += psi[r]! * v[r]!;
      k[j] = k[j]! + s;
    }
    const m = sigmoid(c.z);
    const cm = m * (1 - m);
    const { a, b } = this.model.calibration;
    let calV0 = 0, calV1 = 0, calDen = 1;
    if (this.HcalInv) {
      const hi = this.HcalInv;
      calV0 = hi[0]! * c.z + hi[1]!;
      calV1 = hi[2]! * c.z + hi[3]!;
      const lc = c.z * calV0 + calV1;
      calDen = 1 + c.q * (1 - c.q) * lc;
    }
    let edf = 0, edv = 0, soft = 0;
    for (const y of [0, 1] as const) {
      const py = y === 1 ? c.q : 1 - c.q;
      if (py === 0) continue;
      const coef = (y - m) / (1 + cm * l2);
      const cc = this.HcalInv ? (y - c.q) / calDen : 0;
      const a1 = a + cc * calV0;
      const b1 = b + cc * calV1;
      let flips = 0, voi = 0, mv = 0;
      for (let j = 0; j < this.band.length; j++) {
        const it = this.band[j]!;
        if (it.index === c.index) continue;
        const up = a1 * (it.z + coef * k[j]!) + b1;
        const u0 = this.bandU[j]!;
        mv += Math.abs(up - u0) * this.weightSoft[j]!;
        if ((up >= this.t) !== (u0 >= this.t)) {
          flips++;
          voi += Math.abs(sigmoid(up) - this.tau);
        }
      }
      edf += py * flips;
      edv += py * voi;
      soft += py * mv;
    }
    edv += this.selfValue * bayesRisk(c.q, this.tau);
    return { edf, edv, soft };
  }

  /** Label-free update H += c·φφᵀ (diagonal), low block and calibration block likewise. */
  addToHessian(c: TextCandidate): void {
    const m = sigmoid(c.z);
    const cm = m * (1 - m);
    const { idx, val } = c.phi;
    for (let e = 0; e < idx.length; e++) {
      const b = idx[e]!;
      this.changedBuckets.push(b, this.hDiag[b]!);
      this.hDiag[b] = this.hDiag[b]! + cm * val[e]! * val[e]!;
    }
    const p = this.p;
    for (let r = 0; r < p; r++) for (let q = 0; q < p; q++) this.H[r * p + q] = this.H[r * p + q]! + cm * c.psi[r]! * c.psi[q]!;
    this.Hinv = inverseSpd(this.H, p);
    if (this.Hcal) {
      const w = c.q * (1 - c.q);
      const x = [c.z, 1];
      for (let r = 0; r < 2; r++) for (let q = 0; q < 2; q++) this.Hcal[r * 2 + q] = this.Hcal[r * 2 + q]! + w * x[r]! * x[q]!;
      this.HcalInv = inverseSpd(this.Hcal, 2);
    }
  }

  /** Restores the shared dense Hessian diagonal modified by addToHessian. */
  dispose(): void {
    for (let k = this.changedBuckets.length - 2; k >= 0; k -= 2) this.hDiag[this.changedBuckets[k]!] = this.changedBuckets[k + 1]!;
    this.changedBuckets.length = 0;
  }
}
