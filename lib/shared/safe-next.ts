/**
 * The path to go to after sign-in, when `next` is a same-origin relative path; otherwise "/".
 * Browsers read `\` as `/` and drop tabs and newlines inside URLs, so `/\evil.org`, `/\tevil.org` or `//evil.org`
 * would leave the site: any backslash or control character (raw or percent-encoded) is refused outright, and the
 * rest must resolve against a placeholder origin to that same origin.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//")) return "/";
  let decoded = next;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return "/";
  }
  const unsafe = /[\\\u0000-\u001f\u007f]/;
  if (unsafe.test(next) || unsafe.test(decoded) || decoded.startsWith("//")) return "/";
  const base = "http://verge.invalid";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return "/";
  }
  if (url.origin !== base) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
