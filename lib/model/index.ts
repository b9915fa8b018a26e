/** Public API of the framework-free decision model (sampling.md §2). */
export { defaultModelConfig, scoresOnlyConfig, validateModelConfig } from "./config";
export type { CalibrationVariant, ModelConfig, ScoreFeatures } from "./config";
export type { DecisionModel, FitMetrics, TextWeights } from "./decision-model";
export { calibratedLogit } from "./decision-model";
export { fitDecisionModel, priorModel } from "./fit";
export type { TrainingExample, FitOptionsExtra } from "./fit";
export { scoreItems } from "./score";
export type { ScoredItems } from "./score";
export { itemFeatures, prepareModel, textHessianDense } from "./prepared";
export type { ItemInput, PreparedModel } from "./prepared";
export { FeatureHasher, hasherFor, DEFAULT_FEATURES } from "./feature-hasher";
export type { FeatureConfig } from "./feature-hasher";
export { DEFAULT_TOKENIZER } from "./tokenizer";
export type { TokenizerConfig } from "./tokenizer";
export type { SparseVector } from "./sparse";
export { mulberry32, permutation, randomInt, childSeed } from "./rng";
export type { Rng } from "./rng";
export { sigmoid, logitClamped, normalCdf, normalPdf } from "./math";
