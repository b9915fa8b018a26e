/**
 * Mixed strategies (sampling.md §3 (iv), §4 "evidence so far"): a share of each batch from an exploration
 * strategy (uncertainty or random), the rest from EDV, interleaved. Beyond the batch, items keep EDV's order.
 */
import { TIER_BATCH, batchPriority } from "./tie-rule";
import type { RankArgs, Strategy } from "./strategy";

export function mixedStrategy(name: string, primary: Strategy, explore: Strategy, exploreShare: number): Strategy {
  if (!(exploreShare >= 0 && exploreShare <= 1)) throw new Error("mixedStrategy: exploreShare must be in [0, 1]");
  return {
    name,
    description: `${Math.round((1 - exploreShare) * 100)}% ${primary.name} + ${Math.round(exploreShare * 100)}% ${explore.name} per batch`,
    usesSpread: primary.usesSpread || explore.usesSpread,
    rank: (args: RankArgs) => {
      const B = Math.min(args.batchSize, args.items.length);
      const nExplore = Math.round(exploreShare * B);
      const main = primary.rank({ ...args, batchSize: B - nExplore });
      const taken = new Uint8Array(args.items.length);
      for (const i of main.batch) taken[i] = 1;
      const ex = explore.rank({ ...args, batchSize: B });
      const exPicks: number[] = [];
      for (const i of ex.batch) if (!taken[i] && exPicks.length < nExplore) { taken[i] = 1; exPicks.push(i); }
      // interleave: exploration picks spread evenly through the batch
      const order: number[] = [];
      const total = main.batch.length + exPicks.length;
      let m = 0, e = 0;
      for (let r = 0; r < total; r++) {
        const slot = exPicks.length > 0 && Math.floor(((r + 1) * exPicks.length) / total) > Math.floor((r * exPicks.length) / total);
        order.push((slot && e < exPicks.length) || m >= main.batch.length ? exPicks[e++]! : main.batch[m++]!);
      }
      const priority = Float64Array.from(main.priority);
      order.forEach((i, r) => { priority[i] = batchPriority(r, order.length, TIER_BATCH + 1); });
      return { ...main, priority, batch: Int32Array.from(order) };
    },
  };
}
