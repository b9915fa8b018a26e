/** Work plan of `npm run bench:al`: which (dataset, regime, τ, strategy, calibration, seed) runs to simulate. */
import type { CalibrationVariant } from "../../lib/model/config";
import { DEFAULT_STRATEGY, type StrategyName } from "../../lib/sampling/index";
import type { Regime } from "./external";

export const TAUS = [0.01, 0.1, 0.5, 0.9, 0.99];
export const BASELINES: StrategyName[] = ["random", "uncertainty", "margin"];

export interface Unit {
  dataset: string;
  regime: Regime;
  tau: number;
  strategy: StrategyName;
  calibration: CalibrationVariant;
  seed: number;
  budget: number;
}

export interface PlanOptions { quick: boolean; seeds: number; datasets: string[] }

export function planUnits(o: PlanOptions): Unit[] {
  const units: Unit[] = [];
  const strong: Regime[] = ["strong-under", "strong-over"];
  const allStrategies: StrategyName[] = ["edv", "edf", "straddle", "margin", "uncertainty", "random", "edv-unc", "edv-unc25", "edv-rand"];
  const quickStrategies: StrategyName[] = Array.from(new Set<StrategyName>([DEFAULT_STRATEGY, "edv", "edv-unc", "random", "uncertainty", "margin"]));
  const strongStrategies = o.quick ? quickStrategies : allStrategies;
  const weakStrategies: StrategyName[] = Array.from(new Set<StrategyName>(o.quick ? [DEFAULT_STRATEGY, "random", "uncertainty"] : [DEFAULT_STRATEGY, "edv", "edv-unc", "random", "uncertainty", "margin", "straddle"]));
  for (let seed = 1; seed <= o.seeds; seed++) {
    for (const dataset of o.datasets) {
      for (const tau of TAUS) {
        for (const regime of strong) {
          for (const strategy of strongStrategies) units.push({ dataset, regime, tau, strategy, calibration: "all", seed, budget: 400 });
          units.push({ dataset, regime, tau, strategy: DEFAULT_STRATEGY, calibration: "weighted", seed, budget: 400 });
          if (!o.quick) units.push({ dataset, regime, tau, strategy: "margin", calibration: "weighted", seed, budget: 400 });
        }
        // the text model is ~100× costlier per run: quick mode runs it on far thresholds of two sets only
        const weakTau = o.quick ? [0.1, 0.9].includes(tau) && dataset !== "davidson-hate" : true;
        if (!weakTau) continue;
        const budget = o.quick ? 400 : 1000;
        for (const strategy of weakStrategies) units.push({ dataset, regime: "weak", tau, strategy, calibration: "all", seed, budget });
        if (!o.quick) units.push({ dataset, regime: "weak", tau, strategy: DEFAULT_STRATEGY, calibration: "weighted", seed, budget });
      }
    }
  }
  // costliest first so the two workers finish together
  const cost = (u: Unit) => (u.regime === "weak" ? 100 * u.budget : u.budget) * (u.dataset.startsWith("davidson") ? 3 : 1);
  return units.sort((a, b) => cost(b) - cost(a));
}
