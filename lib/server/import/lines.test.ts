import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { decodeUtf8, splitLines } from "./lines";

async function collect(chunks: (string | number[])[], max = 100) {
  const parts = chunks.map((c) => (typeof c === "string" ? new TextEncoder().encode(c) : new Uint8Array(c)));
  const out = [];
  for await (const l of splitLines(Readable.from(parts), max)) out.push({ line: l.line, text: new TextDecoder().decode(l.bytes), truncated: l.truncated });
  return out;
}

describe("splitLines", () => {
  it("splits LF and CRLF across chunk boundaries and numbers lines from 1", async () => {
    expect(await collect(["ab", "c\r", "\nde\n", "\nf"])).toEqual([
      { line: 1, text: "abc", truncated: false },
      { line: 2, text: "de", truncated: false },
      { line: 3, text: "", truncated: false },
      { line: 4, text: "f", truncated: false },
    ]);
  });

  it("truncates over-long lines without buffering them whole", async () => {
    const out = await collect(["x".repeat(30), "y".repeat(30), "\nok\n"], 40);
    expect(out[0]).toEqual({ line: 1, text: "x".repeat(30) + "y".repeat(10), truncated: true });
    expect(out[1]).toEqual({ line: 2, text: "ok", truncated: false });
  });

  it("keeps multi-byte characters split across chunks intact", async () => {
    const bytes = [...new TextEncoder().encode("é✓\n")];
    expect(await collect([bytes.slice(0, 1), bytes.slice(1, 3), bytes.slice(3)])).toEqual([{ line: 1, text: "é✓", truncated: false }]);
  });
});

describe("decodeUtf8", () => {
  it("returns null for invalid UTF-8", () => {
    expect(decodeUtf8(new Uint8Array([0x68, 0xff]))).toBeNull();
    expect(decodeUtf8(new Uint8Array([0xe2, 0x9c]))).toBeNull();
    expect(decodeUtf8(new TextEncoder().encode("ok ✓"))).toBe("ok ✓");
  });
});
