import "server-only";
import { PayloadTooLargeError, ValidationError } from "./errors";

const DEFAULT_MAX_JSON_BYTES = 1_048_576;
/** Deepest nesting of arrays and objects a JSON body may have; Verge's bodies are at most 2 deep. */
export const MAX_JSON_DEPTH = 32;

/** The largest JSON request body accepted, in bytes: VERGE_MAX_JSON_BYTES, default 1 MiB. */
export function maxJsonBytes(): number {
  const v = Number(process.env.VERGE_MAX_JSON_BYTES);
  return Number.isInteger(v) && v > 0 ? v : DEFAULT_MAX_JSON_BYTES;
}

/**
 * Refuses a request whose declared Content-Length exceeds `limit` bytes (413) before any of it is read.
 * A missing length (chunked upload) passes: the streaming count in `readBoundedText` catches it.
 */
export function checkContentLength(req: Request, limit: number): void {
  const declared = req.headers.get("content-length");
  if (declared === null) return;
  const n = Number(declared);
  if (!Number.isFinite(n) || n < 0) throw new ValidationError("The Content-Length header is not a byte count.");
  if (n > limit) throw new PayloadTooLargeError(`The request body is larger than ${limit} bytes; send less (the limit is VERGE_MAX_JSON_BYTES).`, { limit });
}

/**
 * The request body as UTF-8 text, read chunk by chunk and abandoned (413) as soon as it passes `limit` bytes,
 * so an oversized body never sits whole in memory or blocks the event loop in one parse.
 */
export async function readBoundedText(req: Request, limit: number): Promise<string> {
  checkContentLength(req, limit);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const decoder = new TextDecoder("utf-8");
  let size = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new PayloadTooLargeError(`The request body is larger than ${limit} bytes; send less (the limit is VERGE_MAX_JSON_BYTES).`, { limit });
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/**
 * Throws a 400 when JSON text nests arrays/objects deeper than `max`; a linear scan that skips strings, run
 * before JSON.parse so no deep structure is ever built.
 */
export function checkJsonDepth(text: string, max = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) throw new ValidationError(`body: JSON nested deeper than ${max} levels`);
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
}
