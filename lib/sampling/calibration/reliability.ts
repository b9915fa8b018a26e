import { normalQuantile, wilsonInterval } from "../audit/stats";
import { AuditInputError } from "../audit/types";

/** A labeled item with the model's q for it and, when it was drawn at random, its inclusion probability π. */
export interface CalibrationLabel {
  q: number;
  y: 0 | 1;
  /** π ∈ (0, 1]; default 1 (unweighted). */
  pi?: number;
}

export interface ReliabilityBin {
  /** Equal-width bin [lo, hi) of q (the last bin includes 1). */
  lo: number;
  hi: number;
  labels: number;
  /** Weighted mean q and observed positive rate of the bin's labels (weights 1/π). */
  meanQ: number;
  rate: number;
  /** Wilson interval of the rate, on Kish's effective sample size (Σw)²/Σw². */
  low: number;
  high: number;
}

export interface Reliability {
  bins: ReliabilityBin[];
  labels: number;
  /** Expected calibration error Σ_b (W_b/W)·|rate_b − meanQ_b| (W = Σ weights); null without labels. */
  ece: number | null;
}

/**
 * Reliability diagram and expected calibration error (Naeini, Cooper & Hauskrecht 2015; Guo et al. 2017) of
 * probabilities q against labels y, with equal-width bins of q. Labels drawn with known inclusion probabilities
 * are weighted by 1/π (Hájek), so a stratified audit sample describes the pool, not the sample's mix.
 * Empty bins are left out. Throws AuditInputError naming the field for invalid input.
 */
export function reliability(labels: readonly CalibrationLabel[], options: { bins?: number; level?: number } = {}): Reliability {
  const B = options.bins ?? 10;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(B) || B < 1 || B > 1000) throw new AuditInputError(`bins must be an integer in [1, 1000], got ${B}`);
  if (!(level > 0 && level < 1)) throw new AuditInputError(`level must be in (0, 1), got ${level}`);
  const z = normalQuantile(1 - (1 - level) / 2);
  const acc = Array.from({ length: B }, () => ({ n: 0, w: 0, w2: 0, wq: 0, wy: 0 }));
  for (const [k, l] of labels.entries()) {
    if (typeof l.q !== "number" || !(l.q >= 0 && l.q <= 1)) throw new AuditInputError(`labels[${k}].q must be in [0, 1], got ${String(l.q)}`);
    if (l.y !== 0 && l.y !== 1) throw new AuditInputError(`labels[${k}].y must be 0 or 1, got ${String(l.y)}`);
    const pi = l.pi ?? 1;
    if (!(pi > 0 && pi <= 1)) throw new AuditInputError(`labels[${k}].pi must be in (0, 1], got ${String(l.pi)}`);
    const w = 1 / pi;
    const a = acc[Math.min(B - 1, Math.floor(l.q * B))]!;
    a.n++;
    a.w += w;
    a.w2 += w * w;
    a.wq += w * l.q;
    a.wy += w * l.y;
  }
  const W = acc.reduce((s, a) => s + a.w, 0);
  const bins: ReliabilityBin[] = [];
  let ece = 0;
  acc.forEach((a, b) => {
    if (a.n === 0) return;
    const rate = a.wy / a.w;
    const meanQ = a.wq / a.w;
    const nEff = (a.w * a.w) / a.w2;
    const ci = wilsonInterval(Math.min(nEff, rate * nEff), nEff, z);
    bins.push({ lo: b / B, hi: (b + 1) / B, labels: a.n, meanQ, rate, low: ci.low, high: ci.high });
    ece += (a.w / W) * Math.abs(rate - meanQ);
  });
  return { bins, labels: labels.length, ece: labels.length > 0 ? ece : null };
}
