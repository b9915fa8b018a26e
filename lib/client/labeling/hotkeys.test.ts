import { describe, expect, it } from "vitest";
import { hotkeyAction } from "./hotkeys";

const key = (key: string, code: string, mods: Partial<Record<"ctrlKey" | "metaKey" | "altKey" | "shiftKey", boolean>> = {}) =>
  hotkeyAction({ key, code, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe("hotkeyAction", () => {
  it("maps the digit row by physical key too: AZERTY & and é are 1 and 2, so is the keypad", () => {
    expect(key("&", "Digit1")).toBe("positive");
    expect(key("é", "Digit2")).toBe("negative");
    expect(key("1", "Numpad1")).toBe("positive");
    expect(key("2", "Numpad2")).toBe("negative");
    expect(key("1", "Digit1", { shiftKey: true })).toBe("positive"); // AZERTY Shift+& types 1
  });

  it("maps letters by the character typed, and leaves browser shortcuts alone", () => {
    expect(key("s", "KeyS")).toBe("skip");
    expect(key(" ", "Space")).toBe("skip");
    expect(key("u", "KeyU")).toBe("undo");
    expect(key("z", "KeyW", { ctrlKey: true })).toBe("undo"); // AZERTY Ctrl+Z
    expect(key("?", "Comma", { shiftKey: true })).toBe("help");
    expect(key("1", "Digit1", { ctrlKey: true })).toBeNull();
    expect(key("r", "KeyR", { metaKey: true })).toBeNull();
    expect(key("x", "KeyX")).toBeNull();
    expect(key("g", "KeyG")).toBe("guidelines");
    expect(key("G", "KeyG", { shiftKey: true })).toBe("guidelines");
  });
});
