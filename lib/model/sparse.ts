/** Sparse vectors for hashed features: parallel index/value arrays, indices unique (not necessarily sorted). */
export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

export function emptySparse(): SparseVector {
  return { idx: new Int32Array(0), val: new Float32Array(0) };
}

/** Dot product of a sparse vector with a dense weight array. */
export function sparseDot(v: SparseVector, w: ArrayLike<number>): number {
  let s = 0;
  const { idx, val } = v;
  for (let k = 0; k < idx.length; k++) s += val[k]! * w[idx[k]!]!;
  return s;
}

export function sparseNorm2(v: SparseVector): number {
  let s = 0;
  for (let k = 0; k < v.val.length; k++) s += v.val[k]! * v.val[k]!;
  return s;
}
