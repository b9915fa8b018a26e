/**
 * Decision-model configuration (sampling.md §2): which blocks enter φ(x) = [1, score terms, hashed text],
 * the Gaussian prior's precisions, the ensemble used for per-item uncertainty and the calibration map.
 */
import { DEFAULT_FEATURES, validateFeatureConfig, type FeatureConfig } from "./feature-hasher";
import { DEFAULT_FIT, type FitOptions } from "./logistic";

/** "weighted": fit (a, b) on labels with known inclusion probability, weighted 1/π (unbiased, few);
 *  "all": fit on every label, active ones included (many, concentrated near τ: a local fit). */
export type CalibrationVariant = "weighted" | "all";

/** "logit": ψ = [1, logit s] (Platt); "beta": ψ = [1, ln s, −ln(1−s)] (Beta calibration, Kull et al. 2017). */
export type ScoreFeatures = "logit" | "beta";

export interface ModelConfig {
  useScores: boolean;
  scoreFeatures: ScoreFeatures;
  /** null: no text block (scores-only Platt/Beta model) */
  text: FeatureConfig | null;
  prior: { biasPrecision: number; scorePrecision: number; textPrecision: number };
  /** bootstrap members for σ_j (text models); 0 = Laplace σ from the diagonal Hessian */
  ensembleSize: number;
  crossFitFolds: number;
  calibration: CalibrationVariant;
  /** precision of the calibration prior toward the identity (a, b) = (1, 0) */
  calibrationPrecision: number;
  fit: FitOptions;
  /** L-BFGS iterations for warm-started bootstrap members and cross-fit folds */
  memberIter: number;
  /** text features seen in fewer training labels are dropped (document-frequency cut) */
  minDf: number;
}

export function defaultModelConfig(hasScores: boolean): ModelConfig {
  return {
    useScores: hasScores,
    scoreFeatures: "logit",
    text: DEFAULT_FEATURES,
    prior: hasScores
      ? { biasPrecision: 0.5, scorePrecision: 0.5, textPrecision: 1 }
      : { biasPrecision: 0.01, scorePrecision: 1, textPrecision: 0.5 },
    ensembleSize: 8,
    crossFitFolds: 5,
    calibration: "all",
    calibrationPrecision: 0.5,
    fit: DEFAULT_FIT,
    memberIter: 15,
    minDf: 2,
  };
}

/** Scores-only configuration: Platt scaling with a prior (no text block). */
export function scoresOnlyConfig(overrides: Partial<ModelConfig> = {}): ModelConfig {
  return { ...defaultModelConfig(true), text: null, ensembleSize: 0, ...overrides };
}

export function validateModelConfig(c: ModelConfig): void {
  if (!c.useScores && !c.text) throw new Error("model config: needs scores or text features (or both)");
  if (c.text) validateFeatureConfig(c.text);
  const { biasPrecision, scorePrecision, textPrecision } = c.prior;
  if (!(biasPrecision > 0 && scorePrecision > 0 && textPrecision > 0)) throw new Error("model config: prior precisions must be > 0");
  if (!Number.isInteger(c.ensembleSize) || c.ensembleSize < 0 || c.ensembleSize === 1) throw new Error("model config: ensembleSize must be 0 or an integer >= 2");
  if (!Number.isInteger(c.crossFitFolds) || c.crossFitFolds < 2) throw new Error("model config: crossFitFolds must be an integer >= 2");
  if (c.calibration !== "weighted" && c.calibration !== "all") throw new Error(`model config: unknown calibration ${String(c.calibration)}`);
  if (!(c.calibrationPrecision > 0)) throw new Error("model config: calibrationPrecision must be > 0");
  if (!Number.isInteger(c.minDf) || c.minDf < 1) throw new Error("model config: minDf must be an integer >= 1");
  if (!Number.isInteger(c.memberIter) || c.memberIter < 1) throw new Error("model config: memberIter must be an integer >= 1");
  if (c.scoreFeatures !== "logit" && c.scoreFeatures !== "beta") throw new Error("model config: scoreFeatures must be logit or beta");
}

/** Names of the low-dimensional columns ψ. */
export function lowNames(c: ModelConfig): string[] {
  if (!c.useScores) return ["bias"];
  return c.scoreFeatures === "beta" ? ["bias", "lnScore", "negLn1mScore"] : ["bias", "logitScore"];
}

/** Prior mean of ψ's weights: q = s before any label. */
export function lowPriorMean(c: ModelConfig): number[] {
  if (!c.useScores) return [0];
  return c.scoreFeatures === "beta" ? [0, 1, 1] : [0, 1];
}

export function lowPriorPrecision(c: ModelConfig): number[] {
  const { biasPrecision: b, scorePrecision: s } = c.prior;
  if (!c.useScores) return [b];
  return c.scoreFeatures === "beta" ? [b, s, s] : [b, s];
}
