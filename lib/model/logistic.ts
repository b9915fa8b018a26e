/**
 * MAP logistic regression with a Gaussian prior w ~ N(m0, Λ⁻¹) (Bayesian logistic regression, e.g.
 * Bishop 2006 §4.5; the "trust the classifier" prior of sampling.md §2: m0 = (0, 1, 0, …)).
 * Low-dimensional problems (scores only, calibration maps) use damped Newton / IRLS; the sparse text
 * model uses L-BFGS. Rows carry weights (bootstrap counts, importance weights).
 */
import { designLogits, type Design } from "./design";
import { solveSpd } from "./dense";
import { minimizeLbfgs } from "./lbfgs";
import { sigmoid, softplus } from "./math";

export interface GaussianPrior {
  lowMean: ArrayLike<number>;
  lowPrecision: ArrayLike<number>;
  /** precision of every text weight (prior mean 0) */
  textPrecision: number;
}

export interface FitOptions {
  maxIter: number;
  gradTol: number;
}

export const DEFAULT_FIT: FitOptions = { maxIter: 300, gradTol: 1e-5 };

function validate(d: Design, y: Uint8Array, w: Float64Array, prior: GaussianPrior): void {
  if (y.length !== d.n || w.length !== d.n) throw new Error("logistic: y and weights must have one entry per row");
  if (prior.lowMean.length !== d.p || prior.lowPrecision.length !== d.p) throw new Error("logistic: prior size != p");
  for (let j = 0; j < d.p; j++) if (!(prior.lowPrecision[j]! > 0)) throw new Error("logistic: low-dim prior precisions must be > 0");
  if (d.F > 0 && !(prior.textPrecision > 0)) throw new Error("logistic: text prior precision must be > 0");
  for (let i = 0; i < d.n; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new Error("logistic: labels must be 0 or 1");
    if (!(w[i]! >= 0) || !Number.isFinite(w[i]!)) throw new Error("logistic: weights must be finite and >= 0");
  }
}

/** Negative log posterior and its gradient. */
export function objective(d: Design, y: Uint8Array, w: Float64Array, prior: GaussianPrior, theta: Float64Array, grad: Float64Array, zBuf: Float64Array): number {
  const { p, low, rowPtr, col, val } = d;
  designLogits(d, theta, zBuf);
  grad.fill(0);
  let f = 0;
  for (let i = 0; i < d.n; i++) {
    const wi = w[i]!;
    if (wi === 0) continue;
    const z = zBuf[i]!;
    f += wi * (softplus(z) - y[i]! * z);
    const r = wi * (sigmoid(z) - y[i]!);
    for (let j = 0; j < p; j++) grad[j] = grad[j]! + r * low[i * p + j]!;
    for (let e = rowPtr[i]!; e < rowPtr[i + 1]!; e++) {
      const c = p + col[e]!;
      grad[c] = grad[c]! + r * val[e]!;
    }
  }
  for (let j = 0; j < p; j++) {
    const dv = theta[j]! - prior.lowMean[j]!;
    f += 0.5 * prior.lowPrecision[j]! * dv * dv;
    grad[j] = grad[j]! + prior.lowPrecision[j]! * dv;
  }
  const lt = prior.textPrecision;
  for (let c = p; c < p + d.F; c++) {
    f += 0.5 * lt * theta[c]! * theta[c]!;
    grad[c] = grad[c]! + lt * theta[c]!;
  }
  return f;
}

/** Full p×p Hessian of the low-dim block at θ (prior included). */
export function lowHessian(d: Design, w: Float64Array, prior: GaussianPrior, z: Float64Array): Float64Array {
  const { p, low } = d;
  const H = new Float64Array(p * p);
  for (let j = 0; j < p; j++) H[j * p + j] = prior.lowPrecision[j]!;
  for (let i = 0; i < d.n; i++) {
    const s = sigmoid(z[i]!);
    const c = w[i]! * s * (1 - s);
    if (c === 0) continue;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) H[a * p + b] = H[a * p + b]! + c * low[i * p + a]! * low[i * p + b]!;
  }
  return H;
}

/** Diagonal of the text block of the Hessian: λ + Σ_i w_i c_i φ_if² (per active feature). */
export function textHessianDiag(d: Design, w: Float64Array, prior: GaussianPrior, z: Float64Array): Float64Array {
  const h = new Float64Array(d.F).fill(prior.textPrecision);
  for (let i = 0; i < d.n; i++) {
    const s = sigmoid(z[i]!);
    const c = w[i]! * s * (1 - s);
    for (let e = d.rowPtr[i]!; e < d.rowPtr[i + 1]!; e++) h[d.col[e]!] = h[d.col[e]!]! + c * d.val[e]! ** 2;
  }
  return h;
}

/** Damped Newton (IRLS) for text-free designs. */
function fitNewton(d: Design, y: Uint8Array, w: Float64Array, prior: GaussianPrior, init: Float64Array, opts: FitOptions): Float64Array {
  const p = d.p;
  let theta = Float64Array.from(init);
  const grad = new Float64Array(p);
  const z = new Float64Array(d.n);
  let f = objective(d, y, w, prior, theta, grad, z);
  for (let it = 0; it < Math.min(opts.maxIter, 100); it++) {
    let gmax = 0;
    for (let j = 0; j < p; j++) gmax = Math.max(gmax, Math.abs(grad[j]!));
    if (gmax <= opts.gradTol) break;
    const H = lowHessian(d, w, prior, z);
    const step = solveSpd(H, grad, p);
    let t = 1;
    let accepted = false;
    const g2 = new Float64Array(p);
    const z2 = new Float64Array(d.n);
    for (let ls = 0; ls < 30; ls++) {
      const cand = new Float64Array(p);
      for (let j = 0; j < p; j++) cand[j] = theta[j]! - t * step[j]!;
      const f2 = objective(d, y, w, prior, cand, g2, z2);
      if (f2 <= f + 1e-12 * Math.abs(f)) {
        theta = cand;
        f = f2;
        grad.set(g2);
        z.set(z2);
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) break;
  }
  return theta;
}

/** MAP weights θ = [low (p), text (F, compact order)]. `init` warm-starts (e.g. from the previous fit). */
export function fitLogistic(d: Design, y: Uint8Array, w: Float64Array, prior: GaussianPrior, init?: Float64Array, opts: FitOptions = DEFAULT_FIT): Float64Array {
  validate(d, y, w, prior);
  const start = new Float64Array(d.p + d.F);
  if (init) {
    if (init.length !== start.length) throw new Error("logistic: init has the wrong length");
    start.set(init);
  } else for (let j = 0; j < d.p; j++) start[j] = prior.lowMean[j]!;
  if (d.F === 0) return fitNewton(d, y, w, prior, start, opts);
  // Jacobi preconditioning: optimise in θ' = D^{1/2} θ with D ≈ diag of the Hessian at c = 1/4, so the bias
  // column (1 on every row) and tiny hashed text values are on one scale; L-BFGS converges in far fewer steps.
  const diag = new Float64Array(d.p + d.F);
  for (let j = 0; j < d.p; j++) diag[j] = prior.lowPrecision[j]!;
  for (let c = d.p; c < diag.length; c++) diag[c] = prior.textPrecision;
  for (let i = 0; i < d.n; i++) {
    const c = 0.25 * w[i]!;
    for (let j = 0; j < d.p; j++) diag[j] = diag[j]! + c * d.low[i * d.p + j]! ** 2;
    for (let e = d.rowPtr[i]!; e < d.rowPtr[i + 1]!; e++) diag[d.p + d.col[e]!] = diag[d.p + d.col[e]!]! + c * d.val[e]! ** 2;
  }
  const scale = diag.map((v) => 1 / Math.sqrt(v));
  const zBuf = new Float64Array(d.n);
  const theta = new Float64Array(diag.length);
  const x0 = start.map((v, k) => v / scale[k]!);
  const res = minimizeLbfgs((x, g) => {
    for (let k = 0; k < x.length; k++) theta[k] = x[k]! * scale[k]!;
    const f = objective(d, y, w, prior, theta, g, zBuf);
    for (let k = 0; k < g.length; k++) g[k] = g[k]! * scale[k]!;
    return f;
  }, x0, { maxIter: opts.maxIter, gradTol: opts.gradTol, memory: 6 });
  lastIterations = res.iterations;
  return res.x.map((v, k) => v * scale[k]!);
}

/** Iterations of the last L-BFGS fit (diagnostics for benchmarks). */
export let lastIterations = 0;
