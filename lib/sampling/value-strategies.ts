/** EDV and EDF strategies (sampling.md §1, §3): dispatch to the closed form or the text-model valuation. */
import { rankMonotone } from "./monotone-ranking";
import type { RankArgs, RankResult, Strategy } from "./strategy";
import { rankText } from "./text-ranking";

export function rankByValue(args: RankArgs, key: "edv" | "edf"): RankResult {
  return args.model.text ? rankText(args, key) : rankMonotone(args, key);
}

export const edvStrategy: Strategy = {
  name: "edv",
  description: "expected decision value of one label (corrected one-step update, tie rule, greedy batch)",
  usesSpread: true,
  rank: (args) => rankByValue(args, "edv"),
};

export const edfStrategy: Strategy = {
  name: "edf",
  description: "expected number of decision flips of one label",
  usesSpread: true,
  rank: (args) => rankByValue(args, "edf"),
};
