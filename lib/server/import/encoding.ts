import { UnreadableFileError } from "../errors";

/**
 * Normalises an upload to UTF-8 bytes: drops a UTF-8 byte-order mark and transcodes UTF-16 files that start with
 * a byte-order mark (FF FE little-endian, FE FF big-endian; what Excel's "Unicode text" and Windows tools save).
 * Spreadsheets and archives (.xlsx, .xls, .zip, .gz) are refused by their signature (400 `binary_file`).
 * Anything else passes through untouched and is validated as UTF-8 line by line. A UTF-16 file with a broken
 * character sequence is a 400 (`bad_encoding`): line numbers cannot be trusted past it.
 */
export async function* toUtf8(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  let head: Uint8Array = new Uint8Array(0);
  let done = false;
  while (head.length < 4 && !done) {
    const n = await it.next();
    if (n.done) done = true;
    else head = join(head, n.value);
  }
  const rest = async function* () {
    if (done) return;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  };
  const binary = BINARY_SIGNATURES.find((b) => b.magic.every((byte, i) => head[i] === byte));
  if (binary)
    throw new UnreadableFileError(
      "binary_file",
      `This is ${binary.what}, not a text file; ${binary.fix}`,
    );
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) head = head.subarray(3);
  // ASCII text saved as UTF-16 without a byte-order mark: every other byte is zero. Its byte order is a guess.
  if (head.length >= 4 && ((head[0] !== 0 && head[1] === 0 && head[2] !== 0 && head[3] === 0) || (head[0] === 0 && head[1] !== 0 && head[2] === 0 && head[3] !== 0)))
    throw new UnreadableFileError(
      "bad_encoding",
      "This file looks like UTF-16 without a byte-order mark; save it as UTF-8 (or as UTF-16 with a byte-order mark).",
    );
  const utf16 = head[0] === 0xff && head[1] === 0xfe ? "utf-16le" : head[0] === 0xfe && head[1] === 0xff ? "utf-16be" : null;
  if (!utf16) {
    if (head.length) yield head;
    yield* rest();
    return;
  }
  const dec = new TextDecoder(utf16, { fatal: true, ignoreBOM: false });
  const enc = new TextEncoder();
  let offset = 0;
  const decode = (bytes?: Uint8Array) => {
    try {
      const s = bytes ? dec.decode(bytes, { stream: true }) : dec.decode();
      offset += bytes?.length ?? 0;
      return enc.encode(s);
    } catch {
      throw new UnreadableFileError(
        "bad_encoding",
        `The file starts like ${utf16.toUpperCase()} (byte-order mark) but holds an invalid ${utf16.toUpperCase()} sequence near byte ${offset.toLocaleString("en-US")}; save it as UTF-8.`,
      );
    }
  };
  yield decode(head);
  for await (const chunk of rest()) yield decode(chunk);
  yield decode();
}

// Files people upload by mistake: spreadsheets and archives. Their first bytes are fixed by their formats.
const BINARY_SIGNATURES = [
  { magic: [0x50, 0x4b, 0x03, 0x04], what: "a ZIP container (an Excel .xlsx workbook or a .zip)", fix: 'save the sheet as "CSV UTF-8" or unpack it first.' },
  { magic: [0xd0, 0xcf, 0x11, 0xe0], what: "an old Excel .xls workbook", fix: 'save the sheet as "CSV UTF-8".' },
  { magic: [0x1f, 0x8b], what: "a gzip archive", fix: "unpack it first (gunzip)." },
];

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
