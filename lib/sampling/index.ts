/** Public API of the framework-free sampler (sampling.md §1–4). */
export { rankPool } from "./rank-pool";
export { STRATEGIES, STRATEGY_NAMES, DEFAULT_STRATEGY } from "./registry";
export type { StrategyName } from "./registry";
export type { RankArgs, RankResult, ScoredPool, Strategy } from "./strategy";
export { mixedStrategy } from "./mixed-strategy";
export { bayesRisk, decisionCosts, thresholdLogit } from "./costs";
export { MonotoneValuer, sortPool } from "./monotone-value";
export type { MonotoneModel, SortedPool } from "./monotone-value";
export { mulberry32 } from "../model/rng";
export type { Rng } from "../model/rng";
