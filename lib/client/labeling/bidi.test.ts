import { describe, expect, it } from "vitest";
import { showControls } from "./bidi";

describe("showControls", () => {
  it("writes out overrides, isolates, marks and zero-width characters, and leaves other text alone", () => {
    expect(showControls("invoice\u202Etxt.exe")).toBe("invoice⟨U+202E⟩txt.exe");
    expect(showControls("a\u2067b\u2069\u200Fc\u200Bd\uFEFF")).toBe("a⟨U+2067⟩b⟨U+2069⟩⟨U+200F⟩c⟨U+200B⟩d⟨U+FEFF⟩");
    expect(showControls("مرحبا بالعالم id-1")).toBe("مرحبا بالعالم id-1");
  });
});
