/** Aggregation of simulated runs into the bench:al JSON, markdown table and SVG plots. */
import { DEFAULT_STRATEGY } from "../../lib/sampling/index";
import { labelsToReach, meanCost } from "./metrics";
import { BASELINES, type Unit } from "./plan";
import type { RunResult } from "./simulate";

export interface Aggregate {
  dataset: string; regime: string; tau: number; strategy: string; calibration: string; seeds: number;
  labels: number[]; cost: number[]; costStd: number[]; meanCost: number; finalCost: number;
  positivesLabeled: number; ece: number; meanQAbove: number; observedAbove: number; msPerRun: number;
}

/** The group a run is aggregated in: one (cell, strategy, calibration). */
export function groupKey(u: { dataset: string; regime: string; tau: number; strategy: string; calibration: string }): string {
  return [u.dataset, u.regime, u.tau, u.strategy, u.calibration].join("|");
}

export function aggregate(done: { unit: Unit; result: RunResult }[]): Aggregate[] {
  const groups = new Map<string, { unit: Unit; result: RunResult }[]>();
  for (const d of done) {
    const k = groupKey(d.unit);
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(d);
  }
  const out: Aggregate[] = [];
  for (const g of groups.values()) {
    const u = g[0]!.unit;
    const L = Math.min(...g.map((d) => d.result.labels.length));
    const labels = g[0]!.result.labels.slice(0, L);
    const cost: number[] = [], costStd: number[] = [];
    for (let k = 0; k < L; k++) {
      const v = g.map((d) => d.result.cost[k]!);
      const m = v.reduce((s, x) => s + x, 0) / v.length;
      cost.push(m);
      costStd.push(Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, v.length - 1)));
    }
    const mean = (f: (r: RunResult) => number) => g.map((d) => f(d.result)).filter(Number.isFinite).reduce((s, x, _, a) => s + x / a.length, 0);
    out.push({
      dataset: u.dataset, regime: u.regime, tau: u.tau, strategy: u.strategy, calibration: u.calibration, seeds: g.length,
      labels, cost, costStd, meanCost: meanCost(labels, cost), finalCost: cost[L - 1]!,
      positivesLabeled: mean((r) => r.positivesLabeled), ece: mean((r) => r.ece), meanQAbove: mean((r) => r.meanQAbove), observedAbove: mean((r) => r.observedAbove), msPerRun: mean((r) => r.ms),
    });
  }
  return out;
}

export interface Saving {
  dataset: string; regime: string; tau: number; baseline: string; ratio: number; meanCostRatio: number; defaultLabels: number; baselineLabels: number;
  /** labels the baseline needs ÷ labels the default needs to come within 5% of the worse of their two final costs
   *  (both get there by construction): speed to the common plateau, robust to noise at the plateau */
  plateauRatio: number;
}

export function savings(aggs: Aggregate[], calibration = "all"): Saving[] {
  const out: Saving[] = [];
  for (const d of aggs.filter((a) => a.strategy === DEFAULT_STRATEGY && a.calibration === calibration)) {
    for (const b of aggs.filter((a) => a.dataset === d.dataset && a.regime === d.regime && a.tau === d.tau && a.calibration === calibration && a.strategy !== DEFAULT_STRATEGY)) {
      const target = b.finalCost;
      const nb = labelsToReach(b.labels, b.cost, target);
      const nd = labelsToReach(d.labels, d.cost, target);
      const plateau = 1.05 * Math.max(d.finalCost, b.finalCost);
      const plateauRatio = labelsToReach(b.labels, b.cost, plateau) / labelsToReach(d.labels, d.cost, plateau);
      out.push({ dataset: d.dataset, regime: d.regime, tau: d.tau, baseline: b.strategy, ratio: Number.isFinite(nd) ? nb / nd : 0, meanCostRatio: b.meanCost / d.meanCost, defaultLabels: nd, baselineLabels: nb, plateauRatio });
    }
  }
  return out;
}

export function isBaseline(s: string): boolean {
  return (BASELINES as string[]).includes(s);
}
