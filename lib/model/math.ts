/** Scalar helpers: numerically stable logistic functions and the normal CDF (Abramowitz–Stegun 7.1.26 via erf). */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + e^z) without overflow. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

export const SCORE_EPS = 1e-6;

/** logit of a probability clamped to [1e-6, 1 − 1e-6]; throws on values outside [0, 1] or NaN. */
export function logitClamped(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new Error(`probability must be in [0, 1], got ${p}`);
  const c = Math.min(1 - SCORE_EPS, Math.max(SCORE_EPS, p));
  return Math.log(c / (1 - c));
}

/** Standard normal CDF, |error| < 1.5e-7. */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x) / Math.SQRT2);
  const y = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-(x * x) / 2);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}
