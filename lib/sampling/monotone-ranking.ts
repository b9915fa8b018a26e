/**
 * EDV/EDF ranking for scores-only models (Platt or Beta with a prior): closed form over the sorted pool
 * (monotone-value.ts), one evaluation per bin, a lazy-greedy batch with label-free Hessian updates, and
 * tiered priorities for every item (tie-rule.ts).
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
  const vals = Array.from({ length: B }, (_, b) => binVal(b));
  const edf = new Float64Array(n);
  const edv = new Float64Array(n);
  const priority = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = vals[pool.binOf[i]!]!;
    edf[i] = v.v.edf;
    edv[i] = v.v.edv;
    priority[i] = valuePriority(v.primary, v.soft) + 1e-12 * rng();
  }
  // greedy batch: pick bins, then a random not-yet-picked item in the bin
  const remaining = members.map((m) => m.slice());
  const picks: number[] = [];
  lazyGreedy(vals, Math.min(batchSize, n), {
    evaluate: (b) => binVal(b),
    available: (b) => remaining[b]!.length > 0,
    accept: (b) => {
      const list = remaining[b]!;
      const k = Math.min(list.length - 1, Math.floor(rng() * list.length));
      const i = list[k]!;
      list[k] = list[list.length - 1]!;
      list.pop();
      picks.push(i);
      valuer.addToHessian(pool.x[b]!, qOf(b));
    },
  });
  picks.forEach((i, r) => { priority[i] = batchPriority(r, picks.length); });
  return { priority, edf, edv, evaluated: new Uint8Array(n).fill(1), batch: Int32Array.from(picks) };
}
