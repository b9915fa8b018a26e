/** The threshold desk's estimator: errors of the decisions at many candidate thresholds (docs/thresholds.md). */
export { thresholdCurve, type ThresholdCurveOptions } from "./curve";
export { thresholdGrid, interpolatePoint, findTarget, type ThresholdTarget } from "./grid";
export * from "./types";
