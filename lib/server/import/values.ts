import { isLosslessNumber } from "lossless-json";

/** Longest accepted id, in characters. */
export const MAX_ID_CHARS = 200;
/** Longest echo of an uploaded value in an error message, in characters. */
export const MAX_ECHO_CHARS = 100;

// C0 and C1 controls, DEL, and the bidi embedding/override/isolate marks that can make an id display as another.
const FORBIDDEN_IN_ID = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

// A UTF-16 surrogate without its partner (JSON "\ud800"): not Unicode text, stored as U+FFFD by the drivers.
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why a text cannot be stored exactly on both databases, or null: PostgreSQL text cannot hold NUL, and an unpaired
 * surrogate would be silently replaced. `name` is the field for the message.
 */
export function unstorableText(name: string, s: string): string | null {
  const nul = s.indexOf("\u0000");
  if (nul >= 0) return `"${name}" holds a NUL character (U+0000) at position ${nul + 1}`;
  const lone = UNPAIRED_SURROGATE.exec(s);
  if (lone) return `"${name}" holds an unpaired UTF-16 surrogate at position ${lone.index + 1} (not valid Unicode)`;
  return null;
}

/** A value shortened for an error message: at most `max` characters, with an ellipsis when cut. */
export function clip(value: string, max = MAX_ECHO_CHARS): string {
  return value.length <= max ? value : `${value.slice(0, max)}…`;
}

/** JSON text of an uploaded value for an error message, clipped (`undefined` reads as "nothing"). */
export function echo(value: unknown): string {
  if (value === undefined) return "nothing";
  if (isLosslessNumber(value)) return clip(value.value);
  try {
    return clip(JSON.stringify(value) ?? String(value));
  } catch {
    return clip(String(value));
  }
}

export type IdResult = { ok: true; id: string } | { ok: false; message: string };

/**
 * The one id normalisation of every upload path (items JSONL/CSV, scores): strings are trimmed of surrounding
 * white space, numbers keep their JSON token text exactly (`1.0` stays `1.0`, 19-digit ids are not rounded), and
 * ids that are empty, longer than 200 characters or hold control or bidi-override characters are refused.
 */
export function normalizeId(raw: unknown): IdResult {
  let id: string;
  if (typeof raw === "string") id = raw.trim();
  else if (isLosslessNumber(raw)) id = raw.value;
  else if (typeof raw === "number" && Number.isSafeInteger(raw)) id = String(raw);
  else if (raw === undefined || raw === null) return { ok: false, message: 'missing "id"' };
  else return { ok: false, message: `"id" must be a string or a number, got ${echo(raw)}` };
  if (id === "") return { ok: false, message: '"id" is empty' };
  if (id.length > MAX_ID_CHARS) return { ok: false, message: `"id" is longer than ${MAX_ID_CHARS} characters` };
  const bad = FORBIDDEN_IN_ID.exec(id);
  if (bad) {
    const code = `U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
    return { ok: false, message: `"id" holds the control character ${code} at position ${bad.index + 1}; ids must be printable text` };
  }
  const unstorable = unstorableText("id", id);
  if (unstorable) return { ok: false, message: unstorable };
  return { ok: true, id };
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export type NumberResult = { ok: true; value: number | null } | { ok: false; message: string };

/**
 * Strict reading of an optional number field (`name` is the field's name for messages): absent, null and blank
 * text are "no value" (null), never 0; text must be a decimal number (no hex, no "Infinity"); the result must be
 * finite and lie in [min, max].
 */
export function parseOptionalNumber(name: string, raw: unknown, min: number, max: number): NumberResult {
  let n: number;
  if (raw === undefined || raw === null) return { ok: true, value: null };
  if (typeof raw === "string") {
    const t = raw.trim();
    if (t === "") return { ok: true, value: null };
    if (!NUMBER_TEXT.test(t)) return { ok: false, message: `"${name}" must be a number in [${min}, ${max}], got ${echo(raw)}` };
    n = Number(t);
  } else if (isLosslessNumber(raw)) n = Number(raw.value);
  else if (typeof raw === "number") n = raw;
  else return { ok: false, message: `"${name}" must be a number in [${min}, ${max}], got ${echo(raw)}` };
  if (!Number.isFinite(n)) return { ok: false, message: `"${name}" must be a finite number, got ${echo(raw)}` };
  if (n < min || n > max) return { ok: false, message: `"${name}" must lie in [${min}, ${max}], got ${clip(String(n))}` };
  return { ok: true, value: n };
}
