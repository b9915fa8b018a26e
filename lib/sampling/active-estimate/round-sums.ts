/**
 * Per-round sums over the randomized draw's eligible set R_t, which the estimator needs for every τ′
 * (types.ts `RoundSums`). They are plain sums of per-item terms, so a server can compute them in one pass,
 * in SQL (`SUM(CASE WHEN q_decision >= τ′ THEN 1 - q ELSE 0 END)`, …), or from a histogram:
 * within a round π is a function of the lagged q alone (design.ts), so when the decisions are the lagged
 * model's own (qDecision = q) a histogram of R_t's q whose bin edges include every τ′ of interest and whose
 * bins carry (count, Σq, Σq(1−q)(1−π)/π) gives the four sums exactly for each of those τ′ — 1M items
 * reduce to a few thousand bins per round, kept with the round.
 * When the decisions come from a later model than the round's (a refit), each item needs both qs:
 * `qDecision` here, or a 2-D histogram (decision-q bin × lagged-q bin) over R_t.
 */
import { checkProbabilities } from "./design";
import { ActiveEstimateInputError, type RoundSums } from "./types";

export interface RoundSumsOptions {
  round: number;
  /** Lagged-model q of every item of the round's unlabeled set (the q the round's π came from). */
  q: ArrayLike<number>;
  /** π of the same items (certainty units may carry 1; they are skipped through `certain`). */
  pi: ArrayLike<number>;
  /** 1 for the round's certainty units (not part of R_t). Default: none. */
  certain?: ArrayLike<number>;
  /** q of the model whose decisions are estimated, per item; default `q`. */
  qDecision?: ArrayLike<number>;
  /** Optional multiplicity of each entry (histogram bins with a representative q); default 1. */
  count?: ArrayLike<number>;
  /** Thresholds τ′ to compute the sums for. */
  taus: readonly number[];
}

/** `RoundSums` for each τ′ of `taus`, in that order. Throws ActiveEstimateInputError on invalid input. */
export function roundSums(options: RoundSumsOptions): RoundSums[] {
  const { round, q, pi, taus } = options;
  if (!Number.isInteger(round) || round < 0) throw new ActiveEstimateInputError(`round must be an integer ≥ 0, got ${String(round)}`);
  checkProbabilities(q, "q");
  checkProbabilities(pi, "pi");
  const qd = options.qDecision ?? q;
  if (options.qDecision) checkProbabilities(options.qDecision, "qDecision");
  const n = q.length;
  for (const [name, arr] of [["pi", pi], ["qDecision", qd], ["certain", options.certain], ["count", options.count]] as const) {
    if (arr && arr.length !== n) throw new ActiveEstimateInputError(`${name} has ${arr.length} entries, q has ${n}`);
  }
  if (!Array.isArray(taus) || taus.length === 0) throw new ActiveEstimateInputError("taus must be a non-empty array");
  for (const [k, t] of taus.entries()) {
    if (typeof t !== "number" || !(t > 0 && t < 1)) throw new ActiveEstimateInputError(`taus[${k}] must be in (0, 1), got ${String(t)}`);
  }
  const out = taus.map((): RoundSums => ({ round, sumEFp: 0, sumEFn: 0, modelVarFp: 0, modelVarFn: 0 }));
  for (let i = 0; i < n; i++) {
    if (options.certain?.[i]) continue;
    const p = pi[i]!;
    if (!(p > 0)) throw new ActiveEstimateInputError(`pi[${i}] must be > 0 for an item of the randomized draw, got ${p}`);
    const c = options.count ? options.count[i]! : 1;
    if (!(c >= 0) || !Number.isFinite(c)) throw new ActiveEstimateInputError(`count[${i}] must be a finite number ≥ 0, got ${String(c)}`);
    const qi = q[i]!;
    const v = (c * qi * (1 - qi) * (1 - p)) / p;
    for (let k = 0; k < taus.length; k++) {
      const s = out[k]!;
      if (qd[i]! >= taus[k]!) {
        s.sumEFp += c * (1 - qi);
        s.modelVarFp += v;
      } else {
        s.sumEFn += c * qi;
        s.modelVarFn += v;
      }
    }
  }
  return out;
}
