/** rankPool: the one entry point the app calls between retrains. */
import { validateRankArgs, type RankArgs, type RankResult } from "./strategy";
import { STRATEGIES, type StrategyName } from "./registry";

export function rankPool(args: RankArgs & { strategy: StrategyName }): RankResult {
  const s = STRATEGIES[args.strategy];
  if (!s) throw new Error(`rankPool: unknown strategy ${String(args.strategy)}`);
  validateRankArgs(args);
  if (args.items.length === 0) return { priority: new Float64Array(0), batch: new Int32Array(0) };
  const res = s.rank(args);
  for (let i = 0; i < res.priority.length; i++) {
    if (!Number.isFinite(res.priority[i]!)) throw new Error(`rankPool: strategy ${args.strategy} produced a non-finite priority`);
  }
  return res;
}
