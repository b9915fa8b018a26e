import { describe, expect, it } from "vitest";
import { MIN_PASSWORD_LENGTH, passwordProblem } from "./password-policy";

describe("passwordProblem", () => {
  it.each([
    ["password", /at least 12/],
    [" ".repeat(8), /at least 12/],
    [" ".repeat(12), /whitespace/],
    ["\t \n".repeat(5), /whitespace/],
    ["a".repeat(20), /single character/],
    ["abcabcabcabc", /short pattern/],
    ["passwordpassword", /short pattern/],
    ["123456789012", /too common/],
    ["1234567890123456", /too common/],
    ["9876543210987", /too common/],
    ["abcdefghijklmnop", /too common/],
    ["qwertyuiopasdf", /too common/],
    ["Password123456", /too common/],
    ["!!password2024!!", /too common/],
    ["iloveyou1234", /too common/],
    ["x".repeat(257), /at most 256/],
  ])("refuses %j", (pw, reason) => {
    expect(passwordProblem(pw)).toMatch(reason);
  });

  it.each(["correct horse battery staple", "tangerine lamp over the river", "verge-demo-password", "e2e-admin-password", "Zq7#mV2!pL9$"])(
    "accepts %j",
    (pw) => {
      expect(pw.length).toBeGreaterThanOrEqual(MIN_PASSWORD_LENGTH);
      expect(passwordProblem(pw)).toBeNull();
    },
  );
});
