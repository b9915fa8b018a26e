/**
 * Calibration map q = σ(a·z + b) (Platt 1999) fitted on cross-fitted logits, with a Gaussian prior toward the
 * identity (a, b) = (1, 0) (sampling.md §2). Returns the 2×2 Hessian in (a, b) so the sampler can value a
 * label's effect on the map (the "calibration path", §3).
 */
import { buildDesign, designLogits } from "./design";
import { lowHessian, fitLogistic } from "./logistic";

export interface CalibrationMap {
  a: number;
  b: number;
  /** Hessian of the negative log posterior in (a, b), row-major 2×2; null for a fixed identity map */
  hessian: number[] | null;
  /** labels the map was fitted on (effective: those with positive weight) */
  n: number;
}

export const IDENTITY_CALIBRATION: CalibrationMap = { a: 1, b: 0, hessian: null, n: 0 };

export function fitCalibrationMap(z: ArrayLike<number>, y: Uint8Array, weights: Float64Array, precision: number): CalibrationMap {
  if (z.length !== y.length || y.length !== weights.length) throw new Error("calibration: z, y and weights must have equal length");
  if (!(precision > 0)) throw new Error("calibration: precision must be > 0");
  let n = 0;
  for (let i = 0; i < weights.length; i++) if (weights[i]! > 0) n++;
  const low = new Float64Array(z.length * 2);
  for (let i = 0; i < z.length; i++) {
    if (!Number.isFinite(z[i]!)) throw new Error("calibration: logits must be finite");
    low[2 * i] = z[i]!;
    low[2 * i + 1] = 1;
  }
  const d = buildDesign(low, 2, null, 0);
  const prior = { lowMean: [1, 0], lowPrecision: [precision, precision], textPrecision: 1 };
  const theta = fitLogistic(d, y, weights, prior);
  let a = theta[0]!;
  const b = theta[1]!;
  // A non-increasing map would invert decisions; the prior makes this rare, clamp to keep q monotone in z.
  if (!(a > 1e-3)) a = 1e-3;
  const H = lowHessian(d, weights, prior, designLogits(d, Float64Array.from([a, b])));
  return { a, b, hessian: Array.from(H), n };
}

/** Importance weights 1/π for labels with known inclusion probability (0 for the rest), normalised to mean 1. */
export function inclusionWeights(pi: (number | null)[]): Float64Array {
  const w = new Float64Array(pi.length);
  let s = 0;
  let k = 0;
  for (let i = 0; i < pi.length; i++) {
    const p = pi[i];
    if (p === null || p === undefined) continue;
    if (!(p > 0 && p <= 1)) throw new Error(`inclusion probability must be in (0, 1], got ${p}`);
    w[i] = 1 / p;
    s += w[i]!;
    k++;
  }
  if (k > 0) for (let i = 0; i < w.length; i++) w[i] = (w[i]! * k) / s;
  return w;
}
