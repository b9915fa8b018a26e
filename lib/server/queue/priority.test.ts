import Database from "better-sqlite3";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { STRATEGY_NAMES } from "@/lib/shared/schemas";
import { priorityExpression, priorityOf } from "./priority";

describe("priorityOf and priorityExpression", () => {
  const conn = new Database(":memory:");
  it("agree for every strategy, threshold and item", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STRATEGY_NAMES),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.option(fc.double({ min: -30, max: 30, noNaN: true }), { nil: null }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (strategy, tau, z, rand) => {
          const row = conn.prepare(`SELECT ${priorityExpression(strategy, tau)} AS p FROM (SELECT ? AS z, ? AS rand)`).get(z, rand) as { p: number };
          expect(row.p).toBeCloseTo(priorityOf(strategy, tau, z, rand), 9);
        },
      ),
    );
  });

  it("ranks margin by distance to logit(τ) and uncertainty by distance to 0", () => {
    const t = Math.log(0.9 / 0.1);
    expect(priorityOf("margin", 0.9, t + 0.1, 0.3)).toBeGreaterThan(priorityOf("margin", 0.9, t - 0.5, 0.3));
    expect(priorityOf("uncertainty", 0.9, 0.2, 0.3)).toBeGreaterThan(priorityOf("uncertainty", 0.9, t, 0.3));
    expect(priorityOf("margin", 0.9, null, 0.3)).toBeLessThan(priorityOf("margin", 0.9, 25, 0.3));
  });

  it("refuses thresholds outside (0, 1)", () => {
    expect(() => priorityExpression("margin", 1)).toThrow(/strictly between 0 and 1/);
  });
});
