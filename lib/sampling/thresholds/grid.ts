import { AuditInputError } from "../audit/types";
import type { MaybeInterval, ThresholdPoint } from "./types";

/**
 * Evenly spaced candidate thresholds e_k = from + k·width, width = (to − from)/steps, k = 0 … steps, computed in
 * exactly this order of operations, so a database evaluating the same expression in IEEE doubles puts every q
 * on the same side of every e_k. from = to gives one threshold.
 */
export function thresholdGrid(from: number, to: number, steps: number): { from: number; width: number; edges: number[] } {
  if (!(from > 0 && from < 1)) throw new AuditInputError(`from must be in (0, 1), got ${from}`);
  if (!(to > 0 && to < 1)) throw new AuditInputError(`to must be in (0, 1), got ${to}`);
  if (from > to) throw new AuditInputError(`from (${from}) must not exceed to (${to})`);
  if (!Number.isInteger(steps) || steps < 1 || steps > 1000) throw new AuditInputError(`steps must be an integer in [1, 1000], got ${steps}`);
  const width = (to - from) / steps;
  const edges: number[] = [];
  for (let k = 0; k <= steps; k++) {
    const e = from + k * width;
    if (edges.length === 0 || e > edges[edges.length - 1]!) edges.push(e);
  }
  return { from, width, edges };
}

const isInterval = (v: MaybeInterval): v is { value: number; low: number; high: number } => v.value !== null;

function mix(a: MaybeInterval, b: MaybeInterval, f: number): MaybeInterval {
  if (!isInterval(a) || !isInterval(b)) return f < 0.5 ? a : b;
  const m = (x: number, y: number) => x + (y - x) * f;
  return { value: m(a.value, b.value), low: m(a.low, b.low), high: m(a.high, b.high) };
}

/**
 * The curve at any τ′ between its points: counts, flips and every estimate linearly interpolated between the two
 * neighbouring points (counts rounded); outside the curve's range, its first or last point. For moving a threshold
 * handle without a request per pixel; the points themselves are exact.
 */
export function interpolatePoint(points: readonly ThresholdPoint[], tau: number): ThresholdPoint | null {
  if (points.length === 0) return null;
  if (tau <= points[0]!.tau) return points[0]!;
  const last = points[points.length - 1]!;
  if (tau >= last.tau) return last;
  let hi = points.findIndex((p) => p.tau >= tau);
  const b = points[hi]!;
  if (b.tau === tau) return b;
  const a = points[--hi]!;
  const f = (tau - a.tau) / (b.tau - a.tau);
  const n = (x: number, y: number) => Math.round(x + (y - x) * f);
  return {
    tau,
    positive: n(a.positive, b.positive),
    negative: n(a.negative, b.negative),
    flips: { toPositive: n(a.flips.toPositive, b.flips.toPositive), toNegative: n(a.flips.toNegative, b.flips.toNegative) },
    falsePositives: mix(a.falsePositives, b.falsePositives, f),
    falseNegatives: mix(a.falseNegatives, b.falseNegatives, f),
    precision: mix(a.precision, b.precision, f),
    recall: mix(a.recall, b.recall, f),
    errorRate: mix(a.errorRate, b.errorRate, f),
    costPer1000: mix(a.costPer1000, b.costPer1000, f),
  };
}

export type ThresholdTarget = { kind: "precision"; atLeast: number } | { kind: "falsePositives"; atMost: number };

/**
 * The smallest τ′ among the curve's points whose `level` interval shows the target: precision's lower bound ≥ P,
 * or the false positives' upper bound ≤ K. Null when no point shows it (the labels so far cannot).
 */
export function findTarget(points: readonly ThresholdPoint[], target: ThresholdTarget): ThresholdPoint | null {
  for (const p of points) {
    if (target.kind === "precision" && isInterval(p.precision) && p.precision.low >= target.atLeast) return p;
    if (target.kind === "falsePositives" && isInterval(p.falsePositives) && p.falsePositives.high <= target.atMost) return p;
  }
  return null;
}
