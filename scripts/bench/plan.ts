/** Work plan of `npm run bench:al`: which (dataset, regime, τ, strategy, calibration, seed) runs to simulate. */
import type { CalibrationVariant } from "../../lib/model/config";
import { DEFAULT_STRATEGY, STRATEGIES, STRATEGY_NAMES, type StrategyName } from "../../lib/sampling/index";
import type { Regime } from "./external";
import type { RunSpec } from "./simulate";

export const TAUS = [0.01, 0.1, 0.5, 0.9, 0.99];
export const FAR_TAUS = [0.01, 0.1, 0.9, 0.99];
export const BASELINES: StrategyName[] = ["random", "uncertainty", "margin"];
/** The weak regime's strategies on its learnable far cells: the default, the baselines and the other three of §4. */
export const WEAK_STRATEGIES: StrategyName[] = [DEFAULT_STRATEGY, ...BASELINES, "edf", "edv", "straddle"].filter((s, i, a) => a.indexOf(s) === i) as StrategyName[];
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
  /** extra strategies (e.g. other mixes) for the weak regime's learnable far cells (full mode) */
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
 * budget 1,000) the default and the three baselines on every learnable cell, all of WEAK_STRATEGIES (plus
 * `weakExtra`) with both calibrations on the learnable far cells, and the default against random on cells
 * that are not learnable.
 * Quick mode: the default and the baselines, calibration "all", budget 400, strong everywhere, weak on QUICK_WEAK.
 *
 * Order: calibration "all" first, then the strong regime, then the weak one strategy by strategy (cheapest
 * first), the seeds of a (cell, strategy, calibration) group together — a run stopped by a time limit leaves
 * whole groups finished rather than many half-done.
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
          if (!o.quick) for (const strategy of strongStrategies) units.push({ dataset, regime, tau, strategy, calibration: "weighted", seed, budget: STRONG_BUDGET });
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
          const extra = (o.weakExtra ?? []).filter((x) => !x.datasets || x.datasets.includes(dataset)).map((x) => x.strategy);
          const far = [...WEAK_STRATEGIES, ...extra].filter((s, i, a) => a.indexOf(s) === i);
          far.filter((s) => !head.includes(s)).forEach((s) => weak(s));
          far.forEach((s) => weak(s, "weighted"));
        }
      }
    }
  }
  const group = (u: Unit) => JSON.stringify([u.dataset, u.regime, u.tau, u.strategy, u.calibration]);
  const isWeak = (u: Unit) => Number(u.regime === "weak");
  return units.sort((a, b) =>
    Number(a.calibration !== "all") - Number(b.calibration !== "all") || isWeak(a) - isWeak(b) ||
    weakFactor(a) - weakFactor(b) || unitCost(a) - unitCost(b) || group(a).localeCompare(group(b)) || a.seed - b.seed);
}

/**
 * Cost of a weak-regime run relative to one of a strategy that skips the bootstrap ensemble (measured on SMS:
 * `random` ≈ 15 s, `straddle` ≈ 35 s, `edf` ≈ 45 s, `edv` and the mixes 75–130 s on a 2.5 GHz core).
 * Ordering by it finishes one strategy on every cell before the next starts.
 */
function weakFactor(u: Unit): number {
  if (u.regime !== "weak" || !STRATEGIES[u.strategy].usesSpread) return 1;
  return u.strategy === "straddle" ? 1.3 : u.strategy === "edf" ? 2 : 4;
}

/** Relative cost of a run, for ordering: the text model costs ~40× a scores-only run per label; Davidson ~3× SMS. */
function unitCost(u: Unit): number {
  const perLabel = u.regime === "weak" ? 40 * weakFactor(u) : 1;
  return perLabel * u.budget * (u.dataset.startsWith("davidson") ? 3 : 1) * (u.calibration === "weighted" ? 2 : 1);
}

/** Canonical cache key of a unit (plus the data it ran on). */
export function unitKey(u: Unit, dataHash: string): string {
  return JSON.stringify([u.dataset, dataHash, u.regime, u.tau, u.strategy, u.calibration, u.seed, u.budget]);
}
