import { parse } from "content-type";

/**
 * The media type (`type/subtype`, lower case, parameters dropped) of a Content-Type header, or "" when there is
 * none. Parsed by the `content-type` package, so `text/plain; application/json` is `text/plain`: callers compare
 * the result for equality, never by substring.
 */
export function mediaType(header: string | null | undefined): string {
  if (!header) return "";
  try {
    return parse(header).type.trim().toLowerCase();
  } catch {
    return "";
  }
}
