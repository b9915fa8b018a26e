/**
 * External scores for the two regimes of sampling.md §6: "strong" — a text model trained on the 40% slice,
 * its calibrated logits distorted under-confident (×0.5 + 1) or over-confident (×2 − 1); "weak" — the same
 * model family trained on only 200 labels of the slice.
 */
import { defaultModelConfig, fitDecisionModel, mulberry32, scoreItems, type ModelConfig } from "../../lib/model/index";
import type { Dataset } from "./data";

export type Regime = "strong-under" | "strong-over" | "weak";
export const REGIMES: Regime[] = ["strong-under", "strong-over", "weak"];

function textOnly(): ModelConfig {
  return { ...defaultModelConfig(false), ensembleSize: 0, crossFitFolds: 5 };
}

function trainAndScore(ds: Dataset, train: number[]): Float64Array {
  const m = fitDecisionModel(train.map((i) => ({ text: "", score: null, y: ds.rows[i]!.y, inclusionProbability: null, features: ds.rows[i]!.features })), textOnly(), mulberry32(7));
  const all = ds.rows.map((r) => ({ text: "", score: null, features: r.features }));
  const s = scoreItems(m, all);
  return Float64Array.from(s.q, (q) => Math.log(Math.max(q, 1e-9) / Math.max(1 - q, 1e-9)));
}

/** Scores s = P(positive) per row (all rows) for each regime. */
export function externalScores(ds: Dataset): Record<Regime, Float64Array> {
  const strong = trainAndScore(ds, ds.external);
  const weak = trainAndScore(ds, ds.external.slice(0, 200));
  const sig = (z: number) => 1 / (1 + Math.exp(-z));
  return {
    "strong-under": Float64Array.from(strong, (z) => sig(0.5 * z + 1)),
    "strong-over": Float64Array.from(strong, (z) => sig(2 * z - 1)),
    weak: Float64Array.from(weak, sig),
  };
}
