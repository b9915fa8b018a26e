/** What a key press asks the labeling page to do. */
export type HotkeyAction = "positive" | "negative" | "skip" | "undo" | "help" | "close" | "guidelines";

type KeyLike = Pick<KeyboardEvent, "key" | "code" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">;

/**
 * Maps a key press to an action. Digits go by physical key as well (`code` Digit1/Numpad1), so 1 and 2 work on
 * layouts whose digit row types other characters unshifted (AZERTY: & and é); letters go by the character typed,
 * which follows the layout. Presses with Meta or Alt, or Ctrl other than Ctrl+Z, belong to the browser.
 */
export function hotkeyAction(e: KeyLike): HotkeyAction | null {
  const k = e.key.toLowerCase();
  if (e.metaKey || e.altKey || (e.ctrlKey && k !== "z")) return null;
  if (e.ctrlKey) return "undo";
  if (k === "?" || (k === "/" && e.shiftKey)) return "help";
  if (k === "escape") return "close";
  if (k === "1" || e.code === "Digit1" || e.code === "Numpad1") return "positive";
  if (k === "2" || e.code === "Digit2" || e.code === "Numpad2") return "negative";
  if (k === "s" || k === " ") return "skip";
  if (k === "u" || k === "backspace") return "undo";
  if (k === "g") return "guidelines";
  return null;
}
