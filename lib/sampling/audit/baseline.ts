import { estimateAudit } from "./estimate";
import { planUniformAudit } from "./plan";
import { AuditInputError, type AuditEstimate, type AuditLabel, type AuditPlan, type Costs } from "./types";

export interface UniformAuditBaselineOptions {
  q: ArrayLike<number>;
  tau: number;
  /** Same size as the stratified audit it is compared with. */
  budget: number;
  rng: () => number;
  /** Ground truth for a drawn item (a simulation's y, or a stored label). */
  label: (index: number) => 0 | 1;
  costs?: Costs;
  modelAssisted?: boolean;
  level?: number;
  /** Label only this many of the plan's draws (a prefix); default all. */
  labels?: number;
}

export interface UniformAuditBaseline {
  plan: AuditPlan;
  labeled: AuditLabel[];
  estimate: AuditEstimate;
}

/**
 * A uniform random audit of the same size and its estimate, for comparing interval widths: one stratum,
 * simple random sample without replacement, estimated by the same estimator (which post-stratifies by
 * decision, the best a uniform audit can do without further modelling).
 */
export function uniformAuditBaseline(options: UniformAuditBaselineOptions): UniformAuditBaseline {
  const plan = planUniformAudit({ q: options.q, tau: options.tau, budget: options.budget, rng: options.rng });
  const take = options.labels ?? plan.order.length;
  if (!Number.isInteger(take) || take < 0) throw new AuditInputError(`labels must be an integer ≥ 0, got ${String(take)}`);
  const labeled = Array.from(plan.order.subarray(0, take), (index): AuditLabel => ({ index, y: options.label(index), q: plan.q[index]! }));
  const estimate = estimateAudit({ plan, tau: options.tau, labeled, costs: options.costs, modelAssisted: options.modelAssisted, level: options.level });
  return { plan, labeled, estimate };
}
