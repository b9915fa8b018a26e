/**
 * Baseline strategies (sampling.md §4): random; uncertainty −|q − 0.5| (Lewis & Gale 1994; what modAL,
 * small-text and Label Studio do); margin −|u − t| on the calibrated logit (cost-weighted margin, Prodigy's
 * `bias`); straddle 1.96·σ_u − |u − t| (Bryan et al. 2005, level-set estimation, in logit space).
 * Exact ties are broken by the injected rng.
 */
import { logitClamped } from "../model/math";
import { thresholdLogit } from "./costs";
import { calibratedLogits } from "./text-ranking";
import { topByPriority, type RankArgs, type RankResult, type Strategy } from "./strategy";

function fromKey(args: RankArgs, key: (i: number) => number): RankResult {
  const n = args.items.length;
  const priority = new Float64Array(n);
  // keys are mapped into (0, 1) by a monotone squash so priorities stay finite and comparable
  for (let i = 0; i < n; i++) priority[i] = 1 / (1 + Math.exp(-key(i))) + 1e-12 * args.rng();
  return { priority, batch: topByPriority(priority, Math.min(args.batchSize, n)) };
}

function logitsU(args: RankArgs): Float64Array {
  if (args.model.text) return calibratedLogits(args.model, args.scored.z);
  return Float64Array.from(args.scored.q as ArrayLike<number>, (q) => logitClamped(q));
}

export const randomStrategy: Strategy = {
  name: "random",
  description: "uniform at random",
  usesSpread: false,
  rank: (args) => {
    const n = args.items.length;
    const priority = new Float64Array(n);
    for (let i = 0; i < n; i++) priority[i] = args.rng();
    return { priority, batch: topByPriority(priority, Math.min(args.batchSize, n)) };
  },
};

export const uncertaintyStrategy: Strategy = {
  name: "uncertainty",
  description: "nearest q = 0.5",
  usesSpread: false,
  rank: (args) => fromKey(args, (i) => -8 * Math.abs(args.scored.q[i]! - 0.5)),
};

export const marginStrategy: Strategy = {
  name: "margin",
  description: "nearest the threshold on the calibrated logit",
  usesSpread: false,
  rank: (args) => {
    const u = logitsU(args);
    const t = thresholdLogit(args.tau);
    return fromKey(args, (i) => -Math.abs(u[i]! - t));
  },
};

export const straddleStrategy: Strategy = {
  name: "straddle",
  description: "1.96·σ_u − |u − t| (level-set estimation)",
  usesSpread: true,
  rank: (args) => {
    const u = logitsU(args);
    const t = thresholdLogit(args.tau);
    const a = args.model.text ? args.model.calibration.a : 1;
    return fromKey(args, (i) => 1.96 * a * args.scored.sigma[i]! - Math.abs(u[i]! - t));
  },
};
