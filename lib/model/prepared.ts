/**
 * Dense, scoring-ready views of a DecisionModel (cached per model object): hashed weights expanded to 2^bits
 * arrays (members interleaved so one lookup per feature serves the whole ensemble), the inverse of the low
 * block's Hessian, and the dense diagonal text Hessian used by §3's one-step updates.
 */
import type { DecisionModel } from "./decision-model";
import { inverseSpd } from "./dense";
import { FeatureHasher, hasherFor } from "./feature-hasher";
import { lowFeatures } from "./low-features";
import type { SparseVector } from "./sparse";

export interface PreparedModel {
  p: number;
  dim: number;
  hasher: FeatureHasher | null;
  /** MAP text weights, dense (length dim) */
  w: Float32Array | null;
  /** member text weights, interleaved [bucket * M + m] */
  wm: Float32Array | null;
  /** 1 for buckets the model has weights for: lookups of the others (most n-grams of a new text) are skipped */
  active: Uint8Array | null;
  M: number;
  lowInv: Float64Array;
  /** dense diagonal of the text Hessian (λ for inactive buckets) */
  hDiag: Float64Array | null;
}

const cache = new WeakMap<DecisionModel, PreparedModel>();

export function prepareModel(m: DecisionModel): PreparedModel {
  const hit = cache.get(m);
  if (hit) return hit;
  if (m.format !== "verge-decision-model/1") throw new Error(`unknown model format ${String(m.format)}`);
  const p = m.low.length;
  const hasher = m.config.text ? hasherFor(m.config.text) : null;
  const dim = hasher ? hasher.dim : 0;
  const M = m.membersLow.length;
  let w: Float32Array | null = null;
  let wm: Float32Array | null = null;
  let active: Uint8Array | null = null;
  if (m.text && hasher) {
    active = new Uint8Array(dim);
    for (const b of m.text.idx) active[b] = 1;
    w = new Float32Array(dim);
    m.text.idx.forEach((b, k) => { w![b] = m.text!.w[k]!; });
    if (M > 0) {
      wm = new Float32Array(dim * M);
      for (let j = 0; j < M; j++) {
        const mw = m.text.members[j]!;
        m.text.idx.forEach((b, k) => { wm![b * M + j] = mw[k]!; });
      }
    }
  }
  const prep: PreparedModel = { p, dim, hasher, w, wm, active, M, lowInv: inverseSpd(m.lowHessian, p), hDiag: null };
  cache.set(m, prep);
  return prep;
}

/** Dense text-Hessian diagonal, built on first use (2^bits doubles). */
export function textHessianDense(m: DecisionModel): Float64Array | null {
  const prep = prepareModel(m);
  if (!m.text || !m.config.text) return null;
  if (!prep.hDiag) {
    const h = new Float64Array(prep.dim).fill(m.config.prior.textPrecision);
    m.text.idx.forEach((b, k) => { h[b] = m.text!.hDiag[k]!; });
    prep.hDiag = h;
  }
  return prep.hDiag;
}

export interface ItemInput {
  text: string;
  score: number | null;
  /** precomputed hashed features (same feature config as the model) */
  features?: SparseVector;
}

/** ψ and φ of one item under the model's configuration. */
export function itemFeatures(m: DecisionModel, item: ItemInput): { psi: Float64Array; phi: SparseVector | null } {
  const prep = prepareModel(m);
  const psi = new Float64Array(prep.p);
  lowFeatures(item.score, m.config, psi);
  const phi = prep.hasher ? item.features ?? prep.hasher.featurize(item.text) : null;
  return { psi, phi };
}
