import { AuditInputError } from "./types";

export interface Stratification {
  /** Stratum index per item. */
  assignments: Int32Array;
  /** Per stratum: smallest and largest member q, and size. Ordered by q. */
  strata: { lo: number; hi: number; size: number }[];
}

/**
 * Strata by q with a boundary exactly at τ, and boundaries placed so each stratum holds about the same
 * "Neyman mass" Σ_j w_j, where w_j = c_d·√(e_j(1 − e_j)) is item j's contribution to N_h·S_h
 * (e = error probability of the decision, c_d = 1 for the error count, the decision's cost for cost).
 * Equal N_h·S_h per stratum is the rule of thumb behind Dalenius & Hodges' cum √f boundaries (JASA 1959):
 * with Neyman allocation every stratum then gets about the same number of draws, and strata are narrowest
 * in q where the decision's error is most uncertain — next to τ when τ is central. The number of strata on
 * each side of τ is proportional to that side's mass, but at least a quarter of them (one when fewer than 4).
 * Items with equal q always share a stratum, so fewer than `maxStrata` strata can come back.
 */
export function stratifyByQ(q: ArrayLike<number>, tau: number, maxStrata: number, weightOf: (q: number) => number): Stratification {
  const N = q.length;
  if (!Number.isInteger(maxStrata) || maxStrata < 1) throw new AuditInputError(`strata must be an integer ≥ 1, got ${maxStrata}`);
  if (maxStrata === 1) {
    // One stratum (the uniform baseline): no sort needed.
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < N; i++) {
      lo = Math.min(lo, q[i]!);
      hi = Math.max(hi, q[i]!);
    }
    return { assignments: new Int32Array(N), strata: N > 0 ? [{ lo, hi, size: N }] : [] };
  }
  const sorted = argsortStable(q);

  let split = 0;
  while (split < N && q[sorted[split]!]! < tau) split++;
  const weights = new Float64Array(N);
  let wNeg = 0;
  let wPos = 0;
  for (let i = 0; i < N; i++) {
    // 1e-9 keeps a side with all q in {0, 1} from having zero mass.
    const w = weightOf(q[sorted[i]!]!) + 1e-9;
    weights[i] = w;
    if (i < split) wNeg += w;
    else wPos += w;
  }

  let hNeg = split > 0 ? 1 : 0;
  let hPos = split < N ? 1 : 0;
  if (hNeg === 1 && hPos === 1) {
    if (maxStrata >= 2) {
      // FP and FN are reported separately, so neither side gets fewer than a quarter of the strata.
      const least = Math.max(1, Math.floor(maxStrata / 4));
      hNeg = Math.min(maxStrata - least, Math.max(least, Math.round((maxStrata * wNeg) / (wNeg + wPos))));
      hPos = maxStrata - hNeg;
    }
  } else if (hNeg === 1) hNeg = maxStrata;
  else if (hPos === 1) hPos = maxStrata;

  // Cut positions in sorted order (a cut c means a new stratum starts at sorted position c).
  const cuts: number[] = [0];
  const cutSide = (from: number, to: number, parts: number, mass: number) => {
    if (to <= from) return;
    if (from > 0) cuts.push(from);
    if (parts <= 1) return;
    let cum = 0;
    let k = 1;
    for (let i = from; i < to && k < parts; i++) {
      cum += weights[i]!;
      if (cum >= (k * mass) / parts) {
        let c = i + 1;
        // Keep ties together: move the cut past a run of equal q.
        while (c < to && q[sorted[c]!]! === q[sorted[c - 1]!]!) c++;
        if (c < to && c > cuts[cuts.length - 1]!) cuts.push(c);
        while (k < parts && cum >= (k * mass) / parts) k++;
        i = c - 1;
        cum = 0;
        for (let j = from; j < c; j++) cum += weights[j]!;
      }
    }
  };
  cutSide(0, split, hNeg, wNeg);
  cutSide(split, N, hPos, wPos);
  const unique = [...new Set(cuts)].filter((c) => c < N).sort((a, b) => a - b);
  const assignments = new Int32Array(N);
  const strata: Stratification["strata"] = [];
  for (let s = 0; s < unique.length; s++) {
    const from = unique[s]!;
    const to = s + 1 < unique.length ? unique[s + 1]! : N;
    for (let i = from; i < to; i++) assignments[sorted[i]!] = s;
    strata.push({ lo: q[sorted[from]!]!, hi: q[sorted[to - 1]!]!, size: to - from });
  }
  return { assignments, strata };
}

/**
 * Indices of q (all ≥ 0) in ascending order, ties by index: a stable LSD radix sort on the IEEE-754 bits,
 * which order like the values for non-negative doubles. Four 16-bit passes; ~3× faster than a comparator sort.
 */
export function argsortStable(q: ArrayLike<number>): Int32Array {
  const N = q.length;
  const keys = new Float64Array(N);
  for (let i = 0; i < N; i++) keys[i] = q[i]! === 0 ? 0 : q[i]!; // −0 → +0
  const words = new Uint32Array(keys.buffer);
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const loWord = little ? 0 : 1;
  let idx = new Int32Array(N);
  let tmp = new Int32Array(N);
  for (let i = 0; i < N; i++) idx[i] = i;
  const count = new Int32Array(65537);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? loWord : 1 - loWord;
    const shift = pass % 2 === 0 ? 0 : 16;
    count.fill(0);
    for (let i = 0; i < N; i++) count[((words[2 * i + word]! >>> shift) & 0xffff) + 1]!++;
    if (count[((words[word]! >>> shift) & 0xffff) + 1] === N) continue; // every digit equal: pass is a no-op
    for (let d = 0; d < 65536; d++) count[d + 1]! += count[d]!;
    for (let i = 0; i < N; i++) {
      const item = idx[i]!;
      tmp[count[(words[2 * item + word]! >>> shift) & 0xffff]!++] = item;
    }
    [idx, tmp] = [tmp, idx];
  }
  return idx;
}
