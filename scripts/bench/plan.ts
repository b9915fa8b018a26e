/** Work plan of `npm run bench:al`: which (dataset, regime, τ, strategy, calibration, seed) runs to simulate. */
import type { CalibrationVariant } from "../../lib/model/config";
import { DEFAULT_STRATEGY, STRATEGY_NAMES, type StrategyName } from "../../lib/sampling/index";
import type { Regime } from "./external";
import type { RunSpec } from "./simulate";

export const TAUS = [0.01, 0.1, 0.5, 0.9, 0.99];
export const FAR_TAUS = [0.01, 0.1, 0.9, 0.99];
export const BASELINES: StrategyName[] = ["random", "uncertainty", "margin"];
export const STRONG_BUDGET = 400;
export const WEAK_BUDGET = { quick: 400, full: 1000 };

/** One simulated run: the run's specification plus the data set it runs on. */
export interface Unit extends RunSpec {
  dataset: string;
}

export interface PlanOptions {
  quick: boolean;
  seeds: number;
  datasets: string[];
  /** learnable cells (sampling.md §6), known before any run from the oracle */
  learnable: (dataset: string, regime: Regime, tau: number) => boolean;
  /** extra strategies for the weak regime's learnable far cells (full mode) */
  weakExtra?: WeakExtra[];
}

/** A strategy added to the weak regime's learnable far cells, of the given data sets only (default: all). */
export interface WeakExtra {
  strategy: StrategyName;
  datasets?: string[];
}

/** Quick mode's weak-regime cells: the text model costs ~20× a scores-only run, so two data sets, far τ. */
const QUICK_WEAK: { dataset: string; tau: number }[] = [
  { dataset: "sms-spam", tau: 0.1 },
  { dataset: "sms-spam", tau: 0.9 },
  { dataset: "davidson-offensive", tau: 0.9 },
];

/**
 * Full mode: every strategy and both calibrations in the strong regime; in the weak regime (text model,
 * budget 1,000) the default and the three baselines on every learnable cell, the weighted calibration on the
 * learnable far cells, and the default against random on cells that are not learnable.
 * Quick mode: the default and the baselines, calibration "all", budget 400, strong everywhere, weak on QUICK_WEAK.
 */
export function planUnits(o: PlanOptions): Unit[] {
  const units: Unit[] = [];
  const head: StrategyName[] = [DEFAULT_STRATEGY, ...BASELINES.filter((b) => b !== DEFAULT_STRATEGY)];
  const strongStrategies: StrategyName[] = o.quick ? head : [...STRATEGY_NAMES];
  const weakBudget = o.quick ? WEAK_BUDGET.quick : WEAK_BUDGET.full;
  for (let seed = 1; seed <= o.seeds; seed++) {
    for (const dataset of o.datasets) {
      for (const tau of TAUS) {
        for (const regime of ["strong-under", "strong-over"] as Regime[]) {
          for (const strategy of strongStrategies) units.push({ dataset, regime, tau, strategy, calibration: "all", seed, budget: STRONG_BUDGET });
          if (!o.quick) for (const strategy of [DEFAULT_STRATEGY, "margin"] as StrategyName[]) units.push({ dataset, regime, tau, strategy, calibration: "weighted", seed, budget: STRONG_BUDGET });
        }
        const weak = (strategy: StrategyName, calibration: CalibrationVariant = "all") => units.push({ dataset, regime: "weak", tau, strategy, calibration, seed, budget: weakBudget });
        if (o.quick) {
          if (QUICK_WEAK.some((c) => c.dataset === dataset && c.tau === tau)) head.forEach((s) => weak(s));
          continue;
        }
        if (!o.learnable(dataset, "weak", tau)) {
          weak(DEFAULT_STRATEGY);
          weak("random");
          continue;
        }
        head.forEach((s) => weak(s));
        if (FAR_TAUS.includes(tau)) {
          weak(DEFAULT_STRATEGY, "weighted");
          for (const x of o.weakExtra ?? []) if (!head.includes(x.strategy) && (!x.datasets || x.datasets.includes(dataset))) weak(x.strategy);
        }
      }
    }
  }
  // costliest first so the two workers finish together
  const cost = (u: Unit) => (u.regime === "weak" ? 40 * u.budget : u.budget) * (u.dataset.startsWith("davidson") ? 3 : 1);
  return units.sort((a, b) => cost(b) - cost(a));
}

/** Canonical cache key of a unit (plus the data it ran on). */
export function unitKey(u: Unit, dataHash: string): string {
  return JSON.stringify([u.dataset, dataHash, u.regime, u.tau, u.strategy, u.calibration, u.seed, u.budget]);
}
