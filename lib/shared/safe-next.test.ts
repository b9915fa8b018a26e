import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

describe("safeNext (where sign-in goes afterwards)", () => {
  it.each([
    "//evil.example/x",
    "/\\evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "/\tevil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/%5Cevil.example",
    "/%5cevil.example",
    "/%2F%2Fevil.example",
    "/%2f/evil.example",
    "/%09/evil.example",
    "/%0A/evil.example",
    "/%0d%0a/evil.example",
    "/%00",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " /projects",
    "https://evil.example/",
    "http:/evil.example",
    "evil.example",
    "/%E0%A4%A",
    "",
  ])("refuses %j", (payload) => {
    expect(safeNext(payload)).toBe("/");
  });

  it("refuses a missing value", () => {
    expect(safeNext(undefined)).toBe("/");
    expect(safeNext(null)).toBe("/");
  });

  it.each([
    ["/", "/"],
    ["/projects/abc/label", "/projects/abc/label"],
    ["/projects/abc?tab=export#top", "/projects/abc?tab=export#top"],
    ["/search?q=a%20b", "/search?q=a%20b"],
  ])("keeps the same-origin path %j", (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});
