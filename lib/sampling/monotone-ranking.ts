/**
 * EDV/EDF ranking for scores-only models (Platt or Beta with a prior): closed form over the sorted pool
 * (monotone-value.ts), a lazy-greedy batch with label-free Hessian updates, and tiered priorities for every
 * item (tie-rule.ts). Candidates are valued on a grid of at most CANDIDATE_GRID bins plus every bin within
 * CROSSING_WINDOW of the decision boundary, where the value changes fastest; other bins take the value
 * interpolated linearly between their neighbouring grid bins (the value is smooth in x away from the boundary).
 */
import type { DecisionModel } from "../model/decision-model";
import { logitClamped, sigmoid } from "../model/math";
import { lazyGreedy } from "./greedy";
import { MonotoneValuer, sortPool, type MonotoneModel } from "./monotone-value";
import type { RankArgs, RankResult } from "./strategy";
import { batchPriority, valuePriority } from "./tie-rule";

export function scoresOnlyMonotoneModel(model: DecisionModel): MonotoneModel {
  const beta = model.config.scoreFeatures === "beta";
  if (model.calibration.a !== 1 || model.calibration.b !== 0) throw new Error("scores-only model expected an identity calibration map");
  return {
    w: Float64Array.from(model.low),
    H: Float64Array.from(model.lowHessian),
    psi: beta
      ? (x, out) => {
          // x = logit s: ln s = −softplus(−x), −ln(1 − s) = softplus(x)
          out[0] = 1;
          out[1] = -(x < 0 ? -x + Math.log1p(Math.exp(x)) : Math.log1p(Math.exp(-x)));
          out[2] = x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
        }
      : (x, out) => { out[0] = 1; out[1] = x; },
  };
}

export const CANDIDATE_GRID = 512;
const CROSSING_WINDOW = 24;

/** Bins valued exactly: an even grid over the sorted pool plus a window around the crossing bin. */
export function candidateBins(B: number, crossing: number, grid = CANDIDATE_GRID): Int32Array {
  if (B <= grid) return Int32Array.from({ length: B }, (_, b) => b);
  const set = new Set<number>([0, B - 1]);
  for (let g = 0; g < grid; g++) set.add(Math.floor(((g + 0.5) * B) / grid));
  for (let b = Math.max(0, crossing - CROSSING_WINDOW); b <= Math.min(B - 1, crossing + CROSSING_WINDOW); b++) set.add(b);
  return Int32Array.from(set).sort();
}

export function rankMonotone(args: RankArgs, key: "edv" | "edf"): RankResult {
  const { model, items, tau, batchSize, rng } = args;
  const n = items.length;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = items[i]!.score;
    if (s === null) throw new Error(`rankPool: item ${i} has no score but the model is scores-only`);
    x[i] = logitClamped(s);
  }
  const pool = sortPool(x);
  const mm = scoresOnlyMonotoneModel(model);
  const valuer = new MonotoneValuer(pool, mm, tau, args.selfValue);
  const B = pool.x.length;
  const members: number[][] = Array.from({ length: B }, () => []);
  for (let i = 0; i < n; i++) members[pool.binOf[i]!]!.push(i);
  const psiTmp = new Float64Array(mm.w.length);
  const qOf = (b: number) => {
    mm.psi(pool.x[b]!, psiTmp);
    let u = 0;
    for (let k = 0; k < psiTmp.length; k++) u += mm.w[k]! * psiTmp[k]!;
    return sigmoid(u);
  };
  const binVal = (b: number) => {
    const v = valuer.value(pool.x[b]!, qOf(b), b);
    return { primary: key === "edv" ? v.edv : v.edf, soft: v.soft, v };
  };
  const cand = candidateBins(B, valuer.crossingBin);
  const vals = Array.from(cand, (b) => binVal(b));
  // per-bin keys: exact on candidate bins, linear interpolation (in bin index) between them elsewhere
  const binEdf = new Float64Array(B), binEdv = new Float64Array(B), binPrimary = new Float64Array(B), binSoft = new Float64Array(B);
  for (let k = 0; k < cand.length; k++) {
    const b0 = cand[k]!, v0 = vals[k]!;
    binEdf[b0] = v0.v.edf; binEdv[b0] = v0.v.edv; binPrimary[b0] = v0.primary; binSoft[b0] = v0.soft;
    if (k + 1 >= cand.length) continue;
    const b1 = cand[k + 1]!, v1 = vals[k + 1]!;
    for (let b = b0 + 1; b < b1; b++) {
      const f = (b - b0) / (b1 - b0);
      binEdf[b] = (1 - f) * v0.v.edf + f * v1.v.edf;
      binEdv[b] = (1 - f) * v0.v.edv + f * v1.v.edv;
      binPrimary[b] = (1 - f) * v0.primary + f * v1.primary;
      binSoft[b] = (1 - f) * v0.soft + f * v1.soft;
    }
  }
  const edf = new Float64Array(n);
  const edv = new Float64Array(n);
  const priority = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const b = pool.binOf[i]!;
    edf[i] = binEdf[b]!;
    edv[i] = binEdv[b]!;
    priority[i] = valuePriority(binPrimary[b]!, binSoft[b]!) + 1e-12 * rng();
  }
  // greedy batch over the candidate bins, then a random not-yet-picked item in the chosen bin
  const remaining = members.map((m) => m.slice());
  const picks: number[] = [];
  lazyGreedy(vals, Math.min(batchSize, n), {
    evaluate: (k) => binVal(cand[k]!),
    available: (k) => remaining[cand[k]!]!.length > 0,
    accept: (k) => {
      const b = cand[k]!;
      const list = remaining[b]!;
      const j = Math.min(list.length - 1, Math.floor(rng() * list.length));
      const i = list[j]!;
      list[j] = list[list.length - 1]!;
      list.pop();
      picks.push(i);
      valuer.addToHessian(pool.x[b]!, qOf(b));
    },
  });
  picks.forEach((i, r) => { priority[i] = batchPriority(r, picks.length); });
  const exact = new Uint8Array(B);
  for (const b of cand) exact[b] = 1;
  const evaluated = Uint8Array.from(pool.binOf, (b) => exact[b]!);
  return { priority, edf, edv, evaluated, batch: Int32Array.from(picks) };
}
