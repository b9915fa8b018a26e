import { describe, expect, it } from "vitest";
import { wilsonInterval } from "../audit/stats";
import { reliability } from "./reliability";

describe("reliability", () => {
  it("bins, rates, Wilson intervals and ECE by hand", () => {
    // Bin [0.1, 0.2): q 0.1, 0.15, y 0, 1 → rate 0.5, mean q 0.125. Bin [0.9, 1]: q 0.9, 1.0, 0.95, y 1, 1, 0 → rate 2/3, mean q 0.95.
    const r = reliability([
      { q: 0.1, y: 0 }, { q: 0.15, y: 1 }, { q: 0.9, y: 1 }, { q: 1, y: 1 }, { q: 0.95, y: 0 },
    ]);
    expect(r.bins.map((b) => [b.lo, b.labels])).toEqual([[0.1, 2], [0.9, 3]]);
    expect(r.bins[0]!.rate).toBe(0.5);
    expect(r.bins[1]!.meanQ).toBeCloseTo(0.95, 12);
    const w = wilsonInterval(2, 3, 1.959963984540054);
    expect(r.bins[1]!.low).toBeCloseTo(w.low, 9);
    expect(r.bins[1]!.high).toBeCloseTo(w.high, 9);
    // ECE = 2/5·|0.5 − 0.125| + 3/5·|2/3 − 0.95|
    expect(r.ece).toBeCloseTo(0.4 * 0.375 + 0.6 * (0.95 - 2 / 3), 12);
  });

  it("weights labels by 1/π, so a stratified sample describes the pool", () => {
    // One bin: a positive with π = 1 and a negative with π = 0.25 (it stands for 4 items) → rate 1/5.
    const r = reliability([{ q: 0.5, y: 1, pi: 1 }, { q: 0.5, y: 0, pi: 0.25 }]);
    expect(r.bins[0]!.rate).toBeCloseTo(0.2, 12);
    expect(r.ece).toBeCloseTo(0.3, 12);
  });

  it("a calibrated sample has a small ECE; no labels give null; bad input names the field", () => {
    let s = 1;
    const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    const labels = Array.from({ length: 20000 }, () => {
      const q = rnd();
      return { q, y: (rnd() < q ? 1 : 0) as 0 | 1 };
    });
    expect(reliability(labels).ece!).toBeLessThan(0.02);
    expect(reliability([]).ece).toBeNull();
    expect(() => reliability([{ q: 1.2, y: 1 }])).toThrow(/labels\[0\]\.q/);
    expect(() => reliability([{ q: 0.2, y: 1, pi: 0 }])).toThrow(/labels\[0\]\.pi/);
  });
});
