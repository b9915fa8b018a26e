import { parse as parseLossless } from "lossless-json";
import { clip } from "./values";

const LONG_DIGITS = /\d{16}/;

export type JsonObjectResult =
  | { ok: true; value: Record<string, unknown>; lossless: boolean }
  | { ok: false; message: string };

/**
 * Deepest nesting of objects and arrays in a JSON text (strings skipped), stopping as soon as it passes `limit`:
 * checked before parsing so a pathological row costs one linear scan, never a stack overflow.
 */
export function jsonDepthExceeds(s: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/**
 * Parses one JSON Lines row that must be an object. A row whose `id` is a JSON number, or that holds a 16+ digit
 * run, is re-read losslessly (lossless-json): the id keeps its token text and numbers in the row become
 * `LosslessNumber`s (`lossless`), so meta keeps them exactly too.
 */
export function parseJsonObject(s: string, maxDepth: number): JsonObjectResult {
  if (jsonDepthExceeds(s, maxDepth))
    return { ok: false, message: `the row nests objects/arrays deeper than ${maxDepth} levels (VERGE_IMPORT_MAX_DEPTH)` };
  let obj: unknown;
  try {
    obj = JSON.parse(s);
  } catch (e) {
    return { ok: false, message: `malformed JSON: ${clip((e as Error).message)}` };
  }
  if (typeof obj !== "object" || obj === null || Array.isArray(obj))
    return { ok: false, message: `expected a JSON object, got ${obj === null ? "null" : Array.isArray(obj) ? "an array" : typeof obj}` };
  // Numbers JSON.parse may round: a numeric id always, and any run of 16+ digits (in meta) too.
  if (typeof (obj as { id?: unknown }).id !== "number" && !LONG_DIGITS.test(s)) return { ok: true, value: obj as Record<string, unknown>, lossless: false };
  try {
    return { ok: true, value: parseLossless(s) as Record<string, unknown>, lossless: true };
  } catch (e) {
    return { ok: false, message: `malformed JSON: ${clip((e as Error).message)}` };
  }
}
