/** A physical line of an uploaded file: its 1-based number and its raw bytes (without the line break). */
export interface RawLine {
  line: number;
  bytes: Uint8Array;
  /** The line exceeded `maxLineBytes`; `bytes` holds only its start. */
  truncated: boolean;
}

/**
 * Splits a byte stream into lines (LF or CRLF) without decoding it, so invalid UTF-8 can be reported per line.
 * Memory stays bounded by `maxLineBytes` whatever the file size.
 */
export async function* splitLines(source: AsyncIterable<Uint8Array>, maxLineBytes: number): AsyncGenerator<RawLine> {
  let parts: Uint8Array[] = [];
  let partBytes = 0;
  let truncated = false;
  let line = 1;
  const take = (chunk: Uint8Array) => {
    if (truncated) return;
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
    let bytes = concat(parts, partBytes);
    if (bytes.length > 0 && bytes[bytes.length - 1] === 13 && !truncated) bytes = bytes.subarray(0, bytes.length - 1);
    const out = { line, bytes, truncated };
    parts = [];
    partBytes = 0;
    truncated = false;
    line++;
    return out;
  };
  for await (const chunk of source) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      take(chunk.subarray(start, nl));
      yield flush();
      start = nl + 1;
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

/** Decodes UTF-8 strictly; null when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return strict.decode(bytes);
  } catch {
    return null;
  }
}
