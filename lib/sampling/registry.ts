/** The named strategies and the default (chosen by `npm run bench:al`, see docs/sampling.md). */
import { marginStrategy, randomStrategy, straddleStrategy, uncertaintyStrategy } from "./baseline-strategies";
import { mixedStrategy } from "./mixed-strategy";
import type { Strategy } from "./strategy";
import { edfStrategy, edvStrategy } from "./value-strategies";

export const STRATEGY_NAMES = ["edv", "edf", "straddle", "margin", "uncertainty", "random", "edv-unc", "edv-unc25", "edv-rand"] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

export const STRATEGIES: Record<StrategyName, Strategy> = {
  edv: edvStrategy,
  edf: edfStrategy,
  straddle: straddleStrategy,
  margin: marginStrategy,
  uncertainty: uncertaintyStrategy,
  random: randomStrategy,
  "edv-unc": mixedStrategy("edv-unc", edvStrategy, uncertaintyStrategy, 0.5),
  "edv-unc25": mixedStrategy("edv-unc25", edvStrategy, uncertaintyStrategy, 0.25),
  "edv-rand": mixedStrategy("edv-rand", edvStrategy, randomStrategy, 0.2),
};

export const DEFAULT_STRATEGY: StrategyName = "edv-unc25";
