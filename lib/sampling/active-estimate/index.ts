/** "Every label counts": the randomized design and the round-averaged estimator (sampling.md §5b). */
export { inclusionProbabilities, poissonDraw, planRound, DEFAULT_DESIGN_MIX, type DesignMix, type InclusionOptions, type RoundPlan } from "./design";
export { roundSums, type RoundSumsOptions } from "./round-sums";
export { estimateActive, type EstimateActiveOptions } from "./estimate";
export * from "./types";
