/**
 * EDV/EDF ranking for text models (sampling.md §3): band A of the M items nearest the threshold in
 * |u − t|/σ_u, shortlist of K candidates (nearest t, highest σ, random picks), one-step values from
 * text-value.ts, a lazy-greedy batch with label-free Hessian updates, and tiered priorities for all items.
 */
import type { DecisionModel } from "../model/decision-model";
import { itemFeatures, textHessianDense } from "../model/prepared";
import { thresholdLogit } from "./costs";
import { lazyGreedy } from "./greedy";
import type { RankArgs, RankResult } from "./strategy";
import { TextValuer, type BandItem, type TextCandidate } from "./text-value";
import { batchPriority, flipPriority, valuePriority } from "./tie-rule";

/** Indices of the k smallest keys (ties by index). */
export function smallestK(key: Float64Array, k: number): number[] {
  const n = key.length;
  if (k >= n) return Array.from({ length: n }, (_, i) => i).sort((i, j) => key[i]! - key[j]! || i - j);
  const sorted = Float64Array.from(key).sort();
  const cut = sorted[k - 1]!;
  const out: number[] = [];
  for (let i = 0; i < n && out.length < k; i++) if (key[i]! < cut) out.push(i);
  for (let i = 0; i < n && out.length < k; i++) if (key[i] === cut) out.push(i);
  return out.sort((i, j) => key[i]! - key[j]! || i - j);
}

export function calibratedLogits(model: DecisionModel, z: ArrayLike<number>): Float64Array {
  const { a, b } = model.calibration;
  return Float64Array.from({ length: z.length }, (_, i) => a * z[i]! + b);
}

export function rankText(args: RankArgs, key: "edv" | "edf"): RankResult {
  const { model, items, scored, tau, batchSize, rng } = args;
  const n = items.length;
  const M = Math.min(n, args.bandSize ?? 2000);
  const K = Math.min(n, args.shortlistSize ?? 300);
  const t = thresholdLogit(tau);
  const a = model.calibration.a;
  const u = calibratedLogits(model, scored.z);
  const sU = Float64Array.from({ length: n }, (_, i) => a * scored.sigma[i]!);
  const dist = Float64Array.from({ length: n }, (_, i) => Math.abs(u[i]! - t));
  const bandIdx = smallestK(Float64Array.from({ length: n }, (_, i) => dist[i]! / Math.max(sU[i]!, 1e-3)), M);
  // shortlist: a third nearest t, a third highest σ, the rest uniformly at random
  const inShort = new Uint8Array(n);
  const short: number[] = [];
  const add = (i: number) => { if (!inShort[i] && short.length < K) { inShort[i] = 1; short.push(i); } };
  for (const i of smallestK(dist, Math.ceil(K / 3))) add(i);
  for (const i of smallestK(Float64Array.from(sU, (v) => -v), Math.ceil((2 * K) / 3))) { if (short.length >= Math.ceil((2 * K) / 3)) break; add(i); }
  for (let guard = 0; short.length < K && guard < 20 * K; guard++) add(Math.min(n - 1, Math.floor(rng() * n)));
  for (let i = 0; short.length < K && i < n; i++) add(i);

  const feats = new Map<number, ReturnType<typeof itemFeatures>>();
  const featOf = (i: number) => {
    let f = feats.get(i);
    if (!f) { f = itemFeatures(model, items[i]!); feats.set(i, f); }
    return f;
  };
  const band: BandItem[] = bandIdx.map((i) => { const f = featOf(i); return { index: i, psi: f.psi, phi: f.phi!, z: scored.z[i]!, sigmaU: sU[i]! }; });
  const cands: TextCandidate[] = short.map((i) => { const f = featOf(i); return { index: i, psi: f.psi, phi: f.phi!, z: scored.z[i]!, q: scored.q[i]! }; });
  const hDense = textHessianDense(model);
  if (!hDense) throw new Error("rankText: model has no text block");
  const calPath = model.calibration.variant === "all" && model.calibration.hessian !== null;
  const valuer = new TextValuer(model, hDense, band, tau, args.selfValue, calPath);
  const priority = new Float64Array(n);
  const edf = new Float64Array(n);
  const edv = new Float64Array(n);
  const evaluated = new Uint8Array(n);
  try {
    const vals = cands.map((c) => {
      const v = valuer.value(c);
      edf[c.index] = v.edf;
      edv[c.index] = v.edv;
      evaluated[c.index] = 1;
      return { primary: key === "edv" ? v.edv : v.edf, soft: v.soft };
    });
    for (let i = 0; i < n; i++) priority[i] = flipPriority(u[i]!, t, sU[i]!) + 1e-12 * rng();
    cands.forEach((c, k) => { priority[c.index] = valuePriority(vals[k]!.primary, vals[k]!.soft) + 1e-12 * rng(); });
    const taken = new Uint8Array(cands.length);
    const picks = lazyGreedy(vals, Math.min(batchSize, cands.length), {
      evaluate: (k) => { const v = valuer.value(cands[k]!); return { primary: key === "edv" ? v.edv : v.edf, soft: v.soft }; },
      available: (k) => taken[k] === 0,
      accept: (k) => { taken[k] = 1; valuer.addToHessian(cands[k]!); },
    }).map((k) => cands[k]!.index);
    picks.forEach((i, r) => { priority[i] = batchPriority(r, picks.length); });
    return { priority, edf, edv, evaluated, batch: Int32Array.from(picks) };
  } finally {
    valuer.dispose();
  }
}
