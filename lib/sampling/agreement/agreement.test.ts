import { describe, expect, it } from "vitest";
import { krippendorffAlphaFromValues, krippendorffAlphaNominal } from "./alpha";
import { cohenKappa } from "./kappa";

describe("cohenKappa", () => {
  it("reproduces Wikipedia's worked example (κ = 0.4) and its second example", () => {
    // https://en.wikipedia.org/wiki/Cohen%27s_kappa — 50 grant proposals: both yes 20, A yes B no 5, A no B yes 10, both no 15.
    expect(cohenKappa([[20, 5], [10, 15]])).toBeCloseTo(0.4, 12);
    // Same page, "similar agreement, different κ": [[45, 15], [25, 15]] → 0.1304; [[25, 35], [5, 35]] → 0.2593.
    expect(cohenKappa([[45, 15], [25, 15]])).toBeCloseTo(0.1304, 4);
    expect(cohenKappa([[25, 35], [5, 35]])).toBeCloseTo(0.2593, 4);
  });

  it("is 1 for perfect agreement, undefined when both raters use one category, and checks its input", () => {
    expect(cohenKappa([[7, 0], [0, 3]])).toBe(1);
    expect(cohenKappa([[9, 0], [0, 0]])).toBeNull();
    expect(cohenKappa([[0, 0], [0, 0]])).toBeNull();
    expect(() => cohenKappa([[1, 2], [3]])).toThrow(/square/);
    expect(() => cohenKappa([[1, -2], [3, 4]])).toThrow(/≥ 0/);
  });
});

describe("krippendorffAlphaNominal", () => {
  it("reproduces Krippendorff's worked example (2011, 4 observers, 12 units, missing values): nominal α = 0.743", () => {
    const A = [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null];
    const B = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3];
    const C = [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null];
    const D = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null];
    const units = A.map((_, u) => [A[u], B[u], C[u], D[u]].filter((v): v is number => v !== null));
    expect(krippendorffAlphaFromValues(units)).toBeCloseTo(0.743, 3);
  });

  it("two coders, binary, no missing: α is Scott's π corrected for sample size", () => {
    // Krippendorff (2011) binary example: 10 units, coders agree on 8 → α_nominal = 0.095.
    const a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
    const b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
    expect(krippendorffAlphaFromValues(a.map((v, u) => [v, b[u]!]))).toBeCloseTo(0.095, 3);
  });

  it("is 1 for perfect agreement, null when nothing varies or nothing is pairable", () => {
    expect(krippendorffAlphaNominal([[2, 0], [0, 3], [1, 0]])).toBe(1);
    expect(krippendorffAlphaNominal([[2, 0], [3, 0]])).toBeNull();
    expect(krippendorffAlphaNominal([[1, 0], [0, 1]])).toBeNull();
    // Multiplicities: the same as listing the units.
    expect(krippendorffAlphaNominal([[2, 0], [1, 1], [0, 2]], [3, 2, 1])).toBeCloseTo(krippendorffAlphaNominal([[2, 0], [2, 0], [2, 0], [1, 1], [1, 1], [0, 2]])!, 12);
  });
});
