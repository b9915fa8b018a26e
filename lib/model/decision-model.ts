/** The serialisable decision model (plain JSON) and its fit metrics. */
import type { CalibrationMap } from "./calibration";
import type { ModelConfig } from "./config";

export interface FitMetrics {
  labels: number;
  positives: number;
  /** labels with a known inclusion probability (random seed / audit) */
  labelsWithInclusion: number;
  /** mean log-loss of calibrated q on the training labels */
  logLoss: number;
  /** mean log-loss of calibrated cross-fitted q (null for scores-only models) */
  crossFitLogLoss: number | null;
  calibrationA: number;
  calibrationB: number;
}

export interface TextWeights {
  /** hashed buckets of the active features */
  idx: number[];
  /** MAP weights, aligned with idx */
  w: number[];
  /** diagonal of the Hessian of the negative log posterior (λ + Σ c φ²), aligned with idx; others = textPrecision */
  hDiag: number[];
  /** bootstrap members' text weights, aligned with idx */
  members: number[][];
}

export interface DecisionModel {
  format: "verge-decision-model/1";
  config: ModelConfig;
  lowNames: string[];
  /** MAP weights of ψ */
  low: number[];
  /** full Hessian of the low block (row-major) */
  lowHessian: number[];
  text: TextWeights | null;
  /** bootstrap members' low weights (empty: σ from the Laplace approximation) */
  membersLow: number[][];
  calibration: CalibrationMap & { variant: ModelConfig["calibration"] };
  metrics: FitMetrics;
}

/** Calibrated logit u = a·z + b. */
export function calibratedLogit(m: DecisionModel, z: number): number {
  return m.calibration.a * z + m.calibration.b;
}
