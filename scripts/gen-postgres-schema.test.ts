import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("prisma/postgres/schema.prisma", () => {
  it("is the generated twin of prisma/schema.prisma", () => {
    expect(() => execFileSync(process.execPath, ["scripts/gen-postgres-schema.mjs", "--check"], { stdio: "pipe" })).not.toThrow();
  });
});
