import { z } from "zod";
import { PayloadTooLargeError } from "../errors";

const positiveInt = z.coerce.number().int().positive();

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const parsed = positiveInt.safeParse(raw);
  if (!parsed.success) {
    console.warn(`${name}=${JSON.stringify(raw.slice(0, 40))} is not a positive integer; using ${fallback}`);
    return fallback;
  }
  return parsed.data;
}

/** Longest accepted snippet text, in UTF-8 bytes (`VERGE_MAX_TEXT_BYTES`, default 100 KiB). */
export function maxTextBytes(): number {
  return envInt("VERGE_MAX_TEXT_BYTES", 102_400);
}

/** Size limits of one upload, read from the environment on each upload so tests and operators can change them. */
export interface UploadLimits {
  /** Bytes of the whole body (items: `VERGE_IMPORT_MAX_BYTES`, scores: `VERGE_SCORES_MAX_BYTES`). */
  maxBytes: number;
  maxBytesVar: string;
  /** Bytes of one physical line or CSV record (`VERGE_IMPORT_MAX_LINE_BYTES`). */
  maxLineBytes: number;
  /** Nesting depth of JSON objects and arrays in one row, the row itself being depth 1 (`VERGE_IMPORT_MAX_DEPTH`). */
  maxDepth: number;
}

/** Limits of a pool import: 1 GiB per upload, lines of twice the text limit plus 64 KiB, JSON depth 32. */
export function itemUploadLimits(): UploadLimits {
  return {
    maxBytes: envInt("VERGE_IMPORT_MAX_BYTES", 1024 ** 3),
    maxBytesVar: "VERGE_IMPORT_MAX_BYTES",
    maxLineBytes: envInt("VERGE_IMPORT_MAX_LINE_BYTES", maxTextBytes() * 2 + 65_536),
    maxDepth: envInt("VERGE_IMPORT_MAX_DEPTH", 32),
  };
}

/** Limits of a scores upload: 256 MiB (the scores are applied in one transaction, so they are held until then). */
export function scoreUploadLimits(): UploadLimits {
  return { ...itemUploadLimits(), maxBytes: envInt("VERGE_SCORES_MAX_BYTES", 256 * 1024 ** 2), maxBytesVar: "VERGE_SCORES_MAX_BYTES" };
}

/** "1,048,576 bytes (1 MiB)"-style text for limit messages. */
export function formatBytes(n: number): string {
  const units = ["KiB", "MiB", "GiB"];
  let v = n;
  let u = "";
  for (const unit of units) {
    if (v < 1024) break;
    v /= 1024;
    u = unit;
  }
  return `${n.toLocaleString("en-US")} bytes${u ? ` (${Number.isInteger(v) ? v : v.toFixed(1)} ${u})` : ""}`;
}

/**
 * Passes a byte stream through while counting it; throws a 413 as soon as it exceeds `limits.maxBytes`, so an
 * oversized body is never buffered. `declared` is the request's Content-Length, checked before reading.
 */
export async function* capBytes(source: AsyncIterable<Uint8Array>, limits: UploadLimits, declared?: number | null): AsyncGenerator<Uint8Array> {
  const tooLarge = () =>
    new PayloadTooLargeError(
      `The upload is larger than ${formatBytes(limits.maxBytes)}, the limit set by ${limits.maxBytesVar}; split the file or raise the limit.`,
      { limit: limits.maxBytes },
    );
  if (declared !== undefined && declared !== null && declared > limits.maxBytes) throw tooLarge();
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > limits.maxBytes) throw tooLarge();
    yield chunk;
  }
}

/** The request's Content-Length when it sent a valid one. */
export function declaredLength(req: Request): number | null {
  const v = req.headers.get("content-length");
  if (v === null || !/^\d+$/.test(v.trim())) return null;
  return Number(v);
}
