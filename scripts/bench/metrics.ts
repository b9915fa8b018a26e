/** Benchmark metrics: decision cost per 1000 at τ, trivial and oracle costs, reliability, savings ratios. */
export function decisionCost(q: ArrayLike<number>, y: ArrayLike<number>, tau: number): number {
  let c = 0;
  for (let i = 0; i < y.length; i++) {
    const d = q[i]! >= tau ? 1 : 0;
    if (d === 1 && y[i] === 0) c += tau;
    else if (d === 0 && y[i] === 1) c += 1 - tau;
  }
  return (1000 * c) / y.length;
}

export function trivialCost(y: ArrayLike<number>, tau: number): number {
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i]!;
  return (1000 * Math.min(tau * (y.length - pos), (1 - tau) * pos)) / y.length;
}

/** Best cost over all thresholds of a ranking score (the oracle's "best threshold on the test half"). */
export function bestThresholdCost(score: ArrayLike<number>, y: ArrayLike<number>, tau: number): number {
  const n = y.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b]! - score[a]!);
  let pos = 0;
  for (let i = 0; i < n; i++) if (y[i]) pos++;
  // threshold above everything: all negative
  let fp = 0, fn = pos;
  let best = (1 - tau) * fn;
  for (let r = 0; r < n; r++) {
    const i = idx[r]!;
    if (y[i]) fn--; else fp++;
    if (r + 1 < n && score[idx[r + 1]!] === score[i]) continue;
    best = Math.min(best, tau * fp + (1 - tau) * fn);
  }
  return (1000 * best) / n;
}

/** Expected calibration error (10 equal-width bins) and predicted vs. observed positives at τ. */
export function reliability(q: ArrayLike<number>, y: ArrayLike<number>, tau: number): { ece: number; predictedAbove: number; meanQAbove: number; observedAbove: number } {
  const B = 10;
  const sq = new Float64Array(B), sy = new Float64Array(B), cnt = new Float64Array(B);
  let nAbove = 0, qAbove = 0, yAbove = 0;
  for (let i = 0; i < y.length; i++) {
    const b = Math.min(B - 1, Math.floor(q[i]! * B));
    sq[b] = sq[b]! + q[i]!; sy[b] = sy[b]! + y[i]!; cnt[b] = cnt[b]! + 1;
    if (q[i]! >= tau) { nAbove++; qAbove += q[i]!; yAbove += y[i]!; }
  }
  let ece = 0;
  for (let b = 0; b < B; b++) ece += Math.abs(sq[b]! - sy[b]!);
  return { ece: ece / y.length, predictedAbove: nAbove, meanQAbove: nAbove ? qAbove / nAbove : NaN, observedAbove: nAbove ? yAbove / nAbove : NaN };
}

/** Labels needed to first reach cost ≤ target on a (labels, cost) curve; Infinity if never. */
export function labelsToReach(labels: number[], cost: number[], target: number): number {
  for (let k = 0; k < cost.length; k++) if (cost[k]! <= target + 1e-9) return labels[k]!;
  return Infinity;
}

/** Mean cost over the budget: trapezoid area under the cost curve ÷ label range. */
export function meanCost(labels: number[], cost: number[]): number {
  if (labels.length < 2) return cost[0] ?? NaN;
  let area = 0;
  for (let k = 1; k < labels.length; k++) area += ((cost[k]! + cost[k - 1]!) / 2) * (labels[k]! - labels[k - 1]!);
  return area / (labels[labels.length - 1]! - labels[0]!);
}
