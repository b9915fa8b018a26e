import type { StrategyName } from "@/lib/shared/schemas";

/** logit(p) = ln(p / (1 − p)). */
export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/**
 * Queue order for the strategies that rank by the stored calibrated logit `z` alone, as a SQL expression over
 * the Item columns `z` and `rand` (higher = served sooner). Items without any score (z NULL) follow the scored
 * ones in random order. Strategies that need the decision model (edv, edf, straddle) get their priorities from
 * the ranking job; until a model exists they start from `margin`'s order mixed with `uncertainty`'s.
 */
export function priorityExpression(strategy: StrategyName, tau: number, z = "z"): string {
  const t = logit(tau);
  if (!Number.isFinite(t)) throw new Error(`threshold ${tau} must lie strictly between 0 and 1`);
  const unscored = "(rand - 1000.0)";
  switch (strategy) {
    case "random":
      return "rand";
    case "uncertainty":
      return `CASE WHEN ${z} IS NULL THEN ${unscored} ELSE -abs(${z}) END`;
    case "margin":
      return `CASE WHEN ${z} IS NULL THEN ${unscored} ELSE -abs(${z} - (${t})) END`;
    default:
      // Before a model: half the queue nearest τ, half nearest 0.5 (sampling.md §4: never pure margin at far τ).
      return `CASE WHEN ${z} IS NULL THEN ${unscored} WHEN rand < 0.5 THEN -abs(${z} - (${t})) ELSE -abs(${z}) END`;
  }
}

/** The same order as `priorityExpression`, for one item in JavaScript (used while importing). */
export function priorityOf(strategy: StrategyName, tau: number, z: number | null, rand: number): number {
  if (strategy === "random") return rand;
  const t = logit(tau);
  if (z === null) return rand - 1000;
  switch (strategy) {
    case "uncertainty":
      return -Math.abs(z);
    case "margin":
      return -Math.abs(z - t);
    default:
      return rand < 0.5 ? -Math.abs(z - t) : -Math.abs(z);
  }
}
