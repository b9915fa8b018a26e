/** The one interface every sampling strategy implements (sampling.md §4). */
import type { DecisionModel } from "../model/decision-model";
import type { ItemInput } from "../model/prepared";
import type { Rng } from "../model/rng";

export interface ScoredPool {
  z: ArrayLike<number>;
  q: ArrayLike<number>;
  sigma: ArrayLike<number>;
}

export interface RankArgs {
  model: DecisionModel;
  /** the unlabeled pool */
  items: ItemInput[];
  scored: ScoredPool;
  tau: number;
  batchSize: number;
  /** w_self of sampling.md §1: 1 when the pool itself is decided, 0 when it samples future traffic */
  selfValue: number;
  rng: Rng;
  /** band size M and shortlist size K of the text-model valuation (defaults 2000 / 300) */
  bandSize?: number;
  shortlistSize?: number;
}

export interface RankResult {
  /** one finite priority per item; higher = serve sooner */
  priority: Float64Array;
  /** expected decision flips (evaluated items; 0 elsewhere, see `evaluated`) */
  edf?: Float64Array;
  /** expected decision value (evaluated items; 0 elsewhere) */
  edv?: Float64Array;
  /** 1 where edf/edv were computed */
  evaluated?: Uint8Array;
  /** the first batch, in serve order */
  batch: Int32Array;
}

export interface Strategy {
  readonly name: string;
  readonly description: string;
  /** reads the per-item posterior spread σ (bootstrap ensemble); false: the MAP and calibration suffice */
  readonly usesSpread: boolean;
  rank(args: RankArgs): RankResult;
}

export function validateRankArgs(a: RankArgs): void {
  const n = a.items.length;
  if (a.scored.z.length !== n || a.scored.q.length !== n || a.scored.sigma.length !== n) {
    throw new Error(`rankPool: scored arrays must have one entry per item (${n})`);
  }
  if (!(a.tau > 0 && a.tau < 1)) throw new Error(`rankPool: tau must be in (0, 1), got ${a.tau}`);
  if (!Number.isInteger(a.batchSize) || a.batchSize < 1) throw new Error("rankPool: batchSize must be a positive integer");
  if (!(a.selfValue >= 0)) throw new Error("rankPool: selfValue must be >= 0");
  for (let i = 0; i < n; i++) {
    const q = a.scored.q[i]!;
    if (!(q >= 0 && q <= 1)) throw new Error(`rankPool: q[${i}] = ${q} is not a probability`);
    if (!(a.scored.sigma[i]! >= 0)) throw new Error(`rankPool: sigma[${i}] must be >= 0`);
  }
}

/** Top `k` items by priority (ties by index), in serve order. */
export function topByPriority(priority: Float64Array, k: number, exclude?: Uint8Array): Int32Array {
  const n = priority.length;
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (!exclude || exclude[i] === 0) idx.push(i);
  if (idx.length > 4 * k && k < 64) {
    // partial selection: keep a small sorted list
    const best: number[] = [];
    for (const i of idx) {
      if (best.length < k || priority[i]! > priority[best[best.length - 1]!]!) {
        let pos = best.length;
        while (pos > 0 && priority[best[pos - 1]!]! < priority[i]!) pos--;
        best.splice(pos, 0, i);
        if (best.length > k) best.pop();
      }
    }
    return Int32Array.from(best);
  }
  idx.sort((i, j) => priority[j]! - priority[i]! || i - j);
  return Int32Array.from(idx.slice(0, k));
}
