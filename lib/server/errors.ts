/** One error type per failure kind; mapped to HTTP once, in lib/server/http.ts. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: unknown) {
    super(400, "invalid_request", message, details);
  }
}
export class EmptyFileError extends AppError {
  constructor(message = "The uploaded file is empty: it holds no rows.") {
    super(400, "empty_file", message);
  }
}
export class BadHeaderError extends AppError {
  constructor(message: string, details?: unknown) {
    super(400, "bad_header", message, details);
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = "Sign in or send a valid API token (Authorization: Bearer <token>).") {
    super(401, "unauthorized", message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = "Your role in this project does not allow this.") {
    super(403, "forbidden", message);
  }
}
export class NotFoundError extends AppError {
  constructor(what: string) {
    super(404, "not_found", `${what} not found.`);
  }
}
export class ConflictError extends AppError {
  constructor(message: string, details?: unknown) {
    super(409, "conflict", message, details);
  }
}
export class UnsupportedMediaTypeError extends AppError {
  constructor(got: string | null, expected: string[]) {
    super(
      415,
      "unsupported_media_type",
      `Content-Type ${got ? JSON.stringify(clip(got)) : "(none)"} is not supported here; send one of: ${expected.join(", ")}.`,
    );
  }
}
export class TooManyRequestsError extends AppError {
  /** `retryAfter`: seconds until the client may try again (sent as the Retry-After header). */
  constructor(
    message: string,
    readonly retryAfter: number,
  ) {
    super(429, "rate_limited", message, { retryAfter });
  }
}
/** An upload over a configured size limit (whole body or one line); the message names the limit and its variable. */
export class PayloadTooLargeError extends AppError {
  constructor(message: string, details?: unknown) {
    super(413, "payload_too_large", message, details);
  }
}
/** A file Verge recognises but cannot read as sent (a JSON array as JSON Lines, CSV as JSONL, a broken encoding). */
export class UnreadableFileError extends AppError {
  constructor(code: string, message: string, details?: unknown) {
    super(400, code, message, details);
  }
}
/** A cookie-authenticated write that a page of another origin (or no identifiable origin) sent. */
export class CrossOriginError extends AppError {
  constructor(reason: string) {
    super(403, "cross_origin", `Refused a cross-origin write: ${reason}. Browsers must send it from Verge's own pages; scripts use Authorization: Bearer <token>.`);
  }
}

/** Longest stretch of a caller's input an error message repeats (a huge value must not come back in the answer). */
export const ECHO_LIMIT = 100;

/** `s` cut to `max` characters with a marker saying how much was left out; safe on lone surrogates. */
export function clip(s: string, max = ECHO_LIMIT): string {
  if (s.length <= max) return s;
  // Never split a surrogate pair: the clipped text must still be valid UTF-16 for JSON and logs.
  let end = max;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${s.slice(0, end)}… (${s.length - end} more characters)`;
}
