/**
 * Characters that reorder or hide text without being seen: bidi embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069), direction marks (U+200E, U+200F, U+061C) and zero-width characters (U+200B–U+200D, U+2060,
 * U+FEFF). In an id they make one string display as another ("txt.exe" shown as "exe.txt").
 */
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;

/** `s` with each invisible control character written out as ⟨U+XXXX⟩, so what is displayed is what is stored. */
export function showControls(s: string): string {
  return s.replace(INVISIBLE, (c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}⟩`);
}
