import type { UploadRecord } from "./records";
import { parseJsonObject } from "./json-line";
import { clip } from "./values";

/**
 * Splits a streamed top-level JSON array (`[{…}, {…}]`, as Label Studio exports tasks) into its elements without
 * holding the file: one byte scan tracks nesting and strings, and each element is parsed on its own, so a 1 GiB
 * export costs one element of memory. Each element is yielded with the line it starts on; an element that is not
 * an object, is malformed or is longer than `maxElementBytes` is yielded as an error and the scan goes on.
 * Throws `notArray(firstChar)` when the body does not start with `[`, and `truncated()` when it ends inside the array.
 */
export async function* jsonArrayRecords(
  source: AsyncIterable<Uint8Array>,
  opts: { maxElementBytes: number; maxDepth: number; notArray: (first: string) => Error; truncated: () => Error },
): AsyncGenerator<UploadRecord> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let started = false;
  let ended = false;
  let depth = 0; // 1 inside the array, ≥ 2 inside an element object/array
  let inString = false;
  let escaped = false;
  let line = 1;
  let parts: Uint8Array[] = [];
  let partBytes = 0;
  let tooLong = false;
  let elementLine = 0;
  let scalar = false; // an element that is not an object or array (number, string, literal)

  const finish = (): UploadRecord => {
    const at = elementLine;
    const bytes = parts.length === 1 ? parts[0]! : concat(parts, partBytes);
    parts = [];
    partBytes = 0;
    elementLine = 0;
    if (tooLong) {
      tooLong = false;
      return { line: at, error: `the task is longer than ${opts.maxElementBytes.toLocaleString("en-US")} bytes (VERGE_IMPORT_MAX_LINE_BYTES)` };
    }
    let s: string;
    try {
      s = decoder.decode(bytes);
    } catch {
      return { line: at, error: "invalid UTF-8" };
    }
    if (scalar) {
      scalar = false;
      return { line: at, error: `expected a task object, got ${clip(s.trim())}` };
    }
    const parsed = parseJsonObject(s, opts.maxDepth);
    return parsed.ok ? { line: at, fields: parsed.value, lossless: parsed.lossless } : { line: at, error: parsed.message };
  };
  const keep = (chunk: Uint8Array, from: number, to: number) => {
    if (to <= from || tooLong) return;
    partBytes += to - from;
    if (partBytes > opts.maxElementBytes) {
      tooLong = true;
      parts = [];
      return;
    }
    parts.push(chunk.slice(from, to));
  };

  for await (const chunk of source) {
    let start = elementLine ? 0 : -1; // where the current element's bytes begin in this chunk
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c === 10) line++;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) inString = false;
        continue;
      }
      if (!started) {
        if (c === 32 || c === 9 || c === 10 || c === 13) continue;
        if (c !== 91) throw opts.notArray(String.fromCharCode(c));
        started = true;
        depth = 1;
        continue;
      }
      if (ended) {
        if (c === 32 || c === 9 || c === 10 || c === 13) continue;
        throw opts.notArray("]");
      }
      if (depth === 1) {
        if (scalar && (c === 44 || c === 93)) {
          keep(chunk, start, i);
          start = -1;
          yield finish();
        }
        if (c === 93) {
          ended = true;
          depth = 0;
          continue;
        }
        if (c === 32 || c === 9 || c === 10 || c === 13 || c === 44) continue;
        if (!elementLine) {
          elementLine = line;
          start = i;
          scalar = c !== 123 && c !== 91;
        }
        if (c === 34) inString = true;
        else if (c === 123 || c === 91) depth = 2;
        continue;
      }
      if (c === 34) inString = true;
      else if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        if (--depth === 1) {
          keep(chunk, start, i + 1);
          start = -1;
          yield finish();
        }
      }
    }
    if (start >= 0) keep(chunk, start, chunk.length);
  }
  if (!started) throw opts.notArray("");
  if (!ended) throw opts.truncated();
}

function concat(parts: Uint8Array[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
