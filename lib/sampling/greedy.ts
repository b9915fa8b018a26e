/**
 * Lazy greedy batch selection (Minoux 1978): candidate values only change through label-free Hessian
 * updates after each pick, so a stale value is re-evaluated only when it reaches the top.
 */
import { compareKeys } from "./tie-rule";

export interface GreedyHooks {
  evaluate(c: number): { primary: number; soft: number };
  accept(c: number): void;
  /** can the candidate be picked again after it was accepted (e.g. a bin with more items)? */
  available(c: number): boolean;
}

export function lazyGreedy(initial: { primary: number; soft: number }[], count: number, hooks: GreedyHooks): number[] {
  const n = initial.length;
  const primary = Float64Array.from(initial, (v) => v.primary);
  const soft = Float64Array.from(initial, (v) => v.soft);
  const fresh = new Uint8Array(n).fill(1);
  const picks: number[] = [];
  let guard = 0;
  while (picks.length < count && guard++ < count * (n + 2)) {
    let best = -1;
    for (let c = 0; c < n; c++) {
      if (!hooks.available(c)) continue;
      if (best < 0 || compareKeys(primary[c]!, soft[c]!, primary[best]!, soft[best]!) > 0) best = c;
    }
    if (best < 0) break;
    if (!fresh[best]) {
      const v = hooks.evaluate(best);
      primary[best] = v.primary;
      soft[best] = v.soft;
      fresh[best] = 1;
      continue;
    }
    picks.push(best);
    hooks.accept(best);
    fresh.fill(0);
  }
  return picks;
}
