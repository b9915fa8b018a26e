/** A physical line of an uploaded file: its 1-based number and its raw bytes (without the line break). */
export interface RawLine {
  line: number;
  bytes: Uint8Array;
  /** The line exceeded `maxLineBytes`; `bytes` holds only its start. */
  truncated: boolean;
}

const LF = 10;
const CR = 13;

/**
 * Splits a byte stream into lines without decoding it, so invalid UTF-8 can be reported per line. A line ends at
 * LF, CRLF or a lone CR (classic Mac, old Excel exports), in any mix, also when a CRLF pair straddles two chunks.
 * Memory stays bounded by `maxLineBytes` whatever the file size.
 */
export async function* splitLines(source: AsyncIterable<Uint8Array>, maxLineBytes: number): AsyncGenerator<RawLine> {
  let parts: Uint8Array[] = [];
  let partBytes = 0;
  let truncated = false;
  let line = 1;
  // The previous chunk ended in CR: an LF at the start of the next chunk belongs to that same line break.
  let afterCr = false;
  const take = (chunk: Uint8Array) => {
    if (truncated || chunk.length === 0) return;
    const room = maxLineBytes - partBytes;
    if (chunk.length > room) {
      if (room > 0) parts.push(chunk.subarray(0, room));
      partBytes = maxLineBytes;
      truncated = true;
    } else {
      parts.push(chunk);
      partBytes += chunk.length;
    }
  };
  const flush = (): RawLine => {
    const out = { line, bytes: concat(parts, partBytes), truncated };
    parts = [];
    partBytes = 0;
    truncated = false;
    line++;
    return out;
  };
  for await (const chunk of source) {
    let start = 0;
    if (afterCr && chunk.length > 0) {
      if (chunk[0] === LF) start = 1;
      afterCr = false;
    }
    // Next LF and CR positions are cached so a chunk without CRs is scanned for CR once, not once per line.
    let nextLf = chunk.indexOf(LF, start);
    let nextCr = chunk.indexOf(CR, start);
    for (;;) {
      if (nextLf >= 0 && nextLf < start) nextLf = chunk.indexOf(LF, start);
      if (nextCr >= 0 && nextCr < start) nextCr = chunk.indexOf(CR, start);
      const brk = nextLf < 0 ? nextCr : nextCr < 0 ? nextLf : Math.min(nextLf, nextCr);
      if (brk < 0) break;
      take(chunk.subarray(start, brk));
      yield flush();
      if (chunk[brk] === CR) {
        if (brk + 1 < chunk.length) start = chunk[brk + 1] === LF ? brk + 2 : brk + 1;
        else {
          start = brk + 1;
          afterCr = true;
        }
      } else start = brk + 1;
    }
    if (start < chunk.length) take(chunk.slice(start));
  }
  if (partBytes > 0 || truncated) yield flush();
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Decodes UTF-8 strictly (a leading byte-order mark is dropped); null when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return strict.decode(bytes);
  } catch {
    return null;
  }
}
