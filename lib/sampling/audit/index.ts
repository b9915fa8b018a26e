export { planAudit, planUniformAudit, type PlanAuditOptions, type PlanUniformAuditOptions } from "./plan";
export { estimateAudit, type EstimateAuditOptions } from "./estimate";
export { uniformAuditBaseline, type UniformAuditBaselineOptions, type UniformAuditBaseline } from "./baseline";
export { serializeAuditPlan, deserializeAuditPlan, type SerializedAuditPlan } from "./serialize";
export { neymanAllocation } from "./allocate";
export { stratifyByQ } from "./stratify";
export { stratifiedScoreInterval, type ScoreCell, type ScoreInterval } from "./score-interval";
export { normalQuantile, wilsonInterval, mulberry32, errorProbability } from "./stats";
export * from "./types";
