/**
 * scoreItems: MAP logit z, calibrated probability q = σ(a·z + b) and per-item uncertainty σ for a chunk of
 * items. σ is the spread of z across the bootstrap ensemble (sampling.md §2) or, for scores-only and prior
 * models, the Laplace standard deviation √(ψᵀH⁻¹ψ + Σ φ_f²/H_ff). Stateless per call: feed a 1M pool in chunks.
 */
import type { DecisionModel } from "./decision-model";
import { bilinear } from "./dense";
import { sigmoid } from "./math";
import { lowFeatures } from "./low-features";
import { prepareModel, textHessianDense, type ItemInput } from "./prepared";

export interface ScoredItems {
  z: Float64Array;
  q: Float64Array;
  sigma: Float64Array;
}

export function scoreItems(model: DecisionModel, items: ItemInput[]): ScoredItems {
  const prep = prepareModel(model);
  const { p, M, w, wm, active, hasher } = prep;
  const n = items.length;
  const z = new Float64Array(n);
  const q = new Float64Array(n);
  const sigma = new Float64Array(n);
  const psi = new Float64Array(p);
  const zm = new Float64Array(M);
  const { a, b } = model.calibration;
  const hDiag = M === 0 && w ? textHessianDense(model) : null;
  for (let i = 0; i < n; i++) {
    const item = items[i]!;
    lowFeatures(item.score, model.config, psi);
    let zi = 0;
    for (let j = 0; j < p; j++) zi += model.low[j]! * psi[j]!;
    for (let m = 0; m < M; m++) {
      let s = 0;
      const ml = model.membersLow[m]!;
      for (let j = 0; j < p; j++) s += ml[j]! * psi[j]!;
      zm[m] = s;
    }
    let textVar = 0;
    if (w && hasher) {
      const phi = item.features ?? hasher.featurize(item.text);
      const { idx, val } = phi;
      for (let k = 0; k < idx.length; k++) {
        const bkt = idx[k]!;
        // Inactive buckets carry no weight; only the prior's variance term (hDiag) needs them.
        if (!hDiag && active && active[bkt] === 0) continue;
        const v = val[k]!;
        zi += v * w[bkt]!;
        if (wm) {
          const base = bkt * M;
          for (let m = 0; m < M; m++) zm[m] = zm[m]! + v * wm[base + m]!;
        } else if (hDiag) textVar += (v * v) / hDiag[bkt]!;
      }
    }
    z[i] = zi;
    q[i] = sigmoid(a * zi + b);
    if (M >= 2) {
      let mean = 0;
      for (let m = 0; m < M; m++) mean += zm[m]!;
      mean /= M;
      let ss = 0;
      for (let m = 0; m < M; m++) ss += (zm[m]! - mean) ** 2;
      sigma[i] = Math.sqrt(ss / (M - 1));
    } else sigma[i] = Math.sqrt(bilinear(prep.lowInv, psi, psi, p) + textVar);
  }
  return { z, q, sigma };
}
