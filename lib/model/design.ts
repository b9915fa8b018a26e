/**
 * Training design matrix for the decision model: a dense low-dimensional block ψ (bias, logit(score) or the
 * Beta-calibration pair) and a sparse hashed-text block φ, re-indexed to the features that occur in the
 * training rows ("active" features; all others keep their prior mean 0 at the MAP).
 */
import type { SparseVector } from "./sparse";

export interface Design {
  n: number;
  /** low-dimensional columns */
  p: number;
  /** n × p row-major */
  low: Float64Array;
  rowPtr: Int32Array;
  col: Int32Array;
  val: Float64Array;
  /** number of active text features */
  F: number;
  /** compact column → hashed bucket */
  featIdx: Int32Array;
}

/**
 * `minDf`: text features occurring in fewer training rows are left out (their weights stay at the prior
 * mean 0) — the usual document-frequency cut; it shrinks the optimisation 2–3× on short texts.
 */
export function buildDesign(low: Float64Array, p: number, text: SparseVector[] | null, dim: number, minDf = 1): Design {
  const n = p > 0 ? low.length / p : text?.length ?? 0;
  if (!Number.isInteger(n)) throw new Error("design: low block length is not a multiple of p");
  if (text && text.length !== n) throw new Error(`design: ${text.length} text rows for ${n} low-dim rows`);
  const rowPtr = new Int32Array(n + 1);
  if (!text) return { n, p, low, rowPtr, col: new Int32Array(0), val: new Float64Array(0), F: 0, featIdx: new Int32Array(0) };
  const map = new Int32Array(dim).fill(-1);
  let df: Uint16Array | null = null;
  if (minDf > 1) {
    df = new Uint16Array(dim);
    for (const t of text) for (let e = 0; e < t.idx.length; e++) {
      const b = t.idx[e]!;
      if (b < 0 || b >= dim) throw new Error(`design: feature index ${b} outside [0, ${dim})`);
      if (df[b]! < 65535) df[b] = df[b]! + 1;
    }
  }
  let nnz = 0;
  for (const t of text) {
    if (!df) nnz += t.idx.length;
    else for (let e = 0; e < t.idx.length; e++) if (df[t.idx[e]!]! >= minDf) nnz++;
  }
  const col = new Int32Array(nnz);
  const val = new Float64Array(nnz);
  const feats: number[] = [];
  let k = 0;
  for (let i = 0; i < n; i++) {
    const t = text[i]!;
    for (let e = 0; e < t.idx.length; e++) {
      const b = t.idx[e]!;
      if (b < 0 || b >= dim) throw new Error(`design: feature index ${b} outside [0, ${dim})`);
      if (df && df[b]! < minDf) continue;
      let c = map[b]!;
      if (c < 0) {
        c = feats.length;
        map[b] = c;
        feats.push(b);
      }
      col[k] = c;
      val[k] = t.val[e]!;
      k++;
    }
    rowPtr[i + 1] = k;
  }
  return { n, p, low, rowPtr, col, val, F: feats.length, featIdx: Int32Array.from(feats) };
}

/** Logits z_i = ψ_iᵀθ_low + φ_iᵀθ_text for every training row. */
export function designLogits(d: Design, theta: Float64Array, out: Float64Array = new Float64Array(d.n)): Float64Array {
  const { p, low, rowPtr, col, val } = d;
  for (let i = 0; i < d.n; i++) {
    let z = 0;
    for (let j = 0; j < p; j++) z += low[i * p + j]! * theta[j]!;
    for (let e = rowPtr[i]!; e < rowPtr[i + 1]!; e++) z += val[e]! * theta[p + col[e]!]!;
    out[i] = z;
  }
  return out;
}
