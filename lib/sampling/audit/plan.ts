import { neymanAllocation } from "./allocate";
import { errorProbability } from "./stats";
import { stratifyByQ } from "./stratify";
import { AuditInputError, type AuditObjective, type AuditPlan, type AuditStratum, type Costs } from "./types";
import { checkCosts, checkQ, checkTau } from "./validate";

export interface PlanAuditOptions {
  /** Calibrated q per pool item (plan-time; frozen into the plan). */
  q: ArrayLike<number>;
  tau: number;
  /** Draws to plan; capped at the pool size. */
  budget: number;
  /** Maximum number of strata (default 16); fewer when the budget cannot give each its floor. */
  strata?: number;
  /** Minimum draws per non-empty stratum (default 2, so each stratum has a variance estimate). */
  floor?: number;
  rng: () => number;
  id?: string;
  /** Allocate for the error count (default, n_h ∝ N_h·√(p_h(1 − p_h))) or for the decision cost. */
  objective?: AuditObjective;
  /** Costs for objective "cost"; default c_FP = τ, c_FN = 1 − τ. */
  costs?: Costs;
}

/**
 * Stratified audit plan (§5): strata by plan-time q with a boundary at τ (see stratify.ts), Neyman
 * allocation with floors (allocate.ts), a without-replacement random order within each stratum, and the
 * strata interleaved by the keys (k + u_h)/n_h (k-th draw of stratum h, u_h ~ U(0, 1)), so any prefix of
 * `order` of length L holds within one draw of L·n_h/n from every stratum. The schedule never depends on
 * labels, so every labeled prefix is a simple random sample within each stratum.
 */
export function planAudit(options: PlanAuditOptions): AuditPlan {
  const { q, rng } = options;
  checkQ(q);
  const tau = checkTau(options.tau);
  const N = q.length;
  if (N === 0) throw new AuditInputError("q is empty: nothing to audit");
  const { budget } = options;
  if (typeof budget !== "number" || !(budget >= 0) || !Number.isFinite(budget)) throw new AuditInputError(`budget must be a finite number ≥ 0, got ${String(budget)}`);
  const maxStrata = options.strata ?? 16;
  if (!Number.isInteger(maxStrata) || maxStrata < 1) throw new AuditInputError(`strata must be an integer ≥ 1, got ${String(maxStrata)}`);
  const floor = options.floor ?? 2;
  if (!Number.isInteger(floor) || floor < 0) throw new AuditInputError(`floor must be an integer ≥ 0, got ${String(floor)}`);
  if (typeof rng !== "function") throw new AuditInputError("rng must be a function returning numbers in [0, 1)");
  const objective = options.objective ?? "errors";
  if (objective !== "errors" && objective !== "cost") throw new AuditInputError(`objective must be "errors" or "cost", got ${String(objective)}`);
  const costs = checkCosts(options.costs, tau);
  const unitCost = (qi: number) => (objective === "errors" ? 1 : qi >= tau ? costs.fp : costs.fn);

  const n = Math.min(Math.floor(budget), N);
  // Fewer strata when the budget cannot give each one its floor.
  const strataWanted = floor > 0 ? Math.max(1, Math.min(maxStrata, Math.floor(n / floor))) : maxStrata;
  const { assignments, strata: groups } = stratifyByQ(q, tau, strataWanted, (qi) => {
    const e = errorProbability(qi, tau);
    return unitCost(qi) * Math.sqrt(e * (1 - e));
  });

  const H = groups.length;
  const members: number[][] = Array.from({ length: H }, () => []);
  for (let i = 0; i < N; i++) members[assignments[i]!]!.push(i);
  // S_h of the objective's per-item variable x = c_d·1[error], under the model: E[x²] − E[x]².
  const sd: number[] = [];
  const strata: AuditStratum[] = groups.map((g, h) => {
    let positives = 0;
    let sumE = 0;
    let sumCE = 0;
    let sumC2E = 0;
    for (const i of members[h]!) {
      const qi = q[i]!;
      if (qi >= tau) positives++;
      const e = errorProbability(qi, tau);
      const c = unitCost(qi);
      sumE += e;
      sumCE += c * e;
      sumC2E += c * c * e;
    }
    const mean = sumCE / g.size;
    sd.push(Math.sqrt(Math.max(0, sumC2E / g.size - mean * mean)));
    return { index: h, lo: g.lo, hi: g.hi, size: g.size, draws: 0, inclusionProbability: 0, decidedPositive: positives, meanErrorProbability: sumE / g.size };
  });
  const alloc = neymanAllocation(
    strata.map((s) => s.size),
    sd,
    n,
    Math.min(floor, Math.floor(n / Math.max(1, H))),
  );
  strata.forEach((s, h) => {
    s.draws = alloc[h]!;
    s.inclusionProbability = s.draws / s.size;
  });

  // Draws: a partial Fisher–Yates shuffle per stratum, then interleave by (k + u_h)/n_h.
  const keyed: { item: number; key: number; h: number }[] = [];
  for (let h = 0; h < H; h++) {
    const m = members[h]!;
    const nh = alloc[h]!;
    const phase = nextUniform(rng);
    for (let k = 0; k < nh; k++) {
      const j = k + Math.floor(nextUniform(rng) * (m.length - k));
      const tmp = m[k]!;
      m[k] = m[j]!;
      m[j] = tmp;
      keyed.push({ item: m[k]!, key: (k + phase) / nh, h });
    }
  }
  keyed.sort((a, b) => a.key - b.key || a.h - b.h);
  const order = Int32Array.from(keyed, (d) => d.item);
  const rank = new Int32Array(N).fill(-1);
  order.forEach((item, pos) => {
    rank[item] = pos;
  });
  const id = options.id ?? `audit-${hex(rng)}${hex(rng)}`;
  return { id, tau, poolSize: N, budget: n, floor, objective, strata, assignments, order, rank, q: Float64Array.from(q) };
}

export interface PlanUniformAuditOptions {
  q: ArrayLike<number>;
  tau: number;
  budget: number;
  rng: () => number;
  id?: string;
}

/** A uniform random audit of the same size: one stratum, draws in random order (the comparison baseline). */
export function planUniformAudit(options: PlanUniformAuditOptions): AuditPlan {
  return planAudit({ ...options, strata: 1, floor: 0 });
}

function nextUniform(rng: () => number): number {
  const u = rng();
  if (typeof u !== "number" || !(u >= 0 && u < 1)) throw new AuditInputError(`rng must return numbers in [0, 1), got ${String(u)}`);
  return u;
}

function hex(rng: () => number): string {
  return Math.floor(nextUniform(rng) * 0x100000000)
    .toString(16)
    .padStart(8, "0");
}
