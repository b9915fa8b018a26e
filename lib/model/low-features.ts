/** The low-dimensional block ψ(s) of one item (sampling.md §2). */
import type { ModelConfig } from "./config";
import { SCORE_EPS } from "./math";

export function lowFeatures(score: number | null, c: ModelConfig, out: Float64Array, offset = 0): void {
  out[offset] = 1;
  if (!c.useScores) return;
  if (score === null || !(score >= 0 && score <= 1)) {
    throw new Error(`model uses scores: every item needs a score in [0, 1], got ${String(score)}`);
  }
  const s = Math.min(1 - SCORE_EPS, Math.max(SCORE_EPS, score));
  if (c.scoreFeatures === "beta") {
    out[offset + 1] = Math.log(s);
    out[offset + 2] = -Math.log(1 - s);
  } else out[offset + 1] = Math.log(s / (1 - s));
}
