import { AuditInputError, type AuditObjective, type AuditPlan, type AuditStratum } from "./types";

/** JSON form of an AuditPlan: typed arrays become plain number arrays (doubles round-trip exactly). */
export interface SerializedAuditPlan {
  version: 1;
  id: string;
  tau: number;
  poolSize: number;
  budget: number;
  floor: number;
  objective: AuditObjective;
  strata: AuditStratum[];
  assignments: number[];
  order: number[];
  q: number[];
}

export function serializeAuditPlan(plan: AuditPlan): SerializedAuditPlan {
  return {
    version: 1,
    id: plan.id,
    tau: plan.tau,
    poolSize: plan.poolSize,
    budget: plan.budget,
    floor: plan.floor,
    objective: plan.objective,
    strata: plan.strata.map((s) => ({ ...s })),
    assignments: Array.from(plan.assignments),
    order: Array.from(plan.order),
    q: Array.from(plan.q),
  };
}

/** Inverse of serializeAuditPlan (rank is rebuilt from order); throws AuditInputError on malformed input. */
export function deserializeAuditPlan(data: unknown): AuditPlan {
  const d = data as Partial<SerializedAuditPlan> | null;
  const fail = (why: string): never => {
    throw new AuditInputError(`not a serialized audit plan: ${why}`);
  };
  if (d == null || typeof d !== "object") return fail("not an object");
  if (d.version !== 1) return fail(`unsupported version ${String(d.version)}`);
  if (typeof d.id !== "string") return fail("id");
  if (typeof d.tau !== "number" || !(d.tau > 0 && d.tau < 1)) return fail("tau");
  const N = d.poolSize;
  if (typeof N !== "number" || !Number.isInteger(N) || N < 1) return fail("poolSize");
  if (!Array.isArray(d.strata) || !Array.isArray(d.assignments) || !Array.isArray(d.order) || !Array.isArray(d.q)) return fail("arrays");
  if (d.assignments.length !== N || d.q.length !== N) return fail("array lengths");
  const H = d.strata.length;
  const assignments = Int32Array.from(d.assignments);
  if (assignments.some((h, i) => h !== d.assignments![i] || h < 0 || h >= H)) return fail("assignments");
  const q = Float64Array.from(d.q);
  if (q.some((v) => !(v >= 0 && v <= 1))) return fail("q");
  const order = Int32Array.from(d.order);
  const rank = new Int32Array(N).fill(-1);
  order.forEach((item, pos) => {
    if (item !== d.order![pos] || item < 0 || item >= N || rank[item] !== -1) fail("order");
    rank[item] = pos;
  });
  return {
    id: d.id,
    tau: d.tau,
    poolSize: N,
    budget: typeof d.budget === "number" ? d.budget : order.length,
    floor: typeof d.floor === "number" ? d.floor : 0,
    objective: d.objective === "cost" ? "cost" : "errors",
    strata: d.strata.map((s) => ({ ...s })),
    assignments,
    order,
    rank,
    q,
  };
}
