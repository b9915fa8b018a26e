/**
 * Greedy batch selection with label-free Hessian updates (sampling.md §3), evaluated lazily in the spirit of
 * Minoux (1978): values only change through the Hessian updates after each pick, so after a pick only the
 * `window` candidates with the highest (stale) keys are re-evaluated and the best of them is taken. This
 * bounds the work per pick (a 2-parameter model changes every candidate's value after each pick, which
 * makes exact lazy greedy degenerate into re-evaluating nearly everything).
 */
import { compareKeys } from "./tie-rule";

export interface GreedyHooks {
  evaluate(c: number): { primary: number; soft: number };
  accept(c: number): void;
  /** can the candidate be picked (again)? e.g. a bin with items left */
  available(c: number): boolean;
}

export function lazyGreedy(initial: { primary: number; soft: number }[], count: number, hooks: GreedyHooks, window = 32): number[] {
  const n = initial.length;
  const primary = Float64Array.from(initial, (v) => v.primary);
  const soft = Float64Array.from(initial, (v) => v.soft);
  const picks: number[] = [];
  const cmp = (a: number, b: number) => compareKeys(primary[b]!, soft[b]!, primary[a]!, soft[a]!) || a - b;
  for (let r = 0; r < count; r++) {
    const avail: number[] = [];
    for (let c = 0; c < n; c++) if (hooks.available(c)) avail.push(c);
    if (!avail.length) break;
    avail.sort(cmp);
    if (r > 0) {
      const top = avail.slice(0, window);
      for (const c of top) {
        const v = hooks.evaluate(c);
        primary[c] = v.primary;
        soft[c] = v.soft;
      }
      top.sort(cmp);
      avail[0] = top[0]!;
    }
    const best = avail[0]!;
    picks.push(best);
    hooks.accept(best);
  }
  return picks;
}
