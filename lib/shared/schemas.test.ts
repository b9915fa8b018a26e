import { describe, expect, it } from "vitest";
import { DEFAULT_STRATEGY, STRATEGY_NAMES as ENGINE_NAMES } from "@/lib/sampling";
import { DEFAULT_STRATEGY_NAME, STRATEGY_NAMES } from "./schemas";

describe("strategy names", () => {
  it("match the sampling engine's registry and its benchmarked default", () => {
    expect([...STRATEGY_NAMES].sort()).toEqual([...ENGINE_NAMES].sort());
    expect(DEFAULT_STRATEGY_NAME).toBe(DEFAULT_STRATEGY);
  });
});
